import torch

x = torch.ones(6, 3)
assert x.shape == (6, 3), "first check passes"
print("shape ok:", x.shape)
assert x.shape[1] == 2, f"expected 2 columns, got {x.shape[1]}"
