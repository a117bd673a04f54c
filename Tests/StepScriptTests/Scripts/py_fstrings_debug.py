import torch

x = 5
y = 2.5
name = "attention"
print(f"{x=}", f"{y = :.2f}", f"{x!r:>4}|", f"{{x}}")
print(f"{x:#x}", f"{y:08.3f}", f"{-y:+}", f"{x:^7}|")
print(f"{1e6:,}", f"{0.5:.0%}", f"{123:_}", f"{y:G}", f"{1/3:.3}", f"{10:b}")
print(f"{x == 5}", f"{x != 3=}", f"{x >= 2 = }", f"{name=}", f"{name[:4]!s:>6}")
scores = torch.tensor([0.9544, 1.4950])
print(f"{scores.sum().item()=:.4f}", f"{scores.shape=}")
