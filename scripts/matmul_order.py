#!/usr/bin/env python3
"""The float32 summation order of MKL's packed sgemm kernel, re-derived against real PyTorch.

TensorCore replays MKL's matrix-product kernels (`Float32Arithmetic.mm`, `MKLKernels.packedDot`).
The packed kernel, used for blocks of four result rows when a product has at least four rows
and twelve columns, splits the inner dimension k into blocks once k exceeds 192; each block is
a fused multiply-add chain from zero, and the block sums are added in order (to the bias
first, for `addmm`/`nn.Linear`). This script finds and checks that rule by emulating
candidate orders in numpy and comparing bit for bit with `torch`:

    python3 scripts/matmul_order.py derive      # fits block splits for a few k, from scratch
    python3 scripts/matmul_order.py validate    # the rule against torch, k = 1...4096 and more
    python3 scripts/matmul_order.py reference > Tests/TensorCoreTests/Reference/matmul-order-reference.json

`reference` writes the file `MatmulOrderTests` checks: products of seeded `torch.randn`
inputs (the Swift test draws the same inputs with TensorCore's PyTorch-compatible generator),
stored as a hash of the result's float32 bits and its first few elements, so CI never needs
torch. Measured with PyTorch 2.15 (MKL 2024.2) on x86-64; MKL runs its AVX2 code path on AVX2
and AVX-512 machines alike (an AMD EPYC with AVX-512 gives the same bits).
"""
import json
import sys

import numpy as np
import torch

F32, F64 = np.float32, np.float64


# MARK: - Emulating candidate orders

def fma_chain(a, b, start=None):
    """Every (i, j) of a (m × k) @ b (k × n) as one fused multiply-add chain over k.

    A float32 product is exact in float64, so float64 addition rounded to float32 is a fused
    multiply-add except in double-rounding cases too rare to matter for these experiments."""
    m, k = a.shape
    acc = np.zeros((m, b.shape[1]), F32) if start is None else start.astype(F32).copy()
    a64, b64 = a.astype(F64), b.astype(F64)
    for p in range(k):
        acc = (acc.astype(F64) + a64[:, p:p + 1] * b64[p:p + 1, :]).astype(F32)
    return acc


def blocked(a, b, blocks, initial=None):
    """k split into `blocks` (lengths): a chain from zero per block, block sums added in order
    (to `initial` first when given, as sgemm with beta = 1 does)."""
    total, start = initial, 0
    for length in blocks:
        part = fma_chain(a[:, start:start + length], b[start:start + length])
        total = part if total is None else (total.astype(F32) + part).astype(F32)
        start += length
    assert start == a.shape[1]
    return total


def block_length(k):
    """The rule: one block up to 192, halves up to 384, then blocks of 192."""
    if k <= 192:
        return k
    if k <= 384:
        return k // 2
    return 192


def rule_blocks(k):
    length = block_length(k)
    return [min(length, k - s) for s in range(0, k, length)] if k else []


# MARK: - Inputs and torch's results

def operands(m, k, n, layout, seed):
    """Seeded randn operands; 't' makes an operand a transposed view of contiguous storage."""
    torch.manual_seed(seed)
    a = torch.randn(m, k) if layout[0] == "n" else torch.randn(k, m).T
    b = torch.randn(k, n) if layout[1] == "n" else torch.randn(n, k).T
    return a, b


def same_bits(x, y):
    return np.array_equal(np.asarray(x, F32).view(np.uint32), np.asarray(y, F32).view(np.uint32))


def packed_rows(m):
    """Rows the packed kernel computes whatever the other sizes: all of them on one thread; on
    two, full blocks of four (the rest go to MKL's small kernel when there are fewer than 12)."""
    return m if m >= 12 or torch.get_num_threads() == 1 else 4 * (m // 4)


def matches_rule(m, k, n, layout, seed):
    a, b = operands(m, k, n, layout, seed)
    got = (a @ b).numpy()
    r = packed_rows(m)
    want = blocked(a.contiguous().numpy()[:r], b.contiguous().numpy(), rule_blocks(k))
    return same_bits(got[:r], want)


# MARK: - Commands

def derive():
    """Finds the split of k from scratch: for each k, which candidate orders reproduce torch."""
    candidates = {
        "one chain": lambda k: [k],
        "blocks of 128": lambda k: [min(128, k - s) for s in range(0, k, 128)],
        "blocks of 192": lambda k: [min(192, k - s) for s in range(0, k, 192)],
        "blocks of 256": lambda k: [min(256, k - s) for s in range(0, k, 256)],
        "blocks of 384": lambda k: [min(384, k - s) for s in range(0, k, 384)],
        "two halves, larger first": lambda k: [k - k // 2, k // 2],
        "halves, remainder last": lambda k: [k // 2, k // 2] + ([1] if k % 2 else []),
    }
    for k in [150, 192, 193, 194, 200, 255, 256, 300, 383, 384, 385, 500, 700, 1024, 3000]:
        a, b = operands(8, k, 16, "nn", seed=k)
        got = (a @ b).numpy()
        fits = [name for name, blocks in candidates.items()
                if same_bits(got, blocked(a.numpy(), b.numpy(), blocks(k)))]
        # Two blocks split anywhere, to see where MKL cuts when no candidate fits.
        splits = [s for s in range(1, k) if 192 < k <= 400 and same_bits(got, blocked(a.numpy(), b.numpy(), [s, k - s]))]
        print(f"k={k}: {', '.join(fits) or 'no candidate'}" + (f"; two-block splits that fit: {splits}" if splits else ""))


def validate():
    """The rule against torch: every k from 1 to 4096 on the smallest packed shape, then
    sampled k on larger shapes in every layout, with one and two threads, and `nn.Linear`."""
    failures, checked = [], 0
    for k in range(1, 4097):
        checked += 1
        if not matches_rule(4, k, 12, "nn", seed=k):
            failures.append((4, k, 12, "nn"))
    ks = [193, 200, 255, 256, 257, 300, 384, 385, 511, 512, 513, 700, 768, 1000, 2048, 3072, 4096]
    shapes = [(4, 12), (8, 16), (13, 20), (64, 64), (100, 100), (300, 50), (50, 300), (1024, 64), (64, 1024)]
    for threads in (2, 1):
        torch.set_num_threads(threads)
        for m, n in shapes:
            for layout in ("nn", "nt", "tn", "tt"):
                for k in ks:
                    if m * n * k > 64 * 1024 * 1024:
                        continue
                    checked += 1
                    if not matches_rule(m, k, n, layout, seed=m * 7919 + k):
                        failures.append((m, k, n, layout, threads))
    torch.set_num_threads(2)
    # nn.Linear: addmm starts the result from the bias, then adds each block.
    for m, k, n in [(4, 432, 35), (18, 209, 280), (254, 403, 77), (8, 2136, 651)]:
        checked += 1
        torch.manual_seed(k)
        layer, x = torch.nn.Linear(k, n), torch.randn(m, k)
        got = layer(x).detach().numpy()
        w, bias = layer.weight.detach().numpy(), layer.bias.detach().numpy()
        want = blocked(x.numpy(), np.ascontiguousarray(w.T), rule_blocks(k), initial=np.broadcast_to(bias, (m, n)))
        if not same_bits(got, want):
            failures.append(("linear", m, k, n))
    print(f"{checked} products checked, {len(failures)} differ from the rule: {failures[:20]}")
    return not failures


# MARK: - Reference file

MASK64 = (1 << 64) - 1


def fnv1a(values):
    """FNV-1a over the float32 bit patterns (one 32-bit word per step); mirrored in Swift."""
    h = 0xCBF29CE484222325
    for word in np.asarray(values, F32).reshape(-1).view(np.uint32).tolist():
        h = ((h ^ word) * 0x100000001B3) & MASK64
    return f"{h:016x}"


def draw(shape, transposed):
    if not transposed:
        return torch.randn(*shape)
    storage = list(shape)
    storage[-1], storage[-2] = storage[-2], storage[-1]
    return torch.randn(*storage).transpose(-2, -1)


def evaluate(case):
    torch.manual_seed(case["seed"])
    if case["op"] == "linear":
        layer = torch.nn.Linear(case["in"], case["out"], bias=case["bias"])
        x = draw(case["x"], case.get("x_t", False))
        return layer(x).detach()
    a = draw(case["a"], case.get("a_t", False))
    b = draw(case["b"], case.get("b_t", False))
    return torch.bmm(a, b) if case["op"] == "bmm" else a @ b


def reference_cases():
    cases = []

    def product(name, a, b, a_t=False, b_t=False, op="matmul"):
        cases.append(dict(name=name, op=op, a=a, b=b, a_t=a_t, b_t=b_t))

    def linear(name, x, n, bias=True, x_t=False):
        cases.append(dict(name=name, op="linear", x=x, **{"in": x[-1]}, out=n, bias=bias, x_t=x_t))

    # Every regime of the block rule on the smallest packed shapes (rows 4 and 8, 16 columns).
    for k in [1, 2, 5, 16, 64, 191, 192, 193, 194, 200, 255, 256, 257, 300, 383, 384, 385, 386,
              511, 512, 513, 576, 577, 700, 768, 769, 1000, 1024, 1536, 2048, 3072, 4095, 4096]:
        product(f"[8,{k}]@[{k},16]", [8, k], [k, 16])
    # Transposed operands: the packed kernel's order does not depend on the layout.
    for k in [200, 385, 768, 3072]:
        for a_t, b_t in [(False, True), (True, False), (True, True)]:
            product(f"[4,{k}]{'ᵀ' if a_t else ''}@[{k},12]{'ᵀ' if b_t else ''}", [4, k], [k, 12], a_t, b_t)
    # Fewer than twelve rows: the rows after the last four go to the small kernels (unblocked).
    for m, k, n, b_t in [(6, 768, 20, False), (7, 329, 32, True), (10, 556, 24, False), (5, 2805, 14, True)]:
        product(f"[{m},{k}]@[{k},{n}]{'ᵀ' if b_t else ''} remainder rows", [m, k], [k, n], False, b_t)
    # Twelve rows or more: the packed kernel takes every row.
    product("[13,700]@[700,20]", [13, 700], [700, 20])
    product("[30,513]@[513,50]ᵀ", [30, 513], [513, 50], False, True)
    # Tiny k with more than 100 columns: the remainder rows leave the packed kernel.
    for m, k, n in [(10, 2, 120), (5, 3, 101), (7, 4, 100), (11, 2, 311)]:
        product(f"[{m},{k}]@[{k},{n}] small k", [m, k], [k, n])
    # A learner's sizes: the encoder's X (3 × 512) @ W (512 × 64), one-row and single-column
    # products (small, dot and gemv kernels, none blocked), and a larger 2-D product.
    product("X[3,512]@W[512,64]", [3, 512], [512, 64])
    product("X[3,512]@W[64,512]ᵀ", [3, 512], [512, 64], False, True)
    product("[1,768]@[768,64]", [1, 768], [768, 64])
    product("[16,1000]@[1000,1]", [16, 1000], [1000, 1])
    product("[64,512]@[512,64]ᵀ", [64, 512], [512, 64], False, True)
    product("[300,700]@[700,50]", [300, 700], [700, 50])
    # nn.Linear: addmm adds each block to the bias (2-D, and contiguous N-D inputs flattened).
    linear("Linear(512,64)([3,512])", [3, 512], 64)
    linear("Linear(512,64)([8,512])", [8, 512], 64)
    linear("Linear(768,48)([2,6,768])", [2, 6, 768], 48)
    linear("Linear(300,30)([300,30]ᵀ)", [30, 300], 30, x_t=True)
    linear("Linear(700,1)([700,20]ᵀ)", [20, 700], 1, x_t=True)
    linear("Linear(1000,13)([5,1000]) no bias", [5, 1000], 13, bias=False)
    linear("Linear(384,24)([384])", [384], 24)
    # Batched: bmm and 4-D attention products (MKL's batched path, blocked the same way).
    product("bmm[4,8,700]@[4,700,16]", [4, 8, 700], [4, 700, 16], op="bmm")
    product("bmm[3,5,300]@[3,300,13]ᵀ", [3, 5, 300], [3, 300, 13], False, True, op="bmm")
    product("Q[1,4,16,64]@Kᵀ", [1, 4, 16, 64], [1, 4, 64, 16], False, True)
    product("[2,2,12,512]@[2,2,512,16]", [2, 2, 12, 512], [2, 2, 512, 16])
    product("[2,3,9,257]@[2,3,257,12]ᵀ", [2, 3, 9, 257], [2, 3, 257, 12], False, True)
    product("bmm[6,1,49]ᵀ@[6,49,10]ᵀ one row", [6, 1, 49], [6, 49, 10], True, True, op="bmm")
    product("[3,8,768]@[768,16] folded", [3, 8, 768], [768, 16])
    for i, c in enumerate(cases):
        c["seed"] = 1000 + i
    return cases


def reference():
    torch.set_num_threads(2)
    cases = []
    for c in reference_cases():
        out = evaluate(c)
        flat = out.contiguous().reshape(-1).numpy()
        c["shape"] = list(out.shape)
        c["fnv1a"] = fnv1a(flat)
        c["head"] = [int(v) for v in flat[:4].view(np.uint32)]
        cases.append(c)
    doc = {"torch_version": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
           "torch_threads": torch.get_num_threads(), "cases": cases}
    # One case per line: small, and readable in a diff.
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, ensure_ascii=False)[:-1]
    lines = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases)
    sys.stdout.write(f'{head}, "cases": [\n{lines}\n]}}\n')


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "validate"
    if command == "derive":
        derive()
    elif command == "validate":
        sys.exit(0 if validate() else 1)
    elif command == "reference":
        reference()
    else:
        sys.exit(f"usage: {sys.argv[0]} derive | validate | reference")
