#!/usr/bin/env python3
"""Regenerates the expected outputs of the step-language differential test corpus.

Every `Tests/StepScriptTests/Scripts/*.py` is run with real Python + PyTorch as a plain script
(`python3 NAME.py`); its exact stdout becomes `NAME.out`. Every `Scripts/errors/*.py` must raise;
its stdout up to the error becomes `NAME.out` and `NAME.err` gets one line:

    NAME.py:LINE: ExceptionType: first line of the message as the traceback shows it

(str(exception), with the "Did you mean" Python's traceback adds to NameError and
AttributeError).

LINE is the line of the innermost traceback frame that is in the script itself (frames inside
torch or Python are skipped), so an error raised in a user function points into that function.
If str(exception) is empty the line ends after the type: `NAME.py:LINE: AssertionError`.

Scripts are also checked to stay inside the step-language subset (DESIGN.md): no lambda,
generators, with, try, raise, global/nonlocal, star-args, decorators, sets, conditional
expressions, break/continue, or imports other than `torch`, `torch.nn as nn` and
`torch.nn.functional as F` (or `from torch import nn`).

Usage:
    python3 scripts/make_script_corpus.py            # write .out/.err files
    python3 scripts/make_script_corpus.py --check    # verify they are up to date, write nothing
"""
import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "Tests" / "StepScriptTests" / "Scripts"
ERRORS = SCRIPTS / "errors"
TIMEOUT = 120

# Runs one script the way `python3 NAME.py` would, and records where it raised.
DRIVER = r"""
import json, os, runpy, sys, traceback
path, result_file = sys.argv[1], sys.argv[2]
sys.argv = [path]
sys.path.insert(0, os.path.dirname(path))
info = {"raised": False}
try:
    runpy.run_path(path, run_name="__main__")
except BaseException as e:
    info["raised"] = True
    info["type"] = type(e).__name__
    # The message as Python's traceback shows it: str(e), plus the "Did you mean" that the
    # traceback printer adds to NameError and AttributeError.
    # (Python 3.11 computes the suggestion only in its C excepthook, so ask that one.)
    import io
    captured, sys.stderr = sys.stderr, io.StringIO()
    try:
        sys.__excepthook__(type(e), e, e.__traceback__)
        shown = sys.stderr.getvalue().rstrip("\n").splitlines()[-1]
    finally:
        sys.stderr = captured
    prefix = type(e).__name__ + ": "
    text = shown[len(prefix):] if shown.startswith(prefix) else str(e)
    info["message"] = text.splitlines()[0] if text else ""
    line = None
    for frame, lineno in traceback.walk_tb(e.__traceback__):
        if os.path.abspath(frame.f_code.co_filename) == path:
            line = lineno
    info["line"] = line
sys.stdout.flush()
with open(result_file, "w") as f:
    json.dump(info, f)
"""

NOT_IN_SUBSET = {
    ast.Lambda: "lambda",
    ast.GeneratorExp: "generator expression",
    ast.With: "with",
    ast.Try: "try",
    ast.Raise: "raise",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.Starred: "star-args",
    ast.Set: "set literal",
    ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension",
    ast.IfExp: "conditional expression",
    ast.Break: "break",
    ast.Continue: "continue",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.AsyncFunctionDef: "async",
    ast.Await: "await",
    ast.Delete: "del",
}


def env():
    e = dict(os.environ)
    e.update({"PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8", "OMP_NUM_THREADS": "1",
              "PYTHONDONTWRITEBYTECODE": "1"})
    return e


def lint(path: Path, is_error_script: bool) -> list:
    """Problems that take a script outside the step language (or the corpus conventions)."""
    text = path.read_text()
    problems = []
    if not text.startswith("import torch\n"):
        problems.append("does not begin with `import torch`")
    n_lines = len(text.splitlines())
    if not is_error_script and not 10 <= n_lines <= 60:
        problems.append(f"has {n_lines} lines (want 10-60)")
    tree = ast.parse(text, filename=str(path))
    for node in ast.walk(tree):
        for kind, name in NOT_IN_SUBSET.items():
            if isinstance(node, kind):
                problems.append(f"line {node.lineno}: {name} is outside the step language")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name, alias.asname) not in {("torch", None), ("torch.nn", "nn"), ("torch.nn.functional", "F")}:
                    problems.append(f"line {node.lineno}: import {alias.name} is outside the subset")
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (node.module, alias.name) not in {("torch", "nn"), ("torch.nn", "functional")}:
                    problems.append(f"line {node.lineno}: from {node.module} import {alias.name} is outside the subset")
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.decorator_list:
            problems.append(f"line {node.lineno}: decorator is outside the step language")
        if isinstance(node, ast.FunctionDef) and (node.args.vararg or node.args.kwarg):
            problems.append(f"line {node.lineno}: *args/**kwargs is outside the step language")
        if isinstance(node, ast.keyword) and node.arg is None:
            problems.append(f"line {node.lineno}: **kwargs call is outside the step language")
    return problems


def run_plain(path: Path):
    return subprocess.run([sys.executable, path.name], cwd=path.parent, env=env(),
                          capture_output=True, timeout=TIMEOUT)


def run_traced(path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        result_file = os.path.join(tmp, "result.json")
        proc = subprocess.run([sys.executable, "-c", DRIVER, str(path.resolve()), result_file],
                              cwd=path.parent, env=env(), capture_output=True, timeout=TIMEOUT)
        if not os.path.exists(result_file):
            raise RuntimeError(f"driver failed for {path.name}:\n{proc.stderr.decode()}")
        with open(result_file) as f:
            return proc, json.load(f)


def expected_for_script(path: Path):
    proc = run_plain(path)
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{path.name} exited with {proc.returncode}: " + " | ".join(tail))
    return {path.with_suffix(".out"): proc.stdout}


def expected_for_error_script(path: Path):
    plain = run_plain(path)
    traced, info = run_traced(path)
    if plain.returncode == 0 or not info["raised"]:
        raise RuntimeError(f"{path.name} was expected to raise but finished normally")
    if traced.stdout != plain.stdout:
        raise RuntimeError(f"{path.name}: stdout differs between plain and traced runs")
    if info["line"] is None:
        raise RuntimeError(f"{path.name}: no traceback frame in the script itself")
    line = f"{path.name}:{info['line']}: {info['type']}"
    if info["message"]:
        line += f": {info['message']}"
    return {path.with_suffix(".out"): plain.stdout,
            path.with_suffix(".err"): (line + "\n").encode()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="verify the .out/.err files are up to date; write nothing")
    parser.add_argument("-j", "--jobs", type=int, default=max(2, (os.cpu_count() or 1) * 2),
                        help="scripts to run at once (default: twice the CPU count)")
    parser.add_argument("names", nargs="*", help="only these scripts (file names or stems)")
    args = parser.parse_args()

    try:
        import torch  # noqa: F401
    except ImportError:
        print("error: PyTorch is not installed for this python3 (pip install torch)",
              file=sys.stderr)
        return 2

    jobs = [(p, False) for p in sorted(SCRIPTS.glob("*.py"))]
    jobs += [(p, True) for p in sorted(ERRORS.glob("*.py"))]
    if args.names:
        wanted = {Path(n).stem for n in args.names}
        jobs = [(p, e) for p, e in jobs if p.stem in wanted]

    def expected(job):
        path, is_error_script = job
        try:
            make = expected_for_error_script if is_error_script else expected_for_script
            return make(path), None
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            return None, str(e)

    # Each run is dominated by `import torch`, so run several at once.
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(expected, jobs))

    failures = 0
    written = stale = 0
    for (path, is_error_script), (files, problem) in zip(jobs, results):
        rel = path.relative_to(SCRIPTS)
        for lint_problem in lint(path, is_error_script):
            print(f"{rel}: {lint_problem}", file=sys.stderr)
            failures += 1
        if problem is not None:
            print(f"{rel}: {problem}", file=sys.stderr)
            failures += 1
            continue
        if not is_error_script and not files[path.with_suffix(".out")]:
            print(f"{rel}: printed nothing", file=sys.stderr)
            failures += 1
        for target, content in files.items():
            current = target.read_bytes() if target.exists() else None
            if current == content:
                continue
            if args.check:
                print(f"{target.relative_to(SCRIPTS)}: out of date", file=sys.stderr)
                stale += 1
            else:
                target.write_bytes(content)
                written += 1

    if not args.names:
        # Expectations whose script is gone would otherwise linger as phantom tests.
        for folder in (SCRIPTS, ERRORS):
            for target in sorted(list(folder.glob("*.out")) + list(folder.glob("*.err"))):
                if not target.with_suffix(".py").exists():
                    if args.check:
                        print(f"{target.relative_to(SCRIPTS)}: has no script", file=sys.stderr)
                        stale += 1
                    else:
                        target.unlink()

    n_scripts = sum(1 for _, e in jobs if not e)
    n_errors = len(jobs) - n_scripts
    verb = "checked" if args.check else f"wrote {written} file(s) for"
    print(f"{verb} {n_scripts} script(s) and {n_errors} error script(s); "
          f"{failures} problem(s){f', {stale} stale' if args.check else ''}")
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
