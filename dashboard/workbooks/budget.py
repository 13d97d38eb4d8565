"""Writes budget revenue and expenditure reports as finance offices lay them out, their templates and samples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from base.budget_catalog import (
    EXPENDITURE_GUIDE,
    REVENUE_GUIDE,
    TOWN_EXPENDITURE_ITEMS,
    TOWN_REVENUE_ITEMS,
    Item,
)
from base.formatting import vn_number
from base.text import normalize
from dashboard.kpis.budget import chosen_estimate
from dashboard.workbooks import dossiers as rw
from dashboard.workbooks.dropdowns import LISTS_SHEET, drop_down

Money = Literal["trieu", "ty", "dong"]
MONEY_LINES: dict[str, str] = {"trieu": "ĐVT: triệu đồng", "ty": "ĐVT: tỷ đồng", "dong": "ĐVT: đồng"}
TRIEU_PER_UNIT: dict[str, float] = {"trieu": 1.0, "ty": 1000.0, "dong": 1e-6}
AMOUNTS = ("estimate_province", "estimate_council", "month_amount", "ytd_amount", "same_period_last_year")
REVENUE_TOTAL = "TỔNG THU NSNN TRÊN ĐỊA BÀN"
EXPENDITURE_TOTAL = "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG"
COMMUNE_TOTAL = "TỔNG THU NGÂN SÁCH XÃ"
HEADER_TOP = 7  # 0-based row of the first header row


@dataclass(frozen=True)
class Col:
    """A value column: the field it holds, its group header (None: spans both header rows) and its own text."""

    field: str
    group: str | None
    text: str


def layout(
    style: Literal["full", "simple", "ytd_only"],
    *,
    year: int | str,
    month: int | str,
    council: str = "HĐND thị xã giao",
    upper: str = "Tỉnh giao",
) -> tuple[Col, ...]:
    """The columns of the layouts in use: split estimates with 3 rates; one estimate; year to date only."""
    estimate = f"Dự toán năm {year}"
    last_year = f"Cùng kỳ năm {int(year) - 1}" if isinstance(year, int) else "Cùng kỳ năm trước"
    if style == "full":
        return (
            Col("estimate_province", estimate, upper),
            Col("estimate_council", estimate, council),
            Col("month_amount", None, f"Thực hiện tháng {month}"),
            Col("ytd_amount", None, "Lũy kế từ đầu năm"),
            Col("same_period_last_year", None, last_year),
            Col("pct_estimate_province", "So sánh (%)", "So DT " + upper.removesuffix(" giao").lower()),
            Col("pct_estimate_council", "So sánh (%)", "So DT HĐND"),
            Col("pct_last_year", "So sánh (%)", "So cùng kỳ"),
        )
    if style == "simple":
        return (
            Col("estimate_council", None, f"Dự toán {council} năm {year}"),
            Col("month_amount", None, f"Ước thực hiện tháng {month}"),
            Col("ytd_amount", None, f"Ước thực hiện {month} tháng"),
            Col("same_period_last_year", None, "Cùng kỳ năm trước"),
            Col("pct_estimate", None, "% so dự toán"),
            Col("pct_last_year", None, "% so cùng kỳ"),
        )
    return (
        Col("estimate_council", None, f"Dự toán {council} năm {year}"),
        Col(
            "ytd_amount",
            None,
            f"Ước thực hiện {month} tháng" if month != 12 else "Ước thực hiện cả năm (12 tháng)",
        ),
        Col("pct_estimate", None, "% so dự toán"),
    )


def sum_items(items: Sequence[Item]) -> dict[str, float | None]:
    """Field-wise sums of rows (a group's own children); None where no row has the figure."""
    rows = [row_values(i) for i in items]
    out: dict[str, float | None] = {}
    for name in AMOUNTS:
        known = [r[name] for r in rows if r.get(name) is not None]
        out[name] = sum(v for v in known if v is not None) if known else None
    return out


def row_values(item: Item) -> dict[str, float | None]:
    """A row's amounts (a group's are its children's sums) and its rates."""
    values = sum_items(item.children) if item.children else {n: item.values.get(n) for n in AMOUNTS}
    ytd = values["ytd_amount"]
    bases = {
        "pct_estimate_province": values["estimate_province"],
        "pct_estimate_council": values["estimate_council"],
        "pct_estimate": chosen_estimate(values["estimate_council"], values["estimate_province"]),
        "pct_last_year": values["same_period_last_year"],
    }
    for name, base in bases.items():
        values[name] = round(100 * ytd / base, 2) if ytd is not None and base else None
    return values


def _flatten(items: Sequence[Item]) -> list[tuple[Item, str]]:
    """Rows in order with their style: groups, items and the 'Trong đó' rows under them."""
    out: list[tuple[Item, str]] = []
    for item in items:
        out.append((item, "group" if item.children else "item"))
        out += [(b, "item") for b in item.breakdown]
        out += _flatten(item.children)
    return out


def _formats(book: Any) -> dict[str, rw.Format]:
    """The shared styles plus number formats for each unit, for items, groups and the total."""
    fmt = rw.formats(book)
    border = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman", "font_size": 10}
    numbers = (("n0", "#,##0"), ("n1", "#,##0.0"), ("n3", "#,##0.000"), ("pct", "0.00"), ("str", "@"))
    for prefix, extra in (("", {}), ("group_", {"bold": True}), ("total_", {"bold": True})):
        for name, num in numbers:
            fmt[prefix + name] = book.add_format({**border, **extra, "num_format": num, "align": "right"})
    fmt["breakdown_text"] = book.add_format({**border, "italic": True, "text_wrap": True})
    return fmt


def _cell(
    sheet: rw.Sheet,
    r: int,
    c: int,
    name: str,
    value: float | None,
    style: str,
    money: Money,
    text: bool,
    fmt: Any,
) -> None:
    """One amount (converted from triệu đồng to the sheet's unit) or rate; a blank cell when unknown."""
    prefix = "" if style in ("item", "breakdown") else f"{style}_"
    rate = name.startswith("pct")
    if value is None:
        sheet.write_blank(r, c, None, fmt[prefix + "n0"])
        return
    shown = value if rate else value / TRIEU_PER_UNIT[money]
    shown = round(shown) if money == "dong" and not rate else round(shown, 6)
    if text:
        sheet.write_string(r, c, vn_number(shown, 3, trim=True), fmt[prefix + "str"])
    else:
        kind = "pct" if rate else "n3" if money == "ty" else "n0" if float(shown).is_integer() else "n1"
        sheet.write_number(r, c, shown, fmt[prefix + kind])


def _span(sheet: rw.Sheet, r: int, c0: int, c1: int, text: str, style: rw.Format) -> None:
    """Text over columns c0–c1 of one row (a plain cell when it is one column)."""
    if c0 == c1:
        sheet.write_string(r, c0, text, style)
    else:
        sheet.merge_range(r, c0, r, c1, text, style)


def header_spans(columns: Sequence[Col]) -> list[rw.Span]:
    """STT, Nội dung and the value columns: grouped columns under a merged group cell, others over both rows."""
    two_rows = any(c.group for c in columns)
    bottom = 1 if two_rows else 0
    spans: list[rw.Span] = [(0, 0, bottom, 0, "STT"), (0, 1, bottom, 1, "Nội dung")]
    i = 0
    while i < len(columns):
        col = columns[i]
        if col.group is None:
            spans.append((0, i + 2, bottom, i + 2, col.text))
            i += 1
            continue
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == col.group:
            j += 1
        spans.append((0, i + 2, 0, j + 2, col.group))
        spans += [(1, k + 2, 1, k + 2, columns[k].text) for k in range(i, j + 1)]
        i = j + 1
    return spans


def _column_numbers(columns: Sequence[Col]) -> list[str]:
    """'(A)', '(B)', '(1)', … with the rates' formulas ('(7)=(4)/(2)'), as finance offices number them."""
    number = {c.field: k for k, c in enumerate(columns, 1)}
    bases = {
        "pct_estimate_province": "estimate_province",
        "pct_estimate_council": "estimate_council",
        "pct_estimate": "estimate_council",
        "pct_last_year": "same_period_last_year",
    }
    out = ["(A)", "(B)"]
    for k, c in enumerate(columns, 1):
        base = number.get(bases.get(c.field, ""))
        ytd = number.get("ytd_amount")
        out.append(f"({k})=({ytd})/({base})" if base and ytd else f"({k})")
    return out


def budget_sheet(
    book: Any,
    fmt: dict[str, rw.Format],
    *,
    headings: Sequence[str],
    title: str,
    money: Money,
    columns: Sequence[Col],
    items: Sequence[Item],
    total_label: str | None,
    total: Literal["first", "last"] = "first",
    text_numbers: bool = False,
    sign_line: str | None = None,
    sheet_name: str = "Báo cáo",
) -> tuple[rw.Sheet, int]:
    """A report on a new sheet: title block, ĐVT line, merged header, rows, signatures. Returns (sheet, first row)."""
    sheet = book.add_worksheet(sheet_name)
    last = len(columns) + 1
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 46)
    sheet.set_column(2, last, 13)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    right = min(3, last)
    for r, text in enumerate(headings[:2]):
        _span(sheet, r, 0, 1, text, fmt["heading"])
    _span(sheet, 0, right, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["heading"])
    _span(sheet, 1, right, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    _span(sheet, 3, 0, last, title, fmt["title"])
    _span(sheet, 5, right, last, MONEY_LINES[money], fmt["right"])
    spans = header_spans(columns)
    rw.write_header(sheet, HEADER_TOP, spans, fmt["header"])
    bottom = HEADER_TOP + max(s[2] for s in spans)
    sheet.set_row(bottom, 48)
    for c, text in enumerate(_column_numbers(columns)):
        sheet.write_string(bottom + 1, c, text, fmt["colnum"])
    first = bottom + 2
    rows = _flatten(items)
    if total_label:
        total_row = (Item("", total_label, sum_items(items)), "total")
        rows = [total_row, *rows] if total == "first" else [*rows, total_row]
    r = first
    for item, style in rows:
        prefix = "" if style == "item" else f"{style}_"
        if item.stt:
            sheet.write_string(r, 0, item.stt, fmt[prefix + "stt"])
        else:
            sheet.write_blank(r, 0, None, fmt[prefix + "stt"])
        breakdown = normalize(item.label).startswith("trong do")
        sheet.write_string(r, 1, item.label, fmt["breakdown_text" if breakdown else prefix + "text"])
        values = row_values(item)
        for c, col in enumerate(columns, 2):
            _cell(sheet, r, c, col.field, values.get(col.field), style, money, text_numbers, fmt)
        r += 1
    sheet.freeze_panes(first, 2)
    if sign_line:
        _span(sheet, r + 1, right, last, sign_line, fmt["sign_date"])
    _span(sheet, r + 2, 0, 1, "NGƯỜI LẬP BIỂU", fmt["sign"])
    _span(sheet, r + 2, right, last, "TM. ỦY BAN NHÂN DÂN", fmt["sign"])
    return sheet, first


def write_budget_report(
    target: rw.Target,
    *,
    headings: Sequence[str],
    title: str,
    money: Money,
    columns: Sequence[Col],
    items: Sequence[Item],
    total_label: str | None,
    total: Literal["first", "last"] = "first",
    text_numbers: bool = False,
    sign_line: str | None = None,
    created: datetime | None = None,
) -> None:
    """Write one budget report workbook (amounts given in triệu đồng, written in `money`)."""
    book = rw.new_workbook(target, created=created)
    budget_sheet(
        book,
        _formats(book),
        headings=headings,
        title=title,
        money=money,
        columns=columns,
        items=items,
        total_label=total_label,
        total=total,
        text_numbers=text_numbers,
        sign_line=sign_line,
    )
    book.close()


def _write_template(
    target: rw.Target,
    unit_names: Sequence[str],
    *,
    title: str,
    items: Sequence[Item],
    total: str,
    guide: Sequence[str],
) -> None:
    """An empty report: the standard rows with blank figures, a unit drop-down in A1 and a guide sheet."""
    book = rw.new_workbook(target)
    fmt = _formats(book)
    sheet, _first = budget_sheet(
        book,
        fmt,
        headings=["UBND …………………… (chọn đơn vị)"],
        title=title,
        money="trieu",
        columns=layout("full", year="……", month="…"),
        items=items,
        total_label=total,
        sign_line="…………, ngày … tháng … năm ……",
    )
    drop_down(
        sheet,
        0,
        0,
        0,
        "A",
        len(unit_names),
        "Đơn vị báo cáo",
        error_message="Tên này không có trong danh mục đơn vị. Hãy chọn trong danh sách.",
        prompt="Bấm mũi tên để chọn tên đơn vị.",
    )
    sheet_guide = book.add_worksheet("Hướng dẫn")
    sheet_guide.set_column(0, 0, 120, book.add_format({"text_wrap": True, "valign": "top", "font_size": 12}))
    bold = book.add_format({"bold": True, "font_size": 12})
    for row, line in enumerate(guide):
        # One cell per row, so no row of the guide can look like a table header to the importer.
        if line:
            sheet_guide.write_string(row, 0, line, bold if line.isupper() else None)
    lists = book.add_worksheet(LISTS_SHEET)
    for row, name in enumerate(unit_names):
        lists.write_string(row, 0, name)
    lists.hide()
    sheet.activate()
    book.close()


def write_budget_revenue_template(target: rw.Target, unit_names: Sequence[str]) -> None:
    """The empty revenue report to fill in (standard rows of the town's report, ĐVT triệu đồng)."""
    _write_template(
        target,
        unit_names,
        title="BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG … NĂM ……",
        items=TOWN_REVENUE_ITEMS,
        total=REVENUE_TOTAL,
        guide=REVENUE_GUIDE,
    )


def write_budget_expenditure_template(target: rw.Target, unit_names: Sequence[str]) -> None:
    """The empty expenditure report to fill in (standard rows of the town's report, ĐVT triệu đồng)."""
    _write_template(
        target,
        unit_names,
        title="BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG THÁNG … NĂM ……",
        items=TOWN_EXPENDITURE_ITEMS,
        total=EXPENDITURE_TOTAL,
        guide=EXPENDITURE_GUIDE,
    )
