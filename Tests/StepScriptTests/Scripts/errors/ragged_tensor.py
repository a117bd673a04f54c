import torch

rows = [[1, 2], [3]]
bad = torch.tensor(rows)
print(bad)
