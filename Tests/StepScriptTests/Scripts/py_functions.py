import torch

def scale(x, factor=2, offset=0.0):
    return x * factor + offset

print(scale(3))
print(scale(3, 10))
print(scale(3, offset=0.5))
print(scale(factor=3, x=4))
print(scale(1.5, 2, 1))

def min_max(values):
    lo = values[0]
    hi = values[0]
    for v in values:
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    return lo, hi

result = min_max([3, -1, 7, 2])
print(result)
lo, hi = min_max([0.5, 0.25, 0.75])
print(lo, hi)

def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)

print(factorial(10), factorial(20))

def describe(name, dims=(6, 3), verbose=False):
    text = f"{name}: {dims[0]}x{dims[1]}"
    if verbose:
        text = text + " (verbose)"
    return text

print(describe("inputs"))
print(describe("weights", (3, 2), verbose=True))

def nothing():
    pass

print(nothing())

def apply_twice(f, x):
    return f(f(x))

def inc(x):
    return x + 1

print(apply_twice(inc, 5), apply_twice(scale, 1))
print(apply_twice(torch.exp, torch.tensor([0.0, 1.0])))
