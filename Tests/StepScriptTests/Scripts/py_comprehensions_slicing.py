import torch

squares = [i * i for i in range(6)]
print(squares)
print([x for x in squares if x % 2 == 0])
print([[i * j for j in range(3)] for i in range(3)])
print([(i, c) for i, c in enumerate("abc")])
print([a + b for a, b in zip([1, 2, 3], [10, 20, 30])])
print([x * 0.5 for x in [1, 2, 3]])

xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7])
print(xs[::2], xs[1::3], xs[::-1], xs[8:2:-2], xs[-1:-4:-1])
print(xs[100:], xs[-100:2], xs[5:5])
word = "attention"
print(word[0], word[-1], word[2:5], word[::-1], word[::3])
t = (10, 20, 30, 40)
print(t[1:3], t[::-1])

a, b = 1, 2
a, b = b, a
print(a, b)
first, second, third = [7, 8, 9]
print(first, second, third)
(p, q), r = (1, 2), 3
print(p, q, r)
for i, (x, y) in enumerate(zip("xy", [0.5, 1.5])):
    print(i, x, y)
pairs = [(1, "one"), (2, "two")]
for num, name in pairs:
    print(num, name)
rows = [[1, 2], [3, 4], [5, 6]]
print([r[0] for r in rows], [sum(r) for r in rows])
flat = [v for r in rows for v in r]
print(flat, len(flat))
shape = torch.Size([2, 6, 3])
b_, n_, d_ = shape
print(b_, n_, d_)
