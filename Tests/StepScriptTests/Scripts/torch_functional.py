import torch
import torch.nn.functional as F
from torch import nn
x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]])
print(F.softmax(x, dim=-1), F.relu(x))
torch.manual_seed(3)
print(F.dropout(torch.ones(2, 4), p=0.5), F.dropout(x, training=False))
torch.manual_seed(1)
lin = nn.Linear(3, 2)
print(F.linear(x, lin.weight, lin.bias), F.linear(x, lin.weight))
print(F.softmax(torch.tensor([1000.0, 1001.0]), dim=0))
print(F.relu(torch.tensor([-1, 0, 2])))
