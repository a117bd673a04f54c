import torch

a = torch.ones(2, 3)
print(torch.dot(a[0], a[1]))
print(torch.dot(a, a))
