"""Exports for meetings: tables as formatted Excel files (Vietnamese headers, units, period in the title).

Every text cell is written as text and cells beginning with = + - @ (or a tab/CR) are neutralised with a leading
apostrophe-equivalent, so a task title like "=HYPERLINK(…)" can never become a formula in the reader's Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import xlsxwriter

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportColumn:
    """A column: header in Vietnamese, its unit (shown under the header), and the number format."""

    key: str
    header: str
    unit: str = ""
    kind: str = "text"  # text | int | money | percent | date


def neutralise(text: str) -> str:
    """Prefix a formula-looking string with a quote so spreadsheet software shows it as text."""
    return "'" + text if text.startswith(_DANGEROUS_START) else text


def table_to_xlsx(
    *,
    title: str,
    period_label: str,
    columns: Sequence[ExportColumn],
    rows: Sequence[dict[str, Any]],
    source: str = "",
) -> bytes:
    """One sheet: title, period, header row (with units), the rows; numbers stay numbers, text stays text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("Bảng")
    bold = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDE6F0", "valign": "top"}
    )
    formats = {
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "int": book.add_format({"border": 1, "num_format": "#,##0"}),
        "money": book.add_format({"border": 1, "num_format": "#,##0.0"}),
        "percent": book.add_format({"border": 1, "num_format": "0.00"}),
        "date": book.add_format({"border": 1, "num_format": "dd/mm/yyyy"}),
    }
    sheet.write_string(0, 0, neutralise(title), bold)
    sheet.write_string(1, 0, f"Kỳ: {period_label}")
    if source:
        sheet.write_string(2, 0, neutralise(source))
    for c, column in enumerate(columns):
        header = f"{column.header} ({column.unit})" if column.unit else column.header
        sheet.write_string(4, c, header, head)
        sheet.set_column(c, c, 40 if column.kind == "text" else 16)
    for r, row in enumerate(rows, start=5):
        for c, column in enumerate(columns):
            _write(sheet, r, c, row.get(column.key), column.kind, formats)
    sheet.freeze_panes(5, 0)
    book.close()
    return out.getvalue()


def _write(sheet: Any, r: int, c: int, value: object, kind: str, formats: dict[str, Any]) -> None:
    """A cell: missing stays empty (never 0); text is always text, never a formula."""
    if value is None:
        sheet.write_blank(r, c, None, formats[kind if kind in formats else "text"])
    elif (
        kind in ("int", "money", "percent") and isinstance(value, int | float) and not isinstance(value, bool)
    ):
        sheet.write_number(r, c, value, formats[kind])
    elif kind == "date" and isinstance(value, date | datetime):
        sheet.write_datetime(
            r,
            c,
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day),
            formats["date"],
        )
    else:
        sheet.write_string(r, c, neutralise(str(value)), formats["text"])
