import torch

# Integer tensors hold exact 64-bit integers and wrap as int64 does.
big = 9223372036854775807
t = torch.tensor([big, 1, -big - 1])
print(t, t.dtype, t.tolist(), t[0].item(), t[0].item() == big)
print(torch.tensor([2**53 + 1]), torch.tensor([2**53 + 1]).float(), torch.tensor([2**53 + 1]).double().item())
print(t + 1, t - 1, t * 2, -t, t.abs())
print(torch.tensor([big, 1]).sum(), torch.tensor([2**62]) * 4, torch.tensor(-big - 1) - 1)
print(t.max(), t.min(), t.argmax(), t.argmin(), t[1:], t.reshape(3, 1))
print(torch.tensor([[2**62, 1]]) @ torch.tensor([[4], [1]]), torch.tensor([2**40, 3]).dot(torch.tensor([2**30, 1])))
a = torch.arange(2**62, 2**62 + 4)
print(a, a[-1].item() - 2**62, torch.arange(10, -10, -7), torch.arange(big - 2, big))
print(torch.full((2,), big), torch.zeros(2, dtype=torch.int64) + big, torch.tensor(big) // 2, torch.tensor(big) % 10)
print(torch.cat([t, torch.tensor([5])]), torch.stack([t, t]).shape, torch.where(t > 0, t, 0))
m = torch.tensor([0, 0, 0])
m[1] = big
m[2:] = torch.tensor([2**60 + 1])
print(m, m.masked_fill(m == 0, -big), m.unsqueeze(0).tril())
print(int(t[0]), t[0] == big, t[0] > big - 1, t == torch.tensor([big, 1, 0]))
print(torch.tensor([3, 1, 2])[torch.tensor([2, 0])], t[t > 0], t.clone(), t.view(3, 1).T)
print(torch.tensor([1.5, 2.5]) * torch.tensor([big, 2]), torch.tensor([big]) / 2, torch.tensor([big]) > 9.2e18)
