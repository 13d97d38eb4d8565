"""Every reason code the importer and the unit-registry reader can emit, found in their source (not a list kept
by hand): a new code without a Vietnamese title makes tests/dashboard/importing/test_reason_titles.py fail.

Codes are written as members of data_loaders.reasons.ReasonCode; a plain string where a code goes is still read
(and listed in `Found.free`, which the tests keep empty)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from data_loaders.reasons import ReasonCode

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("base", "data_loaders", "dashboard", "ui")
CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# Calls whose receiver is not a list of problems: logging and Streamlit's alerts.
NOT_PROBLEMS = {"log", "logger", "logging", "st", "warnings", "box"}


@dataclass
class Found:
    codes: dict[str, list[str]] = field(default_factory=dict)  # code -> "file:line" places
    unresolved: list[str] = field(default_factory=list)  # code arguments this scan cannot read
    free: list[str] = field(default_factory=list)  # codes written as plain strings, not ReasonCode members


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _receiver(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        base = func.value
        while isinstance(base, ast.Attribute):
            base = base.value
        return base.id if isinstance(base, ast.Name) else None
    return None


def _passes_code_on(func: ast.FunctionDef) -> bool:
    """Whether a function hands its `code` argument to a list of problems (problems.error(code, …))."""
    return any(
        isinstance(node, ast.Call)
        and _name(node.func) in ("error", "warning")
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "code"
        for node in ast.walk(func)
    )


def _code_positions(trees: dict[Path, ast.Module]) -> tuple[dict[str, int], dict[int, int]]:
    """Refusals (classes) and helpers that take a reason code, and the position of their `code` argument; and
    for each `cls(…)` call inside such a class (its alternative constructors), that position too."""
    positions: dict[str, int] = {}
    cls_calls: dict[int, int] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name in ("__init__", "__new__"):
                        args = [a.arg for a in item.args.args[1:]]
                        if "code" in args:
                            positions[node.name] = args.index("code")
                            for call in ast.walk(node):
                                if isinstance(call, ast.Call) and _name(call.func) == "cls":
                                    cls_calls[id(call)] = args.index("code")
            elif (
                isinstance(node, ast.FunctionDef)
                and node.name not in ("error", "warning")
                and _passes_code_on(node)
            ):
                args = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
                if "code" in args:
                    positions[node.name] = args.index("code")
    return positions, cls_calls


def _member(node: ast.expr) -> bool:
    """`ReasonCode.X`."""
    return (
        isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ReasonCode"
    )


def _is_code(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) or _member(node)


def _assigns_a_code(node: ast.Assign) -> bool:
    """`code = ReasonCode.X` or `code = … if … else …` of two (other variables named code hold unit or dossier
    codes)."""
    if not any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
        return False
    value = node.value
    if isinstance(value, ast.IfExp):
        return _is_code(value.body) and _is_code(value.orelse)
    return _is_code(value)


def scan() -> Found:
    """Read every module of the packages and collect the codes given to problems and refusals."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }
    positions, cls_calls = _code_positions(trees)
    found = Found()

    def take(arg: ast.expr, where: str) -> None:
        if isinstance(arg, ast.Attribute) and _member(arg) and arg.attr in ReasonCode.__members__:
            found.codes.setdefault(ReasonCode[arg.attr].value, []).append(where)
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.fullmatch(arg.value):
            found.codes.setdefault(arg.value, []).append(where)
            found.free.append(f"{where}: {arg.value}")
        elif isinstance(arg, ast.IfExp):
            take(arg.body, where)
            take(arg.orelse, where)
        elif isinstance(arg, ast.Attribute) and arg.attr == "code":
            pass  # a caught refusal's code: its own raise site is scanned
        elif isinstance(arg, ast.Name) and arg.id == "code":
            pass  # a variable: its assignments and the calls that pass it are scanned
        else:
            found.unresolved.append(f"{where}: {ast.unparse(arg)}")

    for path, tree in trees.items():
        rel = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _assigns_a_code(node):  # code = "worker_timeout"
                take(node.value, f"{rel}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            name, where = _name(node.func), f"{rel}:{node.lineno}"
            if name in ("error", "warning"):
                if (
                    _receiver(node.func) not in NOT_PROBLEMS and len(node.args) >= 2
                ):  # problems.error(code, …)
                    take(node.args[0], where)
                continue
            if name == "Problem" and len(node.args) >= 2:  # Problem(severity, code, …) built directly
                take(node.args[1], where)
                continue
            if name in positions or id(node) in cls_calls:
                index = cls_calls[id(node)] if id(node) in cls_calls else positions[str(name)]
                keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
                if keyword is not None:
                    take(keyword, where)
                elif index < len(node.args):
                    take(node.args[index], where)
    return found
