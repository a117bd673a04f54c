import torch

x = torch.arange(12.0)
v = x.view(3, 4)
v[0, 0] = 100
print(x)
r = x.reshape(4, 3)
r[1, 1] = -1
print(x[4], v)
t = v.transpose(0, 1)
print(t.shape, t)
t[0, 2] = 55
print(v)
c = t.contiguous()
c[0, 0] = 0
print(v[0, 0], c[0, 0])
flat = t.reshape(12)
print(flat)
print(v.T.contiguous().view(2, 6))
b = torch.arange(24).view(2, 3, 4)
print(b.transpose(1, 2).shape, b.transpose(0, 2).contiguous().view(4, 6))
print(b.view(2, -1), b.view(-1, 4).shape, b.reshape(6, -1).shape)
heads = torch.arange(8.0).view(1, 2, 2, 2)
print(heads.transpose(1, 2))
print(heads.transpose(1, 2).contiguous().view(1, 2, 4))
m = torch.ones(3, 3)
d = m.detach()
d[1, 1] = 5
print(m)
s = m[1:, 1:]
s.masked_fill_(torch.tensor([[True, False], [False, True]]), 0)
print(m)
