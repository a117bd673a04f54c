import torch

scores = torch.ones(3, 3)
mask = torch.triu(torch.ones(3, 3), diagonal=1)
print(scores.masked_fill(mask.bool(), -torch.inf))
masked = scores.masked_fill(mask, -torch.inf)
