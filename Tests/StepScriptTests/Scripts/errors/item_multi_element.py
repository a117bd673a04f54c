import torch

scores = torch.tensor([0.9544, 1.4950, 1.4754])
print(scores[0].item())
print(scores.item())
