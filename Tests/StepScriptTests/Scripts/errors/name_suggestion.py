import torch

inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66]])
print(inputs.shape)
print(inptus.shape)
