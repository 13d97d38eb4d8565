"""What every report loader shares: the parsed result, title unit and period, and counts read from cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.text import normalize
from dashboard.units import UnitMatcher, UnitRef, unknown_unit_message
from data_loaders.parsing import ParseError, Period, find_period, parse_number
from data_loaders.problems import Problems, cell_ref, column_letter
from data_loaders.row_counts import RowCounts
from data_loaders.table import Row, Table, cell_text
from data_loaders.workbook import Sheet

# "Đơn vị nhận báo cáo" names the recipient, not the author, hence the lookahead.
_UNIT_LINE = re.compile(r"^(don vi bao cao|co quan bao cao|don vi|co quan)\s+(?!nhan\b)(.+)$")


@dataclass
class ParsedSheet:
    """One sheet read as one kind of report: its unit and period, the column map, records and problems."""

    kind: str
    sheet: str
    period: Period | None
    unit: UnitRef | None  # the reporting unit from the title (or the town for town-wide lists)
    columns: dict[str, str]  # field -> column letter
    records: list[Any]
    problems: Problems
    notes: list[str] = field(default_factory=list)  # facts worth showing in a preview (layout variant…)
    extra: dict[str, Any] = field(default_factory=dict)
    rows: RowCounts = field(default_factory=RowCounts)  # data rows read, stored and skipped


def title_period(table: Table, problems: Problems, *, required: bool = True) -> Period | None:
    """The reporting period written above the table; an error naming the sheet when it cannot be found."""
    period = find_period("\n".join(table.title_lines))
    if period is None and required:
        problems.error(
            "no_period",
            "Không tìm thấy kỳ báo cáo ở phần tiêu đề. Hãy thêm một dòng phía trên bảng, ví dụ "
            "“Kỳ báo cáo: Tháng 5/2023” hoặc “Từ ngày 01/01/2023 đến ngày 20/07/2023”.",
            sheet=table.sheet.name,
        )
    return period


def title_unit(sheet: Sheet, header_row: int, matcher: UnitMatcher, on: date | None) -> UnitRef | None:
    """The unit named above the table: an explicit 'Đơn vị báo cáo: …' line wins, else the most local unit."""
    found: list[UnitRef] = []
    for r in range(header_row):
        for value in sheet.rows[r]:
            text = cell_text(value)
            if not text or len(text) > 120:
                continue
            explicit = _UNIT_LINE.match(normalize(text))
            candidate = text.split(":", 1)[1] if explicit and ":" in text else text
            unit = matcher.match(candidate.strip(), on)
            if unit is not None and explicit:
                return unit
            if unit is not None:
                found.append(unit)
    # "UBND THỊ XÃ ĐỨC PHỔ" above "UBND XÃ PHỔ AN": the report belongs to the commune.
    return next((u for u in reversed(found) if u.kind != "town"), found[0] if found else None)


def require_unit(
    name: str, matcher: UnitMatcher, on: date | None, problems: Problems, *, sheet: str, cell: str
) -> UnitRef | None:
    """Match a unit name or record an error that suggests the closest known units."""
    unit = matcher.match(name, on)
    if unit is None:
        problems.error(
            "unknown_unit",
            unknown_unit_message(name, matcher.suggest(name)),
            sheet=sheet,
            cell=cell,
            value=name,
        )
    return unit


def read_count(row: Row, col: int, problems: Problems, *, sheet: str, what: str) -> int | None:
    """A non-negative whole number of dossiers from a cell; None when empty; problems recorded."""
    value = row.cell(col)
    try:
        number = parse_number(value)
    except ParseError as exc:
        problems.error(
            exc.code, f"{what}: {exc.message}", sheet=sheet, cell=cell_ref(row.index, col), value=value
        )
        return None
    if number is None:
        return None
    if number < 0:
        problems.error(
            "negative",
            f"{what}: số âm ({cell_text(value)}) không hợp lệ; số hồ sơ phải từ 0 trở lên.",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=value,
        )
        return None
    if not float(number).is_integer():
        problems.error(
            "not_whole",
            f"{what}: {cell_text(value)} không phải số nguyên; số hồ sơ phải là số nguyên.",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=value,
        )
        return None
    return int(number)


def column_letters(fields: dict[str, int]) -> dict[str, str]:
    """field -> column letter, for tracing figures to cells."""
    return {name: column_letter(col) for name, col in fields.items()}


def vn_int(n: int | None) -> str:
    """A count in Vietnamese format (thousands with '.'), '—' when missing."""
    return "—" if n is None else f"{n:,}".replace(",", ".")
