"""Drop-down lists in the upload templates (a cell range validated against a column of the hidden lists sheet),
and the instructions sheet beside them.

Imports nothing of the dashboard, so the templates and every area's writer can use it without circles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LISTS_SHEET = "DanhMuc"  # the hidden sheet whose columns hold the lists
INSTRUCTIONS_SHEET = "Hướng dẫn"
CHOOSE_PROMPT = "Bấm mũi tên để chọn trong danh sách."
CHOOSE_ADVICE = "Hãy chọn trong danh sách."


def drop_down(
    sheet: Any,
    first: int,
    last: int,
    col: int,
    source_col: str,
    count: int,
    what: str,
    *,
    error_message: str | None = None,
    advice: str = CHOOSE_ADVICE,
    prompt: str | None = CHOOSE_PROMPT,
) -> None:
    """Rows first–last of column col choose from the first count cells of source_col on the lists sheet.

    Other values are warned about, not refused (other spellings and bodies outside the town are allowed).
    Nothing is written when the list is empty. The warning reads error_message, by default "not in the list
    of <what>" followed by advice; prompt is the note shown when the cell is selected (None: no note)."""
    if not count:
        return
    options: dict[str, Any] = {
        "validate": "list",
        "source": f"={LISTS_SHEET}!${source_col}$1:${source_col}${count}",
        "error_type": "warning",
        "error_title": what,
        "error_message": error_message or f"Giá trị này không có trong danh mục {what.lower()}. {advice}",
    }
    if prompt is not None:
        options |= {"input_title": what, "input_message": prompt}
    sheet.data_validation(first, col, last, col, options)


def guide_and_lists(book: Any, text: Sequence[str], lists: Sequence[Sequence[str]]) -> None:
    """The instructions sheet (one cell a row, so it never looks like a table) and the hidden drop-down lists."""
    guide = book.add_worksheet(INSTRUCTIONS_SHEET)
    guide.set_column(0, 0, 120, book.add_format({"text_wrap": True, "valign": "top", "font_size": 12}))
    bold = book.add_format({"bold": True, "font_size": 12})
    for row, line in enumerate(text):
        if line:
            guide.write_string(row, 0, line, bold if line.isupper() or row == 0 else None)
    hidden = book.add_worksheet(LISTS_SHEET)
    for col, values in enumerate(lists):
        for row, value in enumerate(values):
            hidden.write_string(row, col, value)
    hidden.hide()
