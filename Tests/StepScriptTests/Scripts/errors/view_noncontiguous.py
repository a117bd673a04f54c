import torch

x = torch.arange(6.0).view(2, 3)
t = x.T
print(t.contiguous().view(6))
flat = t.view(6)
