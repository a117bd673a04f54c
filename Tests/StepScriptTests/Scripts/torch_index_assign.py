import torch

x = torch.zeros(3, 4)
x[0] = 5
x[1, 2] = -1.5
x[:, 3] = 7
print(x)
x[2, :2] = torch.tensor([8.0, 9.0])
x[1:, 1] = torch.tensor([0.25, 0.75])
print(x)
x[0, ::2] = 2
x[-1] = x[0] * 10
print(x)

# a slice is a view: writing through it changes the base
row = x[1]
row[0] = 100
print(x[1])
col = x[:, 0]
col[2] = -3
print(x)
sub = x[1:, 2:]
sub[0, 0] = 11
print(x)
sub *= 2
print(x)
row += 1
print(x)
v = x.view(12)
v[0] = 42
print(x[0, 0], v.shape)
t = x.T
t[0, 1] = 0.5
print(x[1, 0])
e = torch.empty(2, 3)
for i in range(2):
    for j in range(3):
        e[i, j] = i * 10 + j
print(e)
ints = torch.zeros(4, dtype=torch.float32)
ints[1:3] = 1
print(ints)
n = torch.arange(6)
n[2] = 9
n[-1] = n[0] + 20
print(n)
