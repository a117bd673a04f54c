#!/usr/bin/env python3
"""Writes Tests/TensorCoreTests/Reference/tensorcore-reference.json from real PyTorch.

The TensorCore tests check Swift's generator, random tensors and printing against it, so the
expected strings and numbers come from PyTorch itself, never from hand typing. Run with any
Python that has torch installed (`pip install torch`):
    python3 scripts/make_tensorcore_reference.py > Tests/TensorCoreTests/Reference/tensorcore-reference.json

Tensor values are written as strings that Swift's `Double(String)` reads back exactly:
`float.hex()` for floats (also `inf`, `-inf`, `nan`), decimal digits for int64, 1/0 for bool.
"""
import json
import math

import torch
import torch.nn as nn


def encode(t):
    flat = t.detach().reshape(-1).tolist()
    if t.dtype == torch.bool:
        return ["1" if v else "0" for v in flat]
    if t.dtype == torch.int64:
        return [str(v) for v in flat]
    return [float(v).hex() for v in flat]


DTYPES = {torch.float32: "float32", torch.int64: "int64", torch.bool: "bool"}


def grad_fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def rng_cases():
    out = {"rand": [], "randn": [], "randn_sequences": [], "uniform": [], "dropout": [],
           "linear": []}
    # 700 draws run past the first 624-word state into a second twist.
    for seed, n in [(0, 700), (7, 30), (99, 30), (2**32 + 5, 30), (2**40 + 3, 700)]:
        torch.manual_seed(seed)
        out["rand"].append({"seed": seed, "shape": [n], "values": torch.rand(n).tolist()})
    # A fresh generator starts from PyTorch's default seed.
    g = torch.Generator()
    out["rand"].append({"seed": None, "initial_seed": g.initial_seed(), "shape": [10],
                        "values": torch.rand(10, generator=g).tolist()})

    for seed, shape in [(0, [1]), (1, [2]), (2, [3]), (3, [5]), (42, [15]), (42, [3, 5]),
                        (123, [16]), (123, [17]), (5, [31]), (6, [32]), (7, [33]),
                        (8, [4, 12]), (9, [100]), (10, [1000]), (11, [2, 3, 7])]:
        torch.manual_seed(seed)
        out["randn"].append({"seed": seed, "shape": shape,
                             "values": torch.randn(*shape).flatten().tolist()})

    # The generator caches the second Box-Muller sample of the small path across calls;
    # rand and the large randn path neither use nor clear it; manual_seed clears it.
    sequences = [
        ("randn(1); randn(1); randn(1)", 3, [("randn", 1), ("randn", 1), ("randn", 1)]),
        ("randn(3); rand(2); randn(1)", 4, [("randn", 3), ("rand", 2), ("randn", 1)]),
        ("randn(1); randn(20); randn(1)", 5, [("randn", 1), ("randn", 20), ("randn", 1)]),
        ("randn(1); manual_seed; randn(1)", 6, [("randn", 1), ("seed", 6), ("randn", 1)]),
    ]
    for name, seed, steps in sequences:
        torch.manual_seed(seed)
        results = []
        for op, n in steps:
            if op == "seed":
                torch.manual_seed(n)
                results.append({"op": "seed", "n": n, "values": []})
            else:
                fn = torch.randn if op == "randn" else torch.rand
                results.append({"op": op, "n": n, "values": fn(n).tolist()})
        out["randn_sequences"].append({"name": name, "seed": seed, "steps": results})

    for seed, shape, a, b in [(3, [50], -0.3, 0.7), (4, [40], 2.0, 5.0),
                              (5, [60], -7.3, 0.001), (6, [6, 7], 0.001, 123.456),
                              (7, [30], -1 / math.sqrt(3), 1 / math.sqrt(3))]:
        torch.manual_seed(seed)
        t = torch.empty(*shape).uniform_(a, b)
        out["uniform"].append({"seed": seed, "shape": shape, "a": a, "b": b,
                               "values": t.flatten().tolist()})

    for seed, p, n in [(123, 0.5, 36), (0, 0.1, 50), (1, 0.9, 40), (2, 0.25, 64)]:
        torch.manual_seed(seed)
        drop = nn.Dropout(p)
        drop.train()
        kept = (drop(torch.ones(n)) != 0).tolist()
        out["dropout"].append({"seed": seed, "p": p, "keep": kept})

    for seed, din, dout, bias in [(0, 6, 4, True), (2024, 3, 4, False), (9, 10, 1, True)]:
        torch.manual_seed(seed)
        lin = nn.Linear(din, dout, bias=bias)
        case = {"seed": seed, "in": din, "out": dout,
                "weight_shape": list(lin.weight.shape),
                "weight": lin.weight.detach().flatten().tolist()}
        if bias:
            case["bias"] = lin.bias.detach().tolist()
        out["linear"].append(case)
    return out


def repr_tensors():
    nan, inf = float("nan"), float("inf")
    f = torch.tensor
    leaf = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)
    long_leaf = (torch.arange(12, dtype=torch.float32) / 3).requires_grad_()
    torch.manual_seed(0)
    cases = {
        # 0-d
        "scalar_negative": f(-3.25),
        "scalar_tiny": f(1e-5),
        "scalar_huge": f(3e9),
        "scalar_inf": f(-inf),
        "scalar_nan": f(nan),
        "scalar_zero": f(0.0),
        "scalar_negative_zero": f(-0.0),
        "scalar_int": f(-42),
        "scalar_bool": f(True),
        "scalar_grad_fn": leaf.sum(),
        "scalar_requires_grad": f(2.5, requires_grad=True),
        # zeros and signs
        "zeros": torch.zeros(3),
        "negative_zero_int_mode": f([-0.0, 1.0]),
        "negative_zero_decimals": f([-0.0, 0.5]),
        "all_negative_zero": f([-0.0, -0.0]),
        # mode boundaries
        "int_1e8": f([1e8]),
        "int_above_1e8": f([100000008.0]),
        "int_ratio_1000": f([1.0, 1000.0]),
        "int_ratio_above_1000": f([1.0, 1001.0]),
        "decimal_ratio_1000": f([0.5, 500.0]),
        "decimal_ratio_above_1000": f([0.5, 500.5]),
        "min_0001_float32": f([0.0001, 0.5]),
        "min_00011": f([0.00011, 0.5]),
        "big_decimal": f([123456.5]),
        "int_large_values": f([1e10, 2e10]),
        "int_123456789": f([123456789.0]),
        "negative_sci": f([-1e-5, 3.0]),
        "sci_with_nonfinite": f([1e-5, -inf, nan]),
        "only_nonfinite": f([nan, inf]),
        "only_nan": f([nan]),
        "negative_inf_int_mode": f([-inf, 2.0]),
        "rounding_ties": f([0.03125, 0.5, 0.15625]),
        "mixed_signs": f([-123.456, 0.5, 7.0]),
        "int_negative": f([-5.0, 100.0, 3.0]),
        # integer and bool dtypes
        "int64_mixed": f([-5, 100, 3]),
        "int64_matrix": torch.arange(-6, 6).reshape(3, 4),
        "int64_large": f([10**15, -7]),
        "bool_matrix": f([[True, False, True], [False, False, True]]),
        # empty tensors
        "empty_int": torch.zeros(0, dtype=torch.int64),
        "empty_bool": torch.zeros(0, dtype=torch.bool),
        "empty_0x3": torch.zeros(0, 3),
        "empty_2x0": torch.zeros(2, 0),
        "empty_int_0x3": torch.zeros(0, 3, dtype=torch.int64),
        "empty_3d": torch.zeros(2, 0, 3),
        "empty_requires_grad": torch.zeros(0, requires_grad=True),
        # ranks and nesting
        "column": torch.arange(4, dtype=torch.float32).reshape(4, 1) / 3,
        "four_d": torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2),
        "five_d": torch.arange(32, dtype=torch.float32).reshape(2, 2, 2, 2, 2) - 10,
        "singleton_nest": f([[[[[1.5]]]]]),
        "bool_3d": (torch.arange(12).reshape(2, 3, 2) % 3) == 0,
        # line wrapping
        "wide_negative_row": torch.linspace(-5, 5, 40),
        "wide_matrix": torch.arange(90, dtype=torch.float32).reshape(3, 30) / 7,
        "wide_3d": torch.arange(60, dtype=torch.float32).reshape(2, 2, 15) * 1.5,
        "wide_int64": torch.arange(0, 3000, 97),
        "wide_sci": f([1e-6 * (i + 1) for i in range(12)]),
        "deep_wide_sci": (torch.arange(24, dtype=torch.float32).reshape(1, 1, 1, 2, 12) - 5) * 1e5,
        "randn_matrix": torch.randn(4, 5),
        "rand_matrix": torch.rand(3, 9),
        # summarisation
        "summarized_1001": torch.arange(1001, dtype=torch.float32) / 4,
        "summarized_matrix": torch.arange(2000, dtype=torch.float32).reshape(40, 50),
        "summarized_3d": torch.arange(2000, dtype=torch.float32).reshape(10, 10, 20) / 1000,
        "summarized_tall": torch.arange(2002, dtype=torch.float32).reshape(1001, 2),
        "summarized_int64": torch.arange(5000).reshape(50, 100),
        "summarized_bool": torch.arange(1200).reshape(30, 40) % 2 == 0,
        "summarized_edges_decide": torch.cat([torch.full((3,), 0.5), torch.full((1000,), 1e-9),
                                              torch.full((3,), 2.5)]),
        "summarized_4d": torch.arange(2401, dtype=torch.float32).reshape(7, 7, 7, 7),
        # suffixes
        "leaf_vector": leaf,
        "leaf_wrapping": long_leaf,
        "grad_fn_vector": leaf * 2,
        "grad_fn_wrapping": long_leaf * 2 - 1,
        "grad_fn_matrix": (torch.arange(12, dtype=torch.float32).reshape(2, 6) / 7).requires_grad_() @ torch.ones(6, 3),
        "suffix_just_fits": (torch.arange(6, dtype=torch.float32) * 1111.125).requires_grad_(),
        "suffix_after_newline": (torch.arange(15, dtype=torch.float32) / 9).requires_grad_() + 0,
    }
    return cases


def repr_cases():
    out = []
    for name, t in repr_tensors().items():
        out.append({"name": name, "shape": list(t.shape), "dtype": DTYPES[t.dtype],
                    "values": encode(t), "requires_grad": t.requires_grad and t.grad_fn is None,
                    "grad_fn": grad_fn_name(t), "repr": repr(t)})
    return out


def size_cases():
    return [{"dims": dims, "repr": str(torch.Size(dims))} for dims in [[], [3], [6, 2], [2, 3, 4], [0, 5]]]


def float_repr_cases():
    values = [0.1 + 0.2, 1e-05, 1e-5 * 3, 1e16, 1e16 - 2, 123456789.0, 0.0001, 0.00012, -0.0, 0.0,
              3.9248000383377075, 1.0, -1.5, 1e22, 1.5e300, 5e-324, 2.2250738585072014e-308,
              1.7976931348623157e308, float("inf"), -float("inf"), float("nan"), 0.1, 1 / 3,
              2 / 3, 100.0, 1e15, 123456789012345678.0, 9007199254740993.0, 0.000123456,
              float(torch.tensor(0.1)), float(torch.tensor(1 / 3)), 4.35, 2.5e-5, 1e-4 - 1e-20]
    return [{"hex": v.hex(), "repr": repr(v)} for v in values]


if __name__ == "__main__":
    print(json.dumps({"torch_version": torch.__version__, "rng": rng_cases(),
                      "repr": repr_cases(), "size": size_cases(),
                      "float_repr": float_repr_cases()}, indent=1))
