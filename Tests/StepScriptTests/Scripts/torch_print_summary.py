import torch

print(torch.arange(2000))
print(torch.ones(40, 40))
print(torch.arange(1200.0).view(30, 40) / 7)
print(torch.zeros(11, 10, 10))
print(torch.arange(1001))
x = torch.arange(1000)
print(x)
print(x.view(10, 100))
big = torch.arange(3000.0).view(3, 1000) * 0.001
print(big)
print(torch.ones(2000, requires_grad=True) * 2)
print(torch.arange(1010.0) > 500)
print(torch.arange(1024.0).view(2, 2, 2, 128) * 1e-6)
print(torch.ones(1001).sum(), torch.ones(33, 33).shape)
