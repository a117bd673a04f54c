import torch

# PyTorch's type promotion: tensors with dimensions decide, 0-d tensors and Python numbers
# count only when they are of a higher category (bool < integer < floating).
u8 = torch.tensor([1, 200], dtype=torch.uint8)
i8 = torch.tensor([1, -100], dtype=torch.int8)
i32 = torch.tensor([1, 2], dtype=torch.int32)
f16 = torch.tensor([1.0, 2.0], dtype=torch.float16)
bf16 = torch.tensor([1.0, 2.0], dtype=torch.bfloat16)
f64 = torch.tensor([1.0, 2.0], dtype=torch.float64)
f32 = torch.tensor([1.0, 2.0])
print(u8 + i8, i8 + i32, i32 + torch.tensor([1, 2]), f16 + bf16, f16 + f32, f32 + f64)
print(i32 + 5, i32 + 2.5, i32 * True, f16 + 1 / 3, f64 + 0.1, (f64 + 0.1)[0].item())
print(i32 + torch.tensor(5), i32 + torch.tensor(5.0), f32 + torch.tensor(5.0, dtype=torch.float64))
print(torch.tensor(5, dtype=torch.int32) + 5, torch.tensor(5, dtype=torch.int8) + torch.tensor(5, dtype=torch.int32))
print(torch.tensor(2.0, dtype=torch.float64) * i32, torch.tensor(True) + i8)
print(u8 + 300, u8 - 2, i8 + 127, i8 * 2, u8 * -1, -u8, -i8, i8.abs(), torch.tensor([-128], dtype=torch.int8).abs())
print(i32 / 2, i32 / i32, 10 / i32, i32 // 2, 10 // torch.tensor([3, -3], dtype=torch.int32), i32 % 2)
print(torch.tensor([5, -7]) // 2, torch.tensor([5, -7]) % 3, torch.tensor([-7], dtype=torch.int8) // 2)
print(f64 // 2, torch.tensor([5.0, -7.0], dtype=torch.float16) % 3)
print(i32 ** 2, i32 ** 0.5, 2 ** i32, 2.0 ** i32, torch.tensor([2]) ** 70, torch.tensor([3]) ** torch.tensor([2]))
print(i32 == torch.tensor([1.0, 2.5]), i32 < 1.5, u8 > i8, f16 == f64, i32 == torch.tensor([1, 2]))
print(i32.exp(), f64.exp(), f16.exp(), i32.sqrt(), i8.neg(), i32.float().dtype)
print(i32.sum(), u8.sum(), i8.sum().dtype, f16.sum(), bf16.mean(), f64.sum(), (i32 > 1).sum())
print(i32.max(), i32.argmax(), u8.min(), torch.maximum(i32, torch.tensor([0.5, 3.0])))
x = torch.tensor([1, 2], dtype=torch.int32)
x += 3
print(x)
y = torch.tensor([1.0, 2.0], dtype=torch.float16)
y *= 3
y += i32
print(y)
print(torch.cat([i32, f16]), torch.cat([u8, i8]), torch.stack([i32, torch.tensor([3, 4])]))
