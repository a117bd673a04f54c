import torch

w = torch.tensor([0.25, 0.75])
print(f"{w.sum():.2f}")
print(f"{w:.2f}")
