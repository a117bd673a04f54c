import torch
import torch.nn as nn

# A 0-d tensor in an f-string formats as its Python number, with or without a spec.
w = torch.tensor([1.0, 2.0, 3.0]).softmax(dim=0)
print(f"Sum: {w.sum()}")
print(f"at {w.argmax()}, largest {w.max()}, first {w[0]}")
print(f"{w.sum():.2f} {w.argmax():>4} {w[1]:.3e} {w[2]:8.4f}|")
print(f"{torch.tensor(True)} {torch.tensor(0.1)} {torch.tensor(7, dtype=torch.int32)}")
print(f"{torch.tensor(2.5, dtype=torch.float64)} {torch.tensor(0.1, dtype=torch.float16)} {torch.tensor(3):05d}")
big = torch.tensor([9223372036854775807, -9223372036854775807 - 1])
print(f"{big[0]} {big[0]:,} {big[1]:x}")
x = torch.tensor(2.0, requires_grad=True)
print(f"{x} {x * 3} {(x * 3):.1f}")
# Anything else formats as its str with an empty spec.
print(f"{w}")
print(f"weights {w.unsqueeze(0)} shape {w.shape}")
print(f"{torch.tensor([[1, 2], [3, 4]])}")
p = nn.Parameter(torch.tensor(1.5))
print(f"{p}")
print(f"{w.sum()!r} {w.argmax()!s}")
print(f"{torch.tensor(-0.0)} {torch.tensor(float('inf'))} {torch.tensor(1e-8)} {torch.tensor(123456789.0)}")
total = 0.0
for row in torch.tensor([[0.25, 0.75], [0.5, 0.5]]):
    total += row.sum()
    print(f"row sums to {row.sum()}, running {total}")
