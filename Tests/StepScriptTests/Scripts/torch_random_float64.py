import torch

# float64 draws: 53-bit uniforms, and normals from PyTorch's double kernels.
torch.manual_seed(123)
print(torch.rand(3, dtype=torch.float64).tolist())
print(torch.randn(3, dtype=torch.float64).tolist())
print(torch.randn(5, dtype=torch.float64).tolist())
print(torch.randn(20, dtype=torch.float64).tolist())
print(torch.randn(37, dtype=torch.float64)[-5:].tolist())
print(torch.rand(2, 3), torch.randn(2, 2, dtype=torch.float64))
x = torch.randn(1000, dtype=torch.float64)
print(x[500:504].tolist(), x.abs().max().item())
print(torch.zeros(2, dtype=torch.float64), torch.ones(2, 2, dtype=torch.int8), torch.empty(0, dtype=torch.int32))
torch.manual_seed(1)
drop = torch.nn.Dropout(0.3)
print(drop(torch.ones(8, dtype=torch.float64)).tolist())
print(drop(torch.ones(20, dtype=torch.float16)))
print(torch.equal(torch.tensor([2**53]), torch.tensor([2**53 + 1])), torch.equal(torch.tensor([1]), torch.tensor([1.0])))
