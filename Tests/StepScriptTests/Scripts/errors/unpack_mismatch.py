import torch

batch = torch.ones(2, 6, 3)
b, n, d = batch.shape
print(b, n, d)
b, n = batch.shape
