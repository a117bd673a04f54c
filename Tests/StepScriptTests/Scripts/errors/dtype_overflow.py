import torch

print(torch.tensor([-255, 255], dtype=torch.uint8))
pixels = torch.tensor([0, 128, 300], dtype=torch.uint8)
