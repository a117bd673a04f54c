import torch

x = torch.arange(6)
print(x[5])
print(x[6])
