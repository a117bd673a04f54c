import torch

mask = torch.tensor([True, False, True])
print(mask + mask)
flipped = 1 - mask
print(flipped)
