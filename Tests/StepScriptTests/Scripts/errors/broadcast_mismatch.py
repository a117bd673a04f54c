import torch

a = torch.zeros(2, 3)
print(a + torch.ones(3))
b = a + torch.ones(4)
