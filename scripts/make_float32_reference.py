#!/usr/bin/env python3
"""Writes Tests/TensorCoreTests/Reference/float32-reference.json from real PyTorch (CPU).

`Float32ArithmeticTests` checks that TensorCore's float32 sums, means, variances, softmax and
matrix products are bit-identical to PyTorch's. PyTorch accumulates in float32 in a fixed order
(cascade sums, vectorised softmax with SLEEF's exp, MKL's sgemm/sgemv/sdot kernels), so the
expected bits must come from PyTorch itself. Run on the reference machine (x86-64, AVX2, MKL
build of PyTorch; the results of MKL and of the vectorised kernels depend on the CPU path):
    python3 scripts/make_float32_reference.py > Tests/TensorCoreTests/Reference/float32-reference.json

Inputs are not stored: each tensor is described by a seed and a layout, and both this script and
the Swift test rebuild its values with the same splitmix64 generator, building every float from
its bits (random sign, exponent in [emin, emax], 23 random mantissa bits) so the values are
exact and exercise rounding. A tensor is a view (shape, strides, offset) into a 1-D storage of
such values (made positive where `positive` is set), so transposed and offset views (which change PyTorch's summation order and MKL's
kernels) are covered too. Expected results are base64 of little-endian float32 bytes.
"""
import base64
import json
import math
import struct
import sys

import numpy as np
import torch

MASK64 = (1 << 64) - 1


def splitmix64(state):
    """One splitmix64 step: returns (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def values(seed, count, emin, emax):
    """`count` float32 values built from bits; mirrored by `ReferenceValues` in the Swift test."""
    state = seed
    out = np.empty(count, dtype=np.uint32)
    span = emax - emin + 1
    for i in range(count):
        state, u = splitmix64(state)
        sign = u >> 63
        exponent = emin + ((u >> 32) & 0xFFFF) % span
        out[i] = (sign << 31) | ((127 + exponent) << 23) | (u & 0x7FFFFF)
    return out.view(np.float32)


def contiguous_strides(shape):
    strides, s = [], 1
    for d in reversed(shape):
        strides.insert(0, s)
        s *= max(d, 1)
    return strides


class Specs:
    """Hands out tensor descriptions with fresh seeds."""

    def __init__(self):
        self.seed = 1

    def make(self, shape, emin=-3, emax=3, strides=None, offset=0, storage=None, grad=False, special=None):
        self.seed += 1
        strides = strides if strides is not None else contiguous_strides(shape)
        if storage is None:
            storage = offset + (1 + sum((d - 1) * s for d, s in zip(shape, strides)) if all(shape) else 0)
        spec = {"seed": self.seed, "emin": emin, "emax": emax, "storage": storage,
                "shape": shape, "strides": strides, "offset": offset}
        if grad:
            spec["grad"] = True
        if special:
            # [storage index, "inf" / "-inf" / "nan"] pairs written over the generated values.
            spec["special"] = special
        return spec

    def transposed(self, shape, d0, d1, **kw):
        """A transposed view: storage laid out for `shape` with `d0` and `d1` swapped."""
        base = list(shape)
        base[d0], base[d1] = base[d1], base[d0]
        strides = contiguous_strides(base)
        strides[d0], strides[d1] = strides[d1], strides[d0]
        return self.make(list(shape), strides=strides, **kw)


def build(spec):
    data = values(spec["seed"], spec["storage"], spec["emin"], spec["emax"]).copy()
    if spec.get("positive"):
        data = np.abs(data)
    for index, text in spec.get("special", []):
        data[index] = float(text)
    base = torch.from_numpy(data)
    if spec.get("grad"):
        base.requires_grad_(True)
    return base.as_strided(spec["shape"], spec["strides"], spec["offset"])


def encode(t):
    flat = t.detach().contiguous().reshape(-1).numpy().astype("<f4")
    return base64.b64encode(flat.tobytes()).decode("ascii")


def run(case):
    op = case["op"]
    if op in ("matmul", "dot"):
        a, b = build(case["a"]), build(case["b"])
        return torch.dot(a, b) if op == "dot" else a @ b
    x = build(case["x"])
    dim = case.get("dim")
    if op == "sum":
        return x.sum() if dim is None else x.sum(dim)
    if op == "mean":
        return x.mean() if dim is None else x.mean(dim)
    if op in ("var", "std"):
        f = torch.var if op == "var" else torch.std
        unbiased = case.get("unbiased", True)
        return f(x, unbiased=unbiased) if dim is None else f(x, dim, unbiased=unbiased)
    if op == "softmax":
        return torch.softmax(x, dim)
    if op == "exp":
        return torch.exp(x)
    if op == "log":
        return torch.log(x)
    raise ValueError(op)


def reduction_cases(specs, rng):
    cases = []

    def add(op, name, x, dim=None, **extra):
        cases.append(dict(op=op, name=name, x=x, dim=dim, **extra))

    # Every length up to 70 (the vector, tail and cascade boundaries), then longer rows.
    for n in list(range(1, 71)) + [96, 127, 128, 129, 255, 256, 257, 500, 1000, 1023, 2048, 4097, 10000]:
        add("sum", f"sum[{n}]", specs.make([n]))
    add("sum", "sum[6] mixed magnitudes", specs.make([6], emin=-20, emax=20))
    add("sum", "sum[1000] mixed magnitudes", specs.make([1000], emin=-12, emax=12))
    shapes2 = [(2, 3), (6, 3), (3, 6), (6, 6), (6, 2), (4, 8), (8, 4), (7, 9), (9, 7), (5, 31), (31, 5),
               (16, 16), (17, 33), (33, 17), (64, 64), (3, 100), (100, 3), (40, 40), (2, 3000), (3000, 2)]
    for r, c in shapes2:
        x = specs.make([r, c])
        add("sum", f"sum[{r},{c}]", x)
        add("sum", f"sum[{r},{c}] dim0", x, 0)
        add("sum", f"sum[{r},{c}] dim1", x, 1)
        t = specs.transposed([r, c], 0, 1)
        add("sum", f"sum[{r},{c}]ᵀview", t)
        add("sum", f"sum[{r},{c}]ᵀview dim0", t, 0)
        add("sum", f"sum[{r},{c}]ᵀview dim1", t, 1)
    for shape in [(2, 6, 3), (2, 3, 6), (4, 5, 9), (3, 16, 10), (10, 3, 40), (2, 2, 6, 2), (5, 1, 7), (1, 9, 1)]:
        x = specs.make(list(shape))
        add("sum", f"sum{list(shape)}", x)
        for d in range(len(shape)):
            add("sum", f"sum{list(shape)} dim{d}", x, d)
        t = specs.transposed(list(shape), 0, len(shape) - 1)
        add("sum", f"sum{list(shape)}ᵀview", t)
        for d in range(len(shape)):
            add("sum", f"sum{list(shape)}ᵀview dim{d}", t, d)
    # Past 32768 elements PyTorch splits sums between threads (two-pass or by columns).
    add("sum", "sum[40000] two threads", specs.make([40000]))
    add("sum", "sum[300,200] dim0 split by columns", specs.make([300, 200]), 0)
    add("sum", "sum[200,300]ᵀview dim1 split by columns", specs.transposed([200, 300], 0, 1), 1)
    # Column slices: a row stride larger than the row.
    add("sum", "sum column slice dim1", specs.make([6, 2], strides=[3, 1]), 1)
    add("sum", "sum column slice dim0", specs.make([6, 2], strides=[3, 1], offset=1), 0)
    add("sum", "sum 0-d", specs.make([]))
    add("sum", "sum with inf and nan", specs.make([20], special=[[3, "inf"], [11, "nan"]]))

    for shape in [(6,), (7,), (64,), (1000,), (6, 3), (3, 6), (17, 33), (2, 6, 3)]:
        x = specs.make(list(shape))
        add("mean", f"mean{list(shape)}", x)
        for d in range(len(shape)):
            add("mean", f"mean{list(shape)} dim{d}", x, d)
    add("mean", "mean[6,3]ᵀview dim0", specs.transposed([6, 3], 0, 1), 0)

    for op in ("var", "std"):
        for shape in [(2,), (6,), (31,), (500,), (6, 3), (3, 6), (17, 33), (1, 7), (2, 6, 3)]:
            x = specs.make(list(shape), emin=-2, emax=2)
            add(op, f"{op}{list(shape)}", x)
            add(op, f"{op}{list(shape)} biased", x, unbiased=False)
            for d in range(len(shape)):
                add(op, f"{op}{list(shape)} dim{d}", x, d)
        add(op, f"{op}[6,3]ᵀview", specs.transposed([6, 3], 0, 1))
        add(op, f"{op}[6,3]ᵀview dim1", specs.transposed([6, 3], 0, 1), 1)
        add(op, f"{op}[40] offset mean", specs.make([40], emin=-4, emax=0), None)
    return cases


def softmax_cases(specs, rng):
    cases = []

    def add(name, x, dim):
        cases.append(dict(op="softmax", name=name, x=x, dim=dim))

    # Attention-sized rows: every length 1-64 at a few scales (|x| below 2^emax+1).
    for n in range(1, 65):
        for emax in (-1, 1, 3):
            add(f"softmax[3,{n}] scale 2^{emax}", specs.make([3, n], emin=-8, emax=emax), -1)
    for n in (100, 255, 256, 1000):
        add(f"softmax[2,{n}]", specs.make([2, n], emin=-6, emax=2), -1)
    add("softmax[2,6,6]", specs.make([2, 6, 6], emin=-6, emax=1), -1)
    add("softmax[2,2,6,6]", specs.make([2, 2, 6, 6], emin=-6, emax=1), -1)
    # A causal mask: -inf above the diagonal.
    mask = [[i * 6 + j, "-inf"] for i in range(6) for j in range(6) if j > i]
    add("softmax causal [6,6]", specs.make([6, 6], emin=-6, emax=1, special=mask), -1)
    add("softmax all -inf row", specs.make([2, 5], special=[[i, "-inf"] for i in range(5)]), -1)
    add("softmax nan", specs.make([2, 9], special=[[3, "nan"]]), -1)
    add("softmax 0-d", specs.make([]), 0)
    add("softmax[6] dim0", specs.make([6], emin=-6, emax=1), 0)
    # Other dimensions: inner sizes below, at and above the vector width of 8.
    for shape, dim in [((6, 2), 0), ((6, 8), 0), ((6, 10), 0), ((5, 17), 0), ((3, 4, 5), 0), ((3, 4, 5), 1),
                       ((2, 6, 6), 1), ((2, 6, 6), 0), ((4, 9, 16), 1), ((2, 3, 1), 1), ((7, 1), 0), ((64, 33), 0),
                       ((5, 9), 0), ((5, 15), 0), ((5, 16), 0), ((5, 17), 0), ((5, 24), 0), ((5, 31), 0), ((5, 40), 0),
                       ((3, 10, 20), 1), ((2, 12, 12), 1), ((100, 80), 0)]:
        add(f"softmax{list(shape)} dim{dim}", specs.make(list(shape), emin=-6, emax=2), dim)
    add("softmax[6,3]ᵀview dim1", specs.transposed([6, 3], 0, 1, emin=-6, emax=1), 1)
    add("softmax[6,3]ᵀview dim0", specs.transposed([6, 3], 0, 1, emin=-6, emax=1), 0)
    return cases


def matmul_cases(specs, rng):
    cases = []

    def add(name, a, b, op="matmul"):
        cases.append(dict(op=op, name=name, a=a, b=b))

    def mat(shape, layout="n", **kw):
        return specs.transposed(list(shape), -2 + len(shape), -1 + len(shape), **kw) if layout == "t" else specs.make(list(shape), **kw)

    # The book's shapes.
    for (m, k, n) in [(6, 3, 2), (6, 2, 6), (6, 6, 2), (6, 6, 3), (6, 3, 6), (1, 3, 2), (1, 6, 3), (2, 3, 2), (6, 2, 1)]:
        for la, lb in [("n", "n"), ("n", "t")]:
            add(f"mm[{m},{k}]{la}@[{k},{n}]{lb}", mat([m, k], la, emin=-3, emax=0), mat([k, n], lb, emin=-3, emax=0))
    # Random shapes up to 64 in every layout, plus the edges of MKL's kernel choice.
    edges = [(4, 8, 12), (3, 8, 12), (4, 8, 11), (5, 8, 17), (5, 17, 12), (9, 33, 20), (13, 40, 20), (11, 20, 40),
             (64, 64, 64), (8, 64, 1), (1, 64, 8), (1, 1, 1), (7, 1, 9), (12, 5, 12), (6, 4, 6), (5, 9, 9)]
    for m, k, n in edges:
        layouts = [("n", "n"), ("n", "t")] if m * n > 1000 else [("n", "n"), ("n", "t"), ("t", "n"), ("t", "t")]
        for la, lb in layouts:
            add(f"mm[{m},{k}]{la}@[{k},{n}]{lb}", mat([m, k], la), mat([k, n], lb))
    for i in range(48):
        m, n = (int(v) for v in rng.integers(1, 49, 2))
        k = int(rng.integers(1, 65))
        la, lb = ["nn", "nt", "tn", "tt"][i % 4]
        add(f"mm[{m},{k}]{la}@[{k},{n}]{lb}", mat([m, k], la), mat([k, n], lb))
    # Long rows: MKL's packed kernel chains up to 192 terms before it blocks k.
    for m, k, n in [(8, 150, 16), (6, 192, 12), (5, 100, 20)]:
        for la, lb in [("n", "n"), ("n", "t")]:
            add(f"mm[{m},{k}]{la}@[{k},{n}]{lb}", mat([m, k], la), mat([k, n], lb))
    # One-element results and single columns in every layout.
    for k in (12, 21):
        for la, lb in [("n", "n"), ("n", "t"), ("t", "n"), ("t", "t")]:
            add(f"mm[1,{k}]{la}@[{k},1]{lb}", mat([1, k], la), mat([k, 1], lb))
    add("bmm transposed single column", specs.make([3, 15, 28]), specs.transposed([3, 28, 1], 1, 2))
    add("bmm transposed single column offsets", specs.make([3, 15, 30]), specs.transposed([3, 30, 1], 1, 2))
    # Offset views (rows of a bigger matrix) move the alignment MKL peels to.
    for off in (1, 2, 3, 5):
        add(f"mm offset {off} nn", specs.make([7, 13], offset=off), specs.make([13, 9]))
        add(f"mm offset {off} nt", specs.make([7, 13], offset=off), specs.transposed([13, 9], 0, 1))
        add(f"mm offset {off} n=1", specs.make([9, 21], offset=off), specs.make([21, 1]))
        add(f"mm row stride {off} nt", specs.make([5, 11], strides=[11 + off, 1]), specs.transposed([11, 6], 0, 1))
    # Vectors.
    for k in list(range(1, 20)) + [24, 31, 32, 33, 40, 64, 100, 768]:
        add(f"dot[{k}]", specs.make([k]), specs.make([k]), op="dot")
    for xo, yo in [(1, 0), (0, 1), (1, 1), (2, 3), (3, 3)]:
        add(f"dot[40] offsets {xo},{yo}", specs.make([40], offset=xo), specs.make([40], offset=yo), op="dot")
    add("dot strided", specs.make([9], strides=[2]), specs.make([9]), op="dot")
    for off in (1, 2, 3):
        add(f"mv offset {off}", specs.make([9, 13], offset=off), specs.make([13]))
    for m, k in [(2, 3), (6, 3), (1, 44), (9, 13), (31, 27), (64, 64)]:
        add(f"mv[{m},{k}]@[{k}]", specs.make([m, k]), specs.make([k]))
        add(f"mv[{m},{k}]ᵀview@[{k}]", specs.transposed([m, k], 0, 1), specs.make([k]))
        add(f"vm[{m}]@[{m},{k}]", specs.make([m]), specs.make([m, k]))
        add(f"vm[{k}]@[{m},{k}]ᵀview", specs.make([k]), specs.transposed([k, m], 0, 1))
    # Batched: the book's multi-head shapes, bmm's small loop and its MKL path.
    batched = [([2, 6, 2], [2, 2, 6]), ([2, 6, 6], [2, 6, 2]), ([2, 2, 6, 1], [2, 2, 1, 6]), ([2, 2, 6, 6], [2, 2, 6, 1]),
               ([2, 6, 3], [3, 2]), ([4, 2, 3], [3, 5]), ([3], [2, 3, 4]), ([2, 3, 4], [4]), ([3, 4], [2, 4, 5]),
               ([2, 4, 10, 10], [2, 4, 10, 10]), ([3, 9, 11], [3, 11, 4]), ([2, 10, 15], [2, 15, 19]),
               ([3, 13, 40], [3, 40, 1]), ([1, 20, 20], [1, 20, 20]), ([2, 20, 30], [1, 30, 20]), ([1, 8, 9], [3, 9, 16])]
    for sa, sb in batched:
        add(f"matmul{sa}@{sb}", specs.make(sa), specs.make(sb))
    # Folding into one mm: a leading size-1 dimension folds whatever its stride; padded rows
    # (row stride above the row length) change gemv's leading terms.
    add("matmul[1,7,2]ᵀview@[2,20]", specs.transposed([1, 7, 2], 1, 2), specs.make([2, 20]))
    add("matmul[3,7,30] every other row @[30]", specs.make([3, 7, 30], strides=[420, 60, 1]), specs.make([30]))
    add("mv padded rows", specs.make([9, 13], strides=[16, 1]), specs.make([13]))
    for k in (18, 22):
        add(f"matmul[3,1,{k}]@[3,{k},23]ᵀview", specs.make([3, 1, k]), specs.transposed([3, k, 23], 1, 2))
    # Transposed keys, as in queries @ keys.transpose(-2, -1).
    for b, h, t, d in [(2, 2, 6, 1), (2, 2, 6, 3), (2, 4, 16, 8), (1, 2, 32, 16)]:
        add(f"q@kᵀ[{b},{h},{t},{d}]", specs.make([b, h, t, d]), specs.transposed([b, h, d, t], 2, 3))
    # requires_grad changes matmul's path (should_fold), and so the kernels.
    for sa, sb in [([2, 6, 3], [3, 2]), ([3, 4], [2, 4, 5]), ([5, 17, 12], [12, 13]), ([1, 20, 20], [3, 20, 20])]:
        add(f"matmul{sa}@{sb} grad", specs.make(sa), specs.make(sb, grad=True))
        add(f"matmul{sa}ᵀ@{sb} grad", specs.transposed(sa, -2 + len(sa), -1 + len(sa), grad=True), specs.make(sb))
    return cases


def elementwise_cases(specs, rng):
    cases = []
    for emin, emax in [(-6, 1), (-2, 3), (-10, 6)]:
        cases.append(dict(op="exp", name=f"exp 2^[{emin},{emax}]", x=specs.make([1000], emin=emin, emax=emax)))
        x = specs.make([1000], emin=emin, emax=emax)
        x["positive"] = True  # the sign bit cleared
        cases.append(dict(op="log", name=f"log 2^[{emin},{emax}]", x=x))
    return cases


def main():
    torch.set_grad_enabled(True)
    rng = np.random.default_rng(20240607)
    specs = Specs()
    groups = {"reductions": reduction_cases(specs, rng), "softmax": softmax_cases(specs, rng),
              "matmul": matmul_cases(specs, rng), "elementwise": elementwise_cases(specs, rng)}
    for cases in groups.values():
        for case in cases:
            out = run(case)
            case["shape"] = list(out.shape)
            case["expected"] = encode(out)
            if case.get("dim") is None:
                case.pop("dim", None)
    # Kernels that split work between threads round differently with another thread count.
    json.dump({"torch_version": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
               "torch_threads": torch.get_num_threads(), **groups}, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
