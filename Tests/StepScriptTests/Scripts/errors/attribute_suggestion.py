import torch
import torch.nn as nn

layer = nn.Linear(3, 2)
print(layer.wieght.shape)
