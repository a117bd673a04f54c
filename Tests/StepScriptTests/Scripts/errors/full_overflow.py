import torch

print(torch.full((2,), -128, dtype=torch.int8))
x = torch.full((2,), 128, dtype=torch.int8)
