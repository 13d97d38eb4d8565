"""The pages' words live in ui/strings.py: no page or widget module writes a Vietnamese title, heading,
caption, alert, button or field label inline (the tables' column names are data and stay with their tables)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ui import strings

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# Streamlit calls whose first argument is text the user reads.
SHOWN_FIRST = {
    "title", "header", "subheader", "caption", "info", "warning", "error", "success", "markdown", "button",
    "form_submit_button", "download_button", "selectbox", "multiselect", "radio", "text_input", "text_area",
    "number_input", "date_input", "file_uploader", "checkbox", "toggle", "expander", "spinner", "literal",
}  # fmt: skip
SHOWN_KEYWORDS = {"help", "placeholder"}


def _vietnamese(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(VIETNAMESE.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_vietnamese(v) for v in node.values)
    return False


def inline_texts(source: str) -> list[str]:
    """'line N: call' for each shown text written inline."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in SHOWN_FIRST:
            continue
        if (node.args and _vietnamese(node.args[0])) or any(
            k.arg in SHOWN_KEYWORDS and _vietnamese(k.value) for k in node.keywords
        ):
            found.append(f"line {node.lineno}: {name}()")
    return found


def test_the_scan_finds_inline_texts() -> None:
    assert inline_texts('st.subheader("Theo nguồn vốn")') == ["line 1: subheader()"]
    assert inline_texts('st.info(literal(f"Chưa có báo cáo {x}"))') == ["line 1: literal()"]
    assert inline_texts('st.toggle(txt.LABEL, help="Tiền sử dụng đất")') == ["line 1: toggle()"]
    assert inline_texts("st.subheader(txt.INVESTMENT_HEADING_THEO_NGUON_VON)") == []


def test_pages_and_widgets_take_their_words_from_the_strings_module() -> None:
    modules = [*sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    found = {
        str(path.relative_to(ROOT)): inline_texts(path.read_text(encoding="utf-8"))
        for path in modules
        if path.name != "strings.py"
    }
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_texts_read_as_before() -> None:
    assert strings.INVESTMENT_HEADING_THEO_NGUON_VON == "Theo nguồn vốn"
    assert (
        strings.investment_info_chua_co_bao_cao(label="Tháng 5/2023", no_data="chưa có dữ liệu", hint="")
        == "Chưa có báo cáo giải ngân trong kỳ Tháng 5/2023: chưa có dữ liệu."
    )
