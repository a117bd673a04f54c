import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
row = torch.tensor([10.0, 20.0, 30.0])
col = torch.tensor([[1.0], [-1.0]])
print(x + row)
print(x * col)
print(col + row)
print(x - x.mean(dim=1, keepdim=True))
print(x / x.sum(dim=0))
print(x + 1, 1 + x, x * 0.5, 2 * x)
print(x - 1.5, 10 - x, x / 4, 1 / x)
print(x ** 2, 2 ** torch.tensor([0.0, 1.0, 3.0]))
print(x > 2.5, x == 4, x <= row / 10, x != 5)
print((x > 2).sum(), (x > 2).float().mean())
a = torch.ones(2, 1, 3)
b = torch.arange(4.0).view(4, 1)
print((a + b).shape)
print(a * b)
s = torch.tensor(2.0)
print(x * s, (x * s).shape)
t = torch.arange(3)
print(t + 0.5, t * 2, t / 2, t // 2, t - row)
y = torch.zeros(2, 3)
y += row
y *= col
y -= 1
y /= 2
print(y)
print(torch.tensor([1, 2]) * torch.tensor([[3], [4]]))
print(torch.ones(3) @ torch.ones(3), torch.ones(2, 3) @ torch.ones(3))
print(torch.ones(3) @ torch.ones(3, 2), (torch.ones(4, 2, 3) @ torch.ones(3, 5)).shape)
