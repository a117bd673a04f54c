#!/usr/bin/env python3
"""Check the lessons in Lessons/ against real PyTorch.

Each lesson is plain CommonMark. Fenced blocks whose info string starts with
`python` are steps; they run in order in one namespace per lesson, like
notebook cells: a step whose last statement is a bare expression shows that
value's repr. An `output` block after a step (quiz and heatmap blocks may stand
between them) holds exactly what the step prints.

For every lesson this script
  - runs the steps and compares what they print with their `output` blocks:
    numbers agree within half a unit of their last printed digit (or within
    `atol=` from the block's info string), all other text must match after
    trimming trailing whitespace per line;
  - reports a step that prints but has no `output` block;
  - evaluates every quiz `answer:` and heatmap `tensor:` at its place in the
    lesson (a heatmap must be 2-D; a multiple-choice answer must be one of the
    choices; labels must match the heatmap's shape);
  - runs every `exercise` block at its place, as `tutor check` does: the
    solution, the starter and each `%% mistake:` run on the block's cases in
    a namespace of their own (the random state restored for each); the
    solution must answer every case, and the starter and every mistake must
    differ from it, and each mistake from the mistakes before it;
  - warns about constructs outside the step language (see SUBSET below).

Usage:
  python3 scripts/verify_lessons_with_pytorch.py [--update] [LESSON.md ...]

With no files it checks every `Lessons/NN-*.md` next to this script's parent.
`--update` rewrites the contents of each existing `output` block with the
output PyTorch actually produced and touches nothing else in the file.

Problems print as `file:line: error: message`; the last line is
`N passed, N failed`. The exit status is 1 if anything failed.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Markdown: a small CommonMark fence parser
# ---------------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


@dataclass
class Block:
    """One fenced code block of a lesson."""

    kind: str            # first word of the info string ("python", "output", ...)
    info: str            # the whole info string, stripped
    line: int            # 1-based line of the opening fence
    content_start: int   # index (0-based) of the first content line in the file
    content_end: int     # index (0-based) one past the last content line
    lines: list[str]     # content lines without their line endings
    indent: int = 0      # spaces before the opening fence

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def parse_fences(lines: list[str]) -> list[Block]:
    """Returns the top-level fenced code blocks of a CommonMark document.

    Follows the spec's fence rules: up to three spaces of indentation, a run of
    at least three backticks or tildes, an info string (which may not contain a
    backtick for backtick fences), and a closing fence of the same character at
    least as long with nothing but spaces after it. An unclosed fence runs to
    the end of the document. Content lines lose up to as many leading spaces as
    the opening fence had.
    """
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i].rstrip("\r\n")
        m = FENCE_OPEN.match(raw)
        if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
            i += 1
            continue
        indent = len(m.group(1))
        fence = m.group(2)
        info = m.group(3).strip()
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        j = i + 1
        content: list[str] = []
        while j < n and not close.match(lines[j].rstrip("\r\n")):
            text = lines[j].rstrip("\r\n")
            strip = 0
            while strip < indent and strip < len(text) and text[strip] == " ":
                strip += 1
            content.append(text[strip:])
            j += 1
        kind = info.split()[0] if info else ""
        blocks.append(Block(kind, info, i + 1, i + 1, j, content, indent))
        i = j + 1
    return blocks


def parse_keys(block: Block) -> dict[str, str]:
    """Parses the `key: value` lines of a quiz or heatmap block."""
    out: dict[str, str] = {}
    for text in block.lines:
        if not text.strip():
            continue
        key, sep, value = text.partition(":")
        if not sep:
            raise ValueError(f"line without 'key: value': {text!r}")
        out[key.strip()] = value.strip()
    return out


# ---------------------------------------------------------------------------
# Comparing outputs
# ---------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![A-Za-z_0-9.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![A-Za-z_0-9])")


def half_unit(token: str) -> float:
    """Half a unit of the last printed digit of a number as written."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = 10.0 ** int(exponent) if exponent else 1.0
    return 0.5 * 10.0 ** (-decimals) * scale


def skeleton(text: str) -> tuple[list[str], list[str]]:
    """Splits text into lines with numbers replaced by a marker, and the numbers."""
    numbers: list[str] = []
    out_lines = []
    for line in text.split("\n"):
        numbers.extend(NUMBER.findall(line))
        out_lines.append(NUMBER.sub("\x00", line).rstrip())
    while out_lines and out_lines[-1] == "":
        out_lines.pop()
    return out_lines, numbers


def compare(expected: str, actual: str, atol: float | None) -> str | None:
    """Returns None if the texts agree, else a description of the first difference."""
    exp_lines, exp_nums = skeleton(expected)
    act_lines, act_nums = skeleton(actual)
    if exp_lines != act_lines or len(exp_nums) != len(act_nums):
        return "step output differs in its text"
    worst = None
    for k, (e, a) in enumerate(zip(exp_nums, act_nums)):
        ev, av = float(e), float(a)
        tol = atol if atol is not None else half_unit(e)
        diff = abs(ev - av)
        # A tiny relative slack absorbs the decimal representation of the bound.
        if diff > tol * (1 + 1e-9) + 1e-12:
            if worst is None or diff > worst[0]:
                worst = (diff, k, e, a)
    if worst:
        diff, k, e, a = worst
        return f"step output differs: max |diff| {diff:.4g} at element {k} (expected {e}, got {a})"
    return None


def short_diff(expected: str, actual: str, limit: int = 12) -> str:
    import difflib

    diff = difflib.unified_diff(
        [l.rstrip() for l in expected.rstrip("\n").split("\n")],
        [l.rstrip() for l in actual.rstrip("\n").split("\n")],
        "expected", "actual", lineterm="", n=1,
    )
    lines = list(diff)
    if len(lines) > limit:
        lines = lines[:limit] + ["    ..."]
    return "\n".join("    " + l for l in lines)


# ---------------------------------------------------------------------------
# The step-language subset (warnings only)
# ---------------------------------------------------------------------------

SUBSET_BUILTINS = {
    "print", "len", "sum", "min", "max", "abs", "round", "float", "int", "str", "list",
    "range", "enumerate", "zip", "isinstance", "super",
}
SUBSET_TORCH = {
    "tensor", "empty", "zeros", "ones", "rand", "randn", "arange", "manual_seed", "dot",
    "matmul", "softmax", "exp", "log", "sqrt", "tril", "triu", "stack", "cat", "allclose",
    "inf", "float32", "nn",
}
SUBSET_NN = {"Module", "Parameter", "Linear", "Dropout", "ModuleList"}
SUBSET_MEMBERS = {
    "T", "shape", "size", "dim", "numel", "sum", "mean", "var", "std", "max", "min", "argmax",
    "dot", "softmax", "exp", "transpose", "view", "reshape", "masked_fill", "bool", "float",
    "item", "tolist", "detach", "weight", "bias", "values", "indices", "contiguous",
    "masked_fill_", "parameters", "register_buffer", "train", "eval",
}
SUBSET_NODES = (
    ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.While, ast.If,
    ast.FunctionDef, ast.ClassDef, ast.Return, ast.Assert, ast.Pass,
    ast.Import, ast.alias, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call,
    ast.keyword, ast.Attribute, ast.Subscript, ast.Slice, ast.Name, ast.Constant, ast.List,
    ast.Tuple, ast.Dict, ast.ListComp, ast.comprehension, ast.JoinedStr,
    ast.FormattedValue, ast.arguments, ast.arg, ast.Load, ast.Store, ast.operator,
    ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context,
)


class SubsetChecker(ast.NodeVisitor):
    """Flags Python and PyTorch features the Swift step language does not promise."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.defined: set[str] = set()

    def note(self, node: ast.AST, message: str) -> None:
        self.problems.append((getattr(node, "lineno", 1), message))

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, SUBSET_NODES):
            self.note(node, f"'{type(node).__name__}' is outside the step language")
        super().generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if (alias.name, alias.asname) not in {("torch", None), ("torch.nn", "nn")}:
                self.note(node, f"import of '{alias.name}' is outside the step language")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.decorator_list:
            self.note(node, "decorators are outside the step language")
        self.defined.add(node.name)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.defined.add(node.name)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        # Names and attributes a lesson assigns may be called later (a module
        # instance such as `sa_v1(inputs)` or a layer such as `self.W_key(x)`).
        for target in node.targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Attribute):
                    self.defined.add(sub.attr)
                elif isinstance(sub, ast.Name):
                    self.defined.add(sub.id)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        f = node.func
        if isinstance(f, ast.Name) and f.id not in SUBSET_BUILTINS and f.id not in self.defined:
            self.pending_names.append((node, f.id))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        base = node.value
        if isinstance(base, ast.Name) and base.id == "torch":
            if node.attr not in SUBSET_TORCH:
                self.note(node, f"'torch.{node.attr}' is outside the step language")
        elif isinstance(base, ast.Name) and base.id == "nn" or (
            isinstance(base, ast.Attribute) and base.attr == "nn"
            and isinstance(base.value, ast.Name) and base.value.id == "torch"
        ):
            if node.attr not in SUBSET_NN:
                self.note(node, f"'nn.{node.attr}' is outside the step language")
        else:
            self.pending_attrs.append((node, node.attr))
        self.generic_visit(node)

    def check(self, tree: ast.AST) -> list[tuple[int, str]]:
        self.problems = []
        self.pending_names: list[tuple[ast.AST, str]] = []
        self.pending_attrs: list[tuple[ast.AST, str]] = []
        self.visit(tree)
        for node, name in self.pending_names:
            if name not in self.defined and name not in SUBSET_BUILTINS:
                self.note(node, f"call of '{name}' is outside the step language")
        for node, attr in self.pending_attrs:
            if attr not in SUBSET_MEMBERS and attr not in self.defined:
                self.note(node, f"member '.{attr}' is outside the step language")
        return self.problems


# ---------------------------------------------------------------------------
# Running a lesson
# ---------------------------------------------------------------------------


@dataclass
class StepResult:
    block: Block
    stdout: str
    error: str | None = None


@dataclass
class Report:
    passed: int = 0
    failed: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)
    keyed: list[tuple[str, int, int, str]] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.failed += 1
        self.add(path, line, f"{path}:{line}: error: {message}")

    def warning(self, path: str, line: int, message: str) -> None:
        self.warnings += 1
        self.add(path, line, f"{path}:{line}: warning: {message}")

    def note(self, path: str, line: int, message: str) -> None:
        self.add(path, line, f"{path}:{line}: note: {message}")

    def add(self, path: str, line: int, text: str) -> None:
        self.keyed.append((path, line, len(self.keyed), text))

    def flush(self) -> None:
        """Moves the collected diagnostics into `messages`, in file and line order."""
        self.keyed.sort(key=lambda k: (k[0], k[1], k[2]))
        self.messages.extend(k[3] for k in self.keyed)
        self.keyed = []


def run_step(block: Block, namespace: dict, filename: str) -> StepResult:
    """Runs one step with notebook semantics and captures what it prints."""
    source = block.text + "\n"
    buffer = io.StringIO()
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        return StepResult(block, "", f"SyntaxError: {exc.msg} (step line {exc.lineno})")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(last, filename, "eval"), namespace)
                if value is not None:
                    print(repr(value))
    except Exception as exc:  # noqa: BLE001 - a lesson step may raise anything
        tb = traceback.extract_tb(exc.__traceback__)
        step_line = next((f.lineno for f in reversed(tb) if f.filename == filename), None)
        where = f" (step line {step_line})" if step_line else ""
        return StepResult(block, buffer.getvalue(), f"{type(exc).__name__}: {exc}{where}")
    return StepResult(block, buffer.getvalue())


def parse_atol(info: str) -> float | None:
    m = re.search(r"\batol=([0-9.eE+-]+)", info)
    return float(m.group(1)) if m else None


def check_quiz(block: Block, namespace: dict, path: str, report: Report) -> None:
    try:
        keys = parse_keys(block)
    except ValueError as exc:
        report.error(path, block.line, f"quiz: {exc}")
        return
    for required in ("ask", "answer"):
        if not keys.get(required):
            report.error(path, block.line, f"quiz has no '{required}:'")
            return
    unknown = set(keys) - {"ask", "answer", "tolerance", "choices", "hint"}
    if unknown:
        report.error(path, block.line, f"quiz has unknown keys: {', '.join(sorted(unknown))}")
        return
    try:
        value = eval(keys["answer"], namespace)
    except Exception as exc:  # noqa: BLE001
        report.error(path, block.line, f"quiz answer raised {type(exc).__name__}: {exc}")
        return
    if "tolerance" in keys:
        try:
            float(keys["tolerance"])
        except ValueError:
            report.error(path, block.line, f"quiz tolerance is not a number: {keys['tolerance']!r}")
            return
    if "choices" in keys:
        choices = [c.strip() for c in keys["choices"].split("|")]
        if str(value) not in choices:
            report.error(path, block.line,
                         f"quiz answer {value!r} is not one of the choices {choices}")
            return
    report.passed += 1


def check_heatmap(block: Block, namespace: dict, path: str, report: Report) -> None:
    try:
        keys = parse_keys(block)
    except ValueError as exc:
        report.error(path, block.line, f"heatmap: {exc}")
        return
    if not keys.get("tensor"):
        report.error(path, block.line, "heatmap has no 'tensor:'")
        return
    try:
        value = eval(keys["tensor"], namespace)
    except Exception as exc:  # noqa: BLE001
        report.error(path, block.line, f"heatmap tensor raised {type(exc).__name__}: {exc}")
        return
    shape = tuple(getattr(value, "shape", ()))
    if len(shape) != 2:
        report.error(path, block.line, f"heatmap tensor is not 2-D (shape {list(shape)})")
        return
    for key, size in (("rows", shape[0]), ("cols", shape[1])):
        if key in keys and len(keys[key].split()) != size:
            report.error(path, block.line,
                         f"heatmap has {len(keys[key].split())} {key} labels for {size} {key}")
            return
    report.passed += 1


def exercise_sections(block: Block) -> tuple[dict[str, str], list[tuple[str, str, int]], dict[str, str]]:
    """Splits an exercise block into its header keys, its `%%` sections (title, code,
    1-based line of the code's first line) and its named sections."""
    header: dict[str, str] = {}
    sections: list[tuple[str, list[str], int]] = []
    for offset, line in enumerate(block.lines):
        if line.startswith("%%"):
            sections.append((line[2:].strip(), [], block.line + offset + 2))
        elif sections:
            sections[-1][1].append(line)
        elif ":" in line and not line.strip().startswith("#"):
            key, value = line.split(":", 1)
            header.setdefault(key.strip().lower(), value.strip())
    listed = [(title, "\n".join(body).rstrip() + "\n", first) for title, body, first in sections]
    named = {title.lower(): code for title, code, _ in listed if not title.lower().startswith("mistake")}
    return header, listed, named


def check_exercise(block: Block, namespace: dict, path: str, report: Report) -> None:
    import torch
    header, listed, named = exercise_sections(block)
    name = header.get("name", "")
    atol = float(header.get("atol", "1e-5"))
    rtol = float(header.get("rtol", "1.3e-6"))
    state = torch.get_rng_state()

    def answers(code: str) -> list:
        """The answers of `code` on the cases, each a value or the exception it raised."""
        torch.set_rng_state(state)
        ns = dict(namespace)
        exec(compile(named["cases"], f"<{path}:cases>", "exec"), ns)
        cases = list(ns["cases"].values())
        if "call" in named:
            exec(compile(named["call"], f"<{path}:call>", "exec"), ns)
        call = ns.get("call") if "call" in named else None
        ns.pop(name, None)
        exec(compile(code, f"<{path}:{name}>", "exec"), ns)
        impl = ns[name]
        out = []
        for args in cases:
            try:
                out.append(call(impl, *args) if call else impl(*args))
            except Exception as exc:  # noqa: BLE001 - a mistake may raise
                out.append(exc)
        return out

    def same(a: list, b: list) -> bool:
        for x, y in zip(a, b):
            if isinstance(x, Exception) or isinstance(y, Exception):
                if type(x) is not type(y):
                    return False
                continue
            x, y = torch.as_tensor(x).detach().double(), torch.as_tensor(y).detach().double()
            if x.shape != y.shape or not torch.allclose(y, x, rtol=rtol, atol=atol, equal_nan=True):
                return False
        return len(a) == len(b)

    try:
        expected = answers(named["solution"])
        problems = [f"the solution raised {type(e).__name__}: {e}" for e in expected if isinstance(e, Exception)]
        starter = answers(named["starter"])
        if same(starter, expected):
            problems.append("the starter passes every case")
        earlier: list[tuple[str, list]] = []
        for title, code, first in listed:
            if not title.lower().startswith("mistake"):
                continue
            theirs = answers(code)
            if same(theirs, expected):
                problems.append(f"line {first}: the mistake gives the solution's answers on every case")
            for other, answered in earlier:
                if same(theirs, answered):
                    problems.append(f"line {first}: the mistake answers every case as '{other}' does")
            earlier.append((title, theirs))
    except Exception as exc:  # noqa: BLE001 - any failure is the lesson's
        problems = [f"{type(exc).__name__}: {exc}"]
    finally:
        torch.set_rng_state(state)
    for problem in problems:
        report.error(path, block.line, f"exercise {name}: {problem}")
    if not problems:
        report.passed += 1


def check_lesson(path: Path, display: str, update: bool, report: Report) -> dict:
    text = path.read_text(encoding="utf-8")
    file_lines = text.splitlines(keepends=True)
    blocks = parse_fences(file_lines)
    namespace: dict = {"__name__": "__lesson__"}
    checker = SubsetChecker()
    counts = {"python": 0, "quiz": 0, "heatmap": 0, "output": 0}
    replacements: list[tuple[Block, str]] = []
    pending: StepResult | None = None  # the last step, until its output block or the next step
    broken = False

    def close_pending() -> None:
        nonlocal pending
        if pending is not None and pending.stdout.strip() and pending.error is None:
            report.error(display, pending.block.line,
                         "step prints but has no output block:\n" +
                         "\n".join("    " + l for l in pending.stdout.rstrip("\n").split("\n")[:6]))
        elif pending is not None and pending.error is None:
            report.passed += 1
        pending = None

    for block in blocks:
        if block.kind in counts:
            counts[block.kind] += 1
        if block.kind == "python":
            close_pending()
            try:
                tree = ast.parse(block.text + "\n")
                for lineno, message in checker.check(tree):
                    report.warning(display, block.line + lineno, message)
            except SyntaxError:
                pass
            if broken:
                continue
            result = run_step(block, namespace, f"<{display}:{block.line}>")
            if result.error:
                m = re.search(r"\(step line (\d+)\)$", result.error)
                line = block.line + int(m.group(1)) if m else block.line
                report.error(display, line, f"step raised {result.error}")
                report.note(display, line, "later steps of this lesson are skipped")
                broken = True
            pending = result
        elif block.kind == "output":
            if pending is None:
                report.error(display, block.line, "output block without a step before it")
                continue
            if pending.error is None:
                if update:
                    replacements.append((block, pending.stdout))
                    report.passed += 1
                else:
                    problem = compare(block.text, pending.stdout, parse_atol(block.info))
                    if problem:
                        report.error(display, block.line,
                                     problem + "\n" + short_diff(block.text, pending.stdout))
                    else:
                        report.passed += 1
            pending = None
        elif block.kind == "quiz":
            if not broken:
                check_quiz(block, namespace, display, report)
        elif block.kind == "heatmap":
            if not broken:
                check_heatmap(block, namespace, display, report)
        elif block.kind == "exercise":
            if not broken:
                check_exercise(block, namespace, display, report)
    close_pending()

    if update and replacements:
        new_lines = list(file_lines)
        newline = "\r\n" if text.count("\r\n") > text.count("\n") // 2 and "\r\n" in text else "\n"
        for block, stdout in sorted(replacements, key=lambda r: -r[0].content_start):
            body = stdout.rstrip("\n")
            pad = " " * block.indent
            content = [(pad + l).rstrip() + newline for l in body.split("\n")] if body else []
            new_lines[block.content_start:block.content_end] = content
        new_text = "".join(new_lines)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            print(f"{display}: updated output blocks")
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", help="lesson files (default: Lessons/NN-*.md)")
    parser.add_argument("--update", action="store_true",
                        help="rewrite existing output blocks with PyTorch's actual output")
    parser.add_argument("--quiet", action="store_true", help="do not print per-lesson counts")
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    paths = [Path(p) for p in args.lessons] or sorted((root / "Lessons").glob("[0-9][0-9]-*.md"))
    if not paths:
        print("error: no lessons found", file=sys.stderr)
        return 1

    try:
        import torch  # noqa: F401
    except ImportError:
        print("error: PyTorch is not installed (pip install torch)", file=sys.stderr)
        return 1

    report = Report()
    summaries = []
    for path in paths:
        try:
            display = str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            display = str(path)
        counts = check_lesson(path, display, args.update, report)
        summaries.append(f"{display}: {counts['python']} steps, {counts['output']} outputs, "
                         f"{counts['quiz']} quizzes, {counts['heatmap']} heatmaps")
        if counts["quiz"] < 3:
            report.warning(display, 1, f"only {counts['quiz']} quiz blocks (want at least 3)")
        if counts["heatmap"] < 1:
            report.warning(display, 1, "no heatmap block")
        report.flush()

    for message in report.messages:
        print(message)
    if not args.quiet:
        for line in summaries:
            print(line)
    print(f"{report.passed} passed, {report.failed} failed" +
          (f", {report.warnings} warnings" if report.warnings else ""))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
