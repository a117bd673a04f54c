import torch
import torch.nn as nn

torch.manual_seed(123)
layer = nn.Linear(3, 2)
print(layer.weight)
print(layer.bias)
print(layer.weight.shape, layer.bias.shape, layer.weight.requires_grad)
x = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66]])
print(layer(x))
print(x @ layer.weight.T + layer.bias)
print(torch.allclose(layer(x), x @ layer.weight.T + layer.bias))
for p in layer.parameters():
    print(p.shape, p.numel())

class TwoLayer(nn.Module):
    def __init__(self, d_in, d_hidden, d_out, p=0.5):
        super().__init__()
        self.first = nn.Linear(d_in, d_hidden)
        self.second = nn.Linear(d_hidden, d_out, bias=False)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return self.second(self.drop(self.first(x)))

torch.manual_seed(1)
model = TwoLayer(3, 4, 2)
total = 0
for p in model.parameters():
    total += p.numel()
    print(p.shape)
print("total parameters:", total)
model.eval()
print(model(x))
print(model(x))
model.train()
torch.manual_seed(5)
print(model(x))

layers = nn.ModuleList([nn.Linear(2, 2, bias=False) for i in range(3)])
print(len(layers))
h = torch.ones(1, 2)
for i, lin in enumerate(layers):
    h = lin(h)
    print(i, h)
print(layers[-1].weight.detach())
w = nn.Parameter(torch.zeros(2, 2))
print(w, w.requires_grad, nn.Parameter(torch.ones(1), requires_grad=False))
