import torch
import torch.nn as nn


class Point:
    pass


print(type(3), type(2.0), type("s"), type([]), type(()), type({}), type(True))
print(type(torch.ones(1)), type(nn.Parameter(torch.ones(1))), type(torch.ones(1).shape))
print(type(Point()), type(nn.Linear(1, 1)), type(None))
print(type(3) == int, type(3) is int, type(2.0) == int, type(3).__name__)
print(isinstance(torch.ones(2).shape, torch.Size), isinstance(torch.ones(2).shape, tuple))
print(isinstance(nn.Parameter(torch.ones(1)), torch.Tensor), isinstance(torch.ones(1), nn.Parameter))
print(int, float, torch.Tensor, torch.Size, nn.Linear, Point)
