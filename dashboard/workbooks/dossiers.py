"""Writes the workbooks staff produce — form II.06a, a vendor's export, a dossier list — with xlsxwriter."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, BinaryIO, Literal

import xlsxwriter

from base.text import normalize

Target = str | os.PathLike[str] | BinaryIO
Format = Any  # xlsxwriter ships no type hints
Sheet = Any

OFFICIAL_SHEET = "Biểu II.06a"
VENDOR_SHEET = "BaoCao"
LIST_SHEET = "DanhSachHoSo"
TOWN_HEADING = "UBND THỊ XÃ ĐỨC PHỔ"
TOWN_RECIPIENT = "UBND thị xã Đức Phổ"
OFFICIAL_TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
VENDOR_TITLE = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ"
LIST_TITLE = "DANH SÁCH HỒ SƠ TIẾP NHẬN"
TOTAL_LABEL = "Tổng cộng"

# The field under each count column from column C on, and the layouts' bottom header texts.
# fmt: off
OFFICIAL_FIELDS: tuple[str, ...] = (
    "received_total", "received_carried_over", "received_online", "received_direct_or_postal",
    "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
    "pending_total", "pending_within_deadline", "pending_overdue", "withdrawn",
)
VENDOR_FIELDS: tuple[str, ...] = (
    "received_total", "received_carried_over", "received_new",
    "resolved_total", "resolved_in_time", "resolved_late",
    "pending_total", "pending_within_deadline", "pending_overdue", "awaiting_supplement", "withdrawn",
)
_OFFICIAL_LEAVES = ("Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn", "Tổng số", "Trong hạn", "Quá hạn")
_VENDOR_LEAVES = (
    "Tổng số", "Từ kỳ trước", "Mới tiếp nhận", "Tổng số", "Trả đúng thời hạn (trước hạn và đúng hạn)", "Trả quá hạn",
    "Tổng số", "Chưa đến hạn", "Quá hạn",
)
LIST_HEADERS: tuple[str, ...] = (
    "STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Lĩnh vực", "Đơn vị tiếp nhận", "Hình thức nộp", "Ngày tiếp nhận",
    "Hạn xử lý", "Ngày trả kết quả", "Trạng thái",
)
# fmt: on
# A combined column a layout shows but the caller gave only as its parts (never the other way round).
_COMBINED = {
    "received_direct_or_postal": ("received_direct", "received_postal"),
    "resolved_in_time": ("resolved_early", "resolved_on_time"),
    "received_new": ("received_online", "received_direct_or_postal"),
}
_ROMAN = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# (first row, first col, last row, last col, text) relative to the header's top-left cell.
Span = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class ReportRow:
    """One unit's or sector's counts, keyed by dashboard.store.models.DOSSIER_FIELDS; None = not known."""

    label: str
    values: Mapping[str, int | None]


@dataclass(frozen=True)
class DossierRow:
    """One dossier as a one-stop system exports it (channel and status in Vietnamese)."""

    code: str
    unit: str
    sector: str
    procedure: str
    channel: str
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    status: str


@dataclass(frozen=True)
class Line:
    """A table row to write: STT, label, counts, and whether it is a group, an item or the total."""

    stt: str
    label: str
    values: Mapping[str, int | None]
    kind: Literal["group", "item", "total"]


def new_workbook(target: Target, *, constant_memory: bool = False, created: datetime | None = None) -> Any:
    """An xlsxwriter workbook on a path or binary file; `created` pins the document date (reproducible files)."""
    name = os.fspath(target) if isinstance(target, str | os.PathLike) else target
    book = xlsxwriter.Workbook(name, {"constant_memory": constant_memory, "strings_to_urls": False})
    book.set_properties({"created": created} if created else {})
    return book


def formats(book: Any) -> dict[str, Format]:
    """The cell styles every layout shares."""
    border = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman", "font_size": 11}
    plain = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    specs: dict[str, dict[str, Any]] = {
        "heading": {**plain, "bold": True, "align": "center"},
        "motto": {**plain, "bold": True, "underline": 1, "align": "center"},
        "title": {**plain, "bold": True, "font_size": 14, "align": "center"},
        "period": {**plain, "italic": True, "align": "center"},
        "left": {**plain, "align": "left"},
        "right": {**plain, "align": "right"},
        "sign_date": {**plain, "italic": True, "align": "center"},
        "sign": {**plain, "bold": True, "align": "center"},
        "sign_note": {**plain, "italic": True, "align": "center", "font_size": 11},
        "header": {**border, "bold": True, "align": "center", "text_wrap": True},
        "colnum": {**border, "italic": True, "align": "center"},
        "cell": {**border, "font_size": 10},
        "datetime": {**border, "font_size": 10, "num_format": _DATETIME_FORMAT, "align": "center"},
    }
    table: dict[str, dict[str, Any]] = {
        "stt": {"align": "center"},
        "text": {"text_wrap": True},
        "num": {"num_format": "#,##0"},
    }
    extras: tuple[tuple[str, dict[str, Any]], ...] = (
        ("", {}),
        ("group_", {"bold": True}),
        ("total_", {"bold": True}),
    )
    for prefix, extra in extras:
        specs.update({prefix + name: {**border, **spec, **extra} for name, spec in table.items()})
    specs["total_text"]["align"] = "center"
    return {name: book.add_format(spec) for name, spec in specs.items()}


def field_value(values: Mapping[str, int | None], name: str) -> int | None:
    """A field's count, or the sum of its parts when only those are given; None when unknown."""
    value = values.get(name)
    if value is None and name in _COMBINED:
        parts = [field_value(values, p) for p in _COMBINED[name]]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
    return value


def consistent_counts(
    *, carried: int, new: int, online: int, withdrawn: int, pending: int, late: int, early: int, overdue: int
) -> dict[str, int]:
    """Form II.06a's columns from the few numbers that decide them, so that every identity of the form holds."""
    received = carried + new
    resolved = received - pending - withdrawn
    return {
        "received_total": received,
        "received_carried_over": carried,
        "received_new": new,
        "received_online": online,
        "received_direct_or_postal": new - online,
        "resolved_total": resolved,
        "resolved_early": early,
        "resolved_on_time": resolved - late - early,
        "resolved_late": late,
        "pending_total": pending,
        "pending_within_deadline": pending - overdue,
        "pending_overdue": overdue,
        "withdrawn": withdrawn,
    }


def sum_values(rows: Sequence[Mapping[str, int | None]], fields: Sequence[str]) -> dict[str, int | None]:
    """Field-wise sums; one unknown part makes the sum unknown (an empty cell, never a wrong number)."""
    out: dict[str, int | None] = {}
    for name in fields:
        parts = [field_value(r, name) for r in rows]
        out[name] = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    return out


def roman(number: int) -> str:
    """I, II, III… for group rows."""
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def table_lines(
    rows: Sequence[ReportRow],
    fields: Sequence[str],
    *,
    total: Literal["first", "last", "none"],
    groups: Mapping[str, Sequence[str]] | None,
) -> list[Line]:
    """Number the rows (1…n, or I, II… groups holding their members' sums) and place the total row."""
    by_label = {r.label: r for r in rows}
    if len(by_label) != len(rows):
        raise ValueError("Two report rows have the same label.")
    items: list[Line] = []
    body: list[Line] = []
    if groups is None:
        items = [Line(str(i), r.label, sum_values([r.values], fields), "item") for i, r in enumerate(rows, 1)]
        body = items
    else:
        placed: set[str] = set()
        for g, (name, members) in enumerate(groups.items(), 1):
            unknown = [m for m in members if m not in by_label or m in placed]
            if not members or unknown:
                raise ValueError(f"Group {name!r} is empty or names unknown or repeated rows: {unknown}")
            placed.update(members)
            lines = [
                Line(str(i), m, sum_values([by_label[m].values], fields), "item")
                for i, m in enumerate(members, 1)
            ]
            body += [Line(roman(g), name, sum_values([x.values for x in lines], fields), "group"), *lines]
            items += lines
        if placed != set(by_label):
            raise ValueError(f"Rows in no group: {sorted(set(by_label) - placed)}")
    total_line = Line("", TOTAL_LABEL, sum_values([x.values for x in items], fields), "total")
    return {"first": [total_line, *body], "last": [*body, total_line], "none": body}[total]


def write_header(sheet: Sheet, top: int, spans: Sequence[Span], fmt: Format) -> None:
    """Write header cells, merging those that span more than one cell."""
    for r0, c0, r1, c1, text in spans:
        if (r0, c0) == (r1, c1):
            sheet.write_string(top + r0, c0, text, fmt)
        else:
            sheet.merge_range(top + r0, c0, top + r1, c1, text, fmt)


def write_lines(
    sheet: Sheet, row: int, lines: Sequence[Line], fields: Sequence[str], fmt: dict[str, Format]
) -> int:
    """Write the table rows from `row`; unknown counts stay empty cells. Returns the next free row."""
    for line in lines:
        prefix = "" if line.kind == "item" else f"{line.kind}_"
        for col, text, style in ((0, line.stt, "stt"), (1, line.label, "text")):
            if text:
                sheet.write_string(row, col, text, fmt[prefix + style])
            else:
                sheet.write_blank(row, col, None, fmt[prefix + style])
        for col, name in enumerate(fields, 2):
            value = line.values.get(name)
            if value is None:
                sheet.write_blank(row, col, None, fmt[f"{prefix}num"])
            else:
                sheet.write_number(row, col, value, fmt[f"{prefix}num"])
        row += 1
    return row


def office_heading(sheet: Sheet, fmt: dict[str, Format], *, split: int, last: int) -> None:
    """Landscape A4, one page wide; the issuer over columns 0..split-1, the national motto from split to last."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.merge_range(0, 0, 0, split - 1, TOWN_HEADING, fmt["heading"])
    sheet.merge_range(0, split, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["heading"])
    sheet.merge_range(1, split, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])


def official_header(by: Literal["sector", "unit"]) -> list[Span]:
    """The 3-row merged header of form II.06a, columns A–N."""
    label = "Lĩnh vực giải quyết" if by == "sector" else "Tên đơn vị"
    spans: list[Span] = [
        (0, 0, 2, 0, "STT"),
        (0, 1, 2, 1, label),
        (0, 2, 0, 5, "Số hồ sơ nhận giải quyết"),
        (1, 2, 2, 2, "Tổng số"),
        (1, 3, 2, 3, "Số kỳ trước chuyển qua"),
        (1, 4, 1, 5, "Số mới tiếp nhận"),
        (2, 4, 2, 4, "Trực tuyến"),
        (2, 5, 2, 5, "Trực tiếp, dịch vụ bưu chính"),
        (0, 6, 0, 12, "Kết quả giải quyết"),
        (1, 6, 1, 9, "Số hồ sơ đã giải quyết"),
        (1, 10, 1, 12, "Số hồ sơ đang giải quyết"),
        (0, 13, 2, 13, "Số hồ sơ rút, trả lại"),
    ]
    return spans + [(2, col, 2, col, text) for col, text in enumerate(_OFFICIAL_LEAVES, 6)]


def official_sheet(
    book: Any,
    fmt: dict[str, Format],
    *,
    lines: Sequence[Line],
    period_line: str,
    heading_unit: str | None,
    unit_line: str | None,
    by: Literal["sector", "unit"],
) -> tuple[Sheet, int]:
    """Form II.06a on a new sheet; returns the sheet and its first data row (0-based)."""
    sheet = book.add_worksheet(OFFICIAL_SHEET)
    last = len(OFFICIAL_FIELDS) + 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, last, 10.5)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.merge_range(0, 0, 0, 5, TOWN_HEADING, fmt["heading"])
    sheet.merge_range(0, 6, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["heading"])
    if heading_unit:
        sheet.merge_range(1, 0, 1, 5, heading_unit, fmt["heading"])
    sheet.merge_range(1, 6, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    sheet.merge_range(3, 0, 3, last, OFFICIAL_TITLE, fmt["title"])
    sheet.merge_range(4, 0, 4, last, period_line, fmt["period"])
    if unit_line:
        sheet.merge_range(5, 0, 5, 6, unit_line, fmt["left"])
    recipient = TOWN_RECIPIENT
    if unit_line and normalize(unit_line).endswith(normalize(TOWN_RECIPIENT)):
        recipient = "UBND tỉnh Quảng Ngãi"  # the town's own report goes up to the province
    sheet.merge_range(5, 7, 5, last, f"Đơn vị nhận báo cáo: {recipient}", fmt["right"])
    top = 7
    write_header(sheet, top, official_header(by), fmt["header"])
    sheet.set_row(top + 2, 45)
    for col in range(last + 1):
        sheet.write_string(top + 3, col, f"({col + 1})", fmt["colnum"])
    first = top + 4
    row = write_lines(sheet, first, lines, OFFICIAL_FIELDS, fmt)
    sheet.freeze_panes(first, 2)
    sign = row + 1
    sheet.merge_range(sign, 9, sign, last, "Đức Phổ, ngày … tháng … năm …", fmt["sign_date"])
    sheet.merge_range(sign + 1, 0, sign + 1, 4, "NGƯỜI LẬP BIỂU", fmt["sign"])
    sheet.merge_range(sign + 1, 9, sign + 1, last, "THỦ TRƯỞNG ĐƠN VỊ", fmt["sign"])
    sheet.merge_range(sign + 2, 0, sign + 2, 4, "(Ký, ghi rõ họ tên)", fmt["sign_note"])
    sheet.merge_range(sign + 2, 9, sign + 2, last, "(Ký tên, đóng dấu)", fmt["sign_note"])
    return sheet, first


def vendor_sheet(
    book: Any,
    fmt: dict[str, Format],
    *,
    lines: Sequence[Line],
    period_line: str,
    unit_title: str | None,
    by: Literal["sector", "unit"],
) -> Sheet:
    """A one-stop software's export: two header rows, no online split, early and on-time merged."""
    sheet = book.add_worksheet(VENDOR_SHEET)
    last = len(VENDOR_FIELDS) + 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, last, 11)
    if unit_title:
        sheet.merge_range(0, 0, 0, 5, unit_title.upper(), fmt["heading"])
    sheet.merge_range(1, 0, 1, last, VENDOR_TITLE, fmt["title"])
    sheet.merge_range(2, 0, 2, last, period_line, fmt["period"])
    spans: list[Span] = [
        (0, 0, 1, 0, "STT"),
        (0, 1, 1, 1, "Lĩnh vực" if by == "sector" else "Đơn vị"),
        (0, 2, 0, 4, "Tiếp nhận"),
        (0, 5, 0, 7, "Đã giải quyết"),
        (0, 8, 0, 10, "Đang giải quyết"),
        (0, 11, 1, 11, "Chờ bổ sung"),
        (0, 12, 1, 12, "Rút hồ sơ"),
    ]
    spans += [(1, col, 1, col, text) for col, text in enumerate(_VENDOR_LEAVES, 2)]
    write_header(sheet, 4, spans, fmt["header"])
    sheet.set_row(5, 45)
    write_lines(sheet, 6, lines, VENDOR_FIELDS, fmt)
    sheet.freeze_panes(6, 2)
    return sheet


def write_dossier_report(
    target: Target,
    *,
    rows: Sequence[ReportRow],
    period_line: str,
    unit_title: str | None,
    by: Literal["sector", "unit"],
    layout: Literal["official", "vendor"],
    total: Literal["first", "last", "none"] = "last",
    groups: Mapping[str, Sequence[str]] | None = None,
    created: datetime | None = None,
) -> None:
    """Write an aggregate dossier report: form II.06a ("official") or a vendor's export ("vendor")."""
    fields = OFFICIAL_FIELDS if layout == "official" else VENDOR_FIELDS
    lines = table_lines(rows, fields, total=total, groups=groups)
    book = new_workbook(target, created=created)
    fmt = formats(book)
    if layout == "official":
        heading = unit_title.upper() if unit_title and unit_title.upper() != TOWN_HEADING else None
        unit_line = f"Đơn vị báo cáo: {unit_title}" if unit_title else None
        official_sheet(
            book, fmt, lines=lines, period_line=period_line, heading_unit=heading, unit_line=unit_line, by=by
        )
    else:
        vendor_sheet(book, fmt, lines=lines, period_line=period_line, unit_title=unit_title, by=by)
    book.close()


def _serial(moment: datetime) -> float:
    """An Excel date serial (1900 system) for a naive local datetime."""
    return (moment.replace(tzinfo=None) - _EXCEL_EPOCH) / timedelta(days=1)


def list_sheet(
    book: Any,
    fmt: dict[str, Format],
    *,
    dossiers: Sequence[DossierRow],
    period_line: str | None,
    unit_title: str | None,
    text_dates: bool,
) -> tuple[Sheet, int]:
    """A dossier list in row order (constant_memory safe); returns the sheet and its header row."""
    sheet = book.add_worksheet(LIST_SHEET)
    for col, width in enumerate((7, 28, 60, 28, 30, 18, 17, 17, 17, 16)):
        sheet.set_column(col, col, width)
    row = 0
    last = len(LIST_HEADERS) - 1
    for text, style in (
        (unit_title and unit_title.upper(), "heading"),
        (LIST_TITLE, "title"),
        (period_line, "period"),
    ):
        if text:
            sheet.merge_range(row, 0, row, last, text, fmt[style])
            row += 1
    header = row + 1
    sheet.write_row(header, 0, LIST_HEADERS, fmt["header"])
    sheet.freeze_panes(header + 1, 0)
    cell, when = fmt["cell"], fmt["datetime"]
    for i, d in enumerate(dossiers, 1):
        r = header + i
        sheet.write_number(r, 0, i, cell)
        for col, text in enumerate((d.code, d.procedure, d.sector, d.unit, d.channel), 1):
            sheet.write_string(r, col, text, cell)
        for col, moment in enumerate((d.received_at, d.due_at, d.finished_at), 6):
            if moment is None:
                sheet.write_blank(r, col, None, cell)
            elif text_dates:
                sheet.write_string(r, col, f"{moment:%d/%m/%Y %H:%M}", cell)
            else:
                sheet.write_number(r, col, _serial(moment), when)
        sheet.write_string(r, 9, d.status, cell)
    if dossiers:
        sheet.autofilter(header, 0, header + len(dossiers), len(LIST_HEADERS) - 1)
    return sheet, header


def write_dossier_list(
    target: Target,
    *,
    dossiers: Sequence[DossierRow],
    period_line: str | None,
    unit_title: str | None,
    text_dates: bool = False,
    created: datetime | None = None,
) -> None:
    """Write a one-stop system export, one dossier a row (streamed: 100,000 rows take seconds)."""
    book = new_workbook(target, constant_memory=True, created=created)
    fmt = formats(book)
    list_sheet(
        book, fmt, dossiers=dossiers, period_line=period_line, unit_title=unit_title, text_dates=text_dates
    )
    book.close()
