"""No module but base/formatting.py turns money into text: a scan of the source for number formats applied
to money, or written next to the words 'triệu đồng' / 'tỷ đồng'."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMATTING = ROOT / "base" / "formatting.py"
# Workbook writers and sample generators make the Excel files users upload (numbers, not text on a page).
NOT_DISPLAY = ("workbooks", "samples")  # the packages that write them
MONEY_NAME = re.compile(
    r"(^|_)(ytd|estimate|estimates|plan|disbursed|undisbursed|amount|amounts|money|same_period\w*|million\w*)($|_)",
    re.IGNORECASE,
)
MONEY_UNIT = re.compile(r"triệu đồng|tỷ đồng|\btỷ\b|\btriệu\b")
MONEY_FUNCTION = re.compile(r"money|billion|million|trieu", re.IGNORECASE)
NUMBER_CALLS = {"vn_number", "round", "format", "str", "int", "float"}


def _names(node: ast.AST) -> list[str]:
    """Every variable, attribute and subscript key in an expression ('now["ytd"]' → now, ytd)."""
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.append(sub.attr)
        elif isinstance(sub, ast.Subscript) and isinstance(sub.slice, ast.Constant):
            found.append(str(sub.slice.value))
    return found


def _names_money(node: ast.AST) -> bool:
    return any(MONEY_NAME.search(name) for name in _names(node))


def _callee(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return ""


def money_formatting(source: str) -> list[str]:
    """'line N: why' for each place the source formats money itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            beside_unit = bool(MONEY_UNIT.search(literal))
            for part in node.values:
                if not isinstance(part, ast.FormattedValue):
                    continue
                if part.format_spec is not None and (beside_unit or _names_money(part.value)):
                    found.append(f"line {node.lineno}: a format spec on money in an f-string")
                elif beside_unit and _callee(part.value) in NUMBER_CALLS:
                    found.append(f"line {node.lineno}: a number formatted next to a money unit")
        elif isinstance(node, ast.Call) and _callee(node) in NUMBER_CALLS - {"str", "int", "float"}:
            if node.args and _names_money(node.args[0]):
                found.append(f"line {node.lineno}: {_callee(node)}() applied to money")
        elif (
            isinstance(node, ast.FunctionDef)
            and MONEY_FUNCTION.search(node.name)
            # A money formatter of its own, whatever its variables are called (money_text before it moved).
            and any(_callee(sub) in ("vn_number", "format") for sub in ast.walk(node))
        ):
            found.append(f"line {node.lineno}: {node.name}() formats money outside the formatting module")
    return found


def _display_modules() -> list[Path]:
    files = [
        *(
            f
            for package in ("base", "dashboard", "ui", "pages")
            for f in sorted((ROOT / package).rglob("*.py"))
        )
    ]
    return [
        f
        for f in files
        if f != FORMATTING and "migrations" not in f.parts and not set(NOT_DISPLAY) & set(f.parts)
    ]


@pytest.mark.parametrize(
    "source",
    [
        "bits.append(f\"Lũy kế {vn_number(now['ytd'], 1)} / dự toán {vn_number(now['estimate'], 1)} triệu đồng\")",
        'text = f"{plan:,.1f}"',
        'text = f"Kế hoạch {total:.3f} tỷ đồng"',
        "shown = vn_number(row['disbursed'] / 1000, 3)",
        "shown = round(estimate / 1000, 3)",
        'label = f"{round(value, 1)} triệu"',
        "def money_text(value, unit):\n    shown = value / unit.divisor\n    return vn_number(shown, unit.decimals)",
    ],
)
def test_the_check_finds_money_formatted_by_hand(source: str) -> None:
    assert money_formatting(source)


@pytest.mark.parametrize(
    "source",
    [
        "text = money_text(now['ytd'], TY)",
        'label = f"Lũy kế ({TY.label})"',
        'note = f"{vn_number(count)} hồ sơ, {vn_percent(rate)}"',
        'caption = f"ĐVT: triệu đồng; {len(rows)} dòng"',
    ],
)
def test_the_check_lets_the_formatting_module_do_it(source: str) -> None:
    assert not money_formatting(source)


def test_no_module_outside_formatting_formats_money() -> None:
    modules = _display_modules()
    assert len(modules) > 50  # the scan really reads the app
    offences = [
        f"{path.relative_to(ROOT)} {why}"
        for path in modules
        for why in money_formatting(path.read_text(encoding="utf-8"))
    ]
    assert offences == []
