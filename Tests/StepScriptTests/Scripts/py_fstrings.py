import torch

x = 3.14159265
n = 42
s = "attn"
neg = -0.0123
print(f"{x:.4f}|{x:>8.3f}|{n:3d}|{x:e}|{x:.2%}|{s:<10}|")
print(f"{x:.2e}|{neg:.3f}|{neg:8.2f}|{n:5}|{n:<5}|{n:^7}|{n:05d}|")
print(f"{s:>10}|{s:^10}|{s}|{n}|{x}|{neg}")
print(f"{0.5:.0f} {1.5:.0f} {2.5:.0f} {2.675:.2f} {1e-5:.3e}")
print(f"{1234567.891:,.2f} {n:+d} {x:+.2f} {-n:d}")
print(f"{0.1 + 0.2}, {1/3:.10f}, {2**0.5:.6g}, {1e20:g}, {123.0:g}")
print(f"{0.25:%} {0.0:.1%} {1:.1%}")
print(f"{True} {None} {[1, 2]} {(3, 4)} {'nested'}")
print(f"{n * 2 + 1} {x * 2:.3f} {len(s)} {s + '!'}")
print(f"[{s:>12}]")
for i, v in enumerate([0.1385, 0.2379, 0.2333]):
    print(f"token {i}: weight {v:.2f} ({v:6.1%})")
t = torch.tensor([0.1385, 0.2379, 0.2333])
print(f"sum={t.sum().item():.4f} max={t.max().item():.3f}")
print(f"{t.sum():.4f} {t[1]:.2e}")
print(f"tensor: {t}")
print(f"shape {t.shape} dim {t.dim()}")
print(f"{'left':<6}|{'right':>6}|{'mid':^6}|")
print(f"{5:3d}{6:3d}{7:3d}")
print(f"{-5:4d}|{-5.5:6.2f}|{x:10.4e}|")
