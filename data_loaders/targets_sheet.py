"""Reads a targets sheet (chỉ tiêu): one row per indicator, year, unit (or all), capital source and date."""

from __future__ import annotations

from datetime import date
from typing import Any

from base import kinds
from base.capital_sources import SOURCE_GROUPS
from base.periods import Period
from base.text import normalize
from base.units import UnitMatcher, UnitRef
from data_loaders.base import ParsedSheet, column_letters, require_unit
from data_loaders.disbursement_checks import source_group_of
from data_loaders.parsing import ParseError, is_missing, parse_date, parse_number
from data_loaders.problems import Problems, cell_ref
from data_loaders.table import MAX_TITLE_ROWS, Row, Table, cell_text, read_table
from data_loaders.workbook import Sheet

KIND = kinds.TARGETS
TITLE = kinds.KIND_TITLES[KIND]

# The KPI keys a target can name, with the Vietnamese name shown in templates and messages.
INDICATORS: dict[str, str] = {
    "disbursement_pct": "Tỷ lệ giải ngân",
    "online_rate": "Tỷ lệ nộp hồ sơ trực tuyến",
    "online_payment_rate": "Tỷ lệ thanh toán trực tuyến",
    "on_time_rate": "Tỷ lệ giải quyết đúng hạn",
    "revenue_pct_of_estimate": "Thu ngân sách so dự toán",
    "task_completion_rate": "Tỷ lệ hoàn thành nhiệm vụ",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "disbursement_pct": ("giai ngan", "ty le giai ngan von dau tu cong", "giai ngan von dau tu cong"),
    "online_rate": (
        "ty le nop truc tuyen",
        "ty le ho so truc tuyen",
        "ho so truc tuyen",
        "nop ho so truc tuyen",
    ),
    "online_payment_rate": ("thanh toan truc tuyen",),
    "on_time_rate": ("ty le dung han", "ty le ho so giai quyet dung han", "giai quyet dung han"),
    "revenue_pct_of_estimate": (
        "thu ngan sach",
        "ty le thu ngan sach so du toan",
        "thu ngan sach so du toan giao",
    ),
    "task_completion_rate": ("hoan thanh nhiem vu", "ty le nhiem vu hoan thanh"),
}
_INDICATOR_KEYS: dict[str, str] = {
    **{normalize(name): key for key, name in INDICATORS.items()},
    **{syn: key for key, synonyms in _SYNONYMS.items() for syn in synonyms},
    **{normalize(key): key for key in INDICATORS},
}
UNCAPPED = frozenset({"revenue_pct_of_estimate"})  # revenue may exceed its estimate; rates cannot exceed 100%
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("chi tieu", "ten chi tieu", "noi dung chi tieu", "chi so"),
    "year": ("nam",),
    "unit": ("don vi", "ten don vi", "don vi ap dung"),
    "source": ("nguon von",),
    "due": ("moc thoi gian", "moc", "thoi han", "den ngay"),
    "value": ("gia tri", "muc tieu"),
    "tolerance": ("dung sai",),
}
LABELS = {
    "indicator": "Chỉ tiêu",
    "year": "Năm",
    "unit": "Đơn vị",
    "source": "Nguồn vốn",
    "due": "Mốc thời gian",
    "value": "Giá trị (%)",
    "tolerance": "Dung sai",
}
ALL_UNITS = ("", "tat ca", "tat ca don vi", "tat ca cac don vi", "toan thi xa", "chung", "toan bo")
ALL_SOURCES = (
    "",
    "tat ca",
    "tat ca nguon von",
    "tat ca cac nguon",
    "tat ca cac nguon von",
    "toan bo",
    "chung",
)
DEFAULT_TOLERANCE = 5.0


def indicator_key(text: str) -> str | None:
    """The KPI key a Vietnamese indicator name (or the key itself) stands for."""
    return _INDICATOR_KEYS.get(normalize(text))


def _field(label: str) -> str | None:
    for name, synonyms in COLUMNS.items():
        if any(label == s or label.startswith(s + " ") for s in synonyms):
            return name
    return None


def looks_like(sheet: Sheet) -> int | None:
    """The header row if the sheet lists targets: 'Chỉ tiêu', 'Năm' and 'Giá trị' headers in one row."""
    for r in range(min(MAX_TITLE_ROWS, len(sheet.rows))):
        found = {_field(normalize(v)) for v in sheet.rows[r] if isinstance(v, str) and v.strip()}
        if {"indicator", "year", "value"} <= found:
            return r
    return None


def map_columns(table: Table, problems: Problems) -> dict[str, int]:
    """field -> column index, by header text."""
    fields: dict[str, int] = {}
    for column in table.columns:
        name = _field(column.label)
        if name is None:
            continue
        if name in fields:
            problems.error(
                "duplicate_column",
                f"Hai cột cùng là “{LABELS[name]}”: {cell_ref(table.header_start, fields[name])} và "
                f"{cell_ref(table.header_start, column.index)}. Hãy xóa hoặc đổi tên một cột.",
                sheet=table.sheet.name,
                cell=cell_ref(table.header_start, column.index),
            )
            continue
        fields[name] = column.index
    for required in ("indicator", "year", "value"):
        if required not in fields:
            problems.error(
                "missing_column",
                f"Không tìm thấy cột “{LABELS[required]}” ở dòng tiêu đề {table.header_start + 1}. Bảng chỉ tiêu cần "
                "các cột “Chỉ tiêu”, “Năm”, “Giá trị (%)”; hãy dùng mẫu tải từ trang Dữ liệu.",
                sheet=table.sheet.name,
                cell=f"dòng {table.header_start + 1}",
            )
    return fields


def read_sheet(sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems) -> ParsedSheet:
    """Read every target row; the period is the year (or years) the targets cover."""
    table = read_table(
        sheet,
        header_row,
        is_label_header=lambda t: _field(t) == "indicator",
        # A first target written all as text ("on_time_rate | 2023 | 50%") is data, not a second header row.
        is_header_text=lambda t: _field(t) is not None,
    )
    parsed = ParsedSheet(KIND, sheet.name, None, None, {}, [], problems)
    parsed.rows.read = len(table.rows)
    fields = map_columns(table, problems)
    if problems.has_errors():
        return parsed
    parsed.columns = column_letters(fields)
    seen: dict[tuple[Any, ...], int] = {}
    units: list[UnitRef | None] = []
    for row in table.rows:
        if not any(cell_text(row.cell(c)) for c in fields.values()):
            continue
        record = _read_row(row, fields, matcher, problems, sheet.name, units)
        if record is None:
            continue
        key = tuple(record[k] for k in ("indicator", "year", "unit_id", "source_group", "due"))
        if key in seen:
            problems.error(
                "duplicate_key",
                f"Dòng {row.index + 1} trùng chỉ tiêu, năm, đơn vị, nguồn vốn và mốc thời gian với dòng {seen[key]}. "
                "Mỗi chỉ tiêu chỉ ghi một giá trị; hãy xóa dòng trùng hoặc sửa mốc thời gian.",
                sheet=sheet.name,
                cell=f"dòng {row.index + 1}",
                value=cell_text(row.cell(fields["indicator"])),
            )
            continue
        seen[key] = row.index + 1
        parsed.records.append(record)
    years = sorted({r["year"] for r in parsed.records})
    if not years:
        if not problems.has_errors():
            problems.error(
                "no_rows",
                "Bảng chỉ tiêu không có dòng nào. Hãy điền ít nhất một chỉ tiêu với năm và giá trị.",
                sheet=sheet.name,
            )
        return parsed
    label = f"Năm {years[0]}" if len(years) == 1 else f"Năm {years[0]}–{years[-1]}"
    parsed.period = Period(date(years[0], 1, 1), date(years[-1], 12, 31), label)
    # A file of one unit's own targets must not replace the town's file for the same years.
    if units and all(u is not None and u == units[0] for u in units):
        parsed.unit = units[0]
    return parsed


def _read_row(
    row: Row,
    fields: dict[str, int],
    matcher: UnitMatcher,
    problems: Problems,
    sheet: str,
    units: list[UnitRef | None],
) -> dict[str, Any] | None:
    """One target as a Target record, or None after recording its errors."""
    before = len(problems.errors)
    ref = {name: cell_ref(row.index, col) for name, col in fields.items()}
    where = f"Dòng {row.index + 1}"
    text = " ".join(cell_text(row.cell(fields["indicator"])).split())
    indicator = indicator_key(text)
    if indicator is None:
        accepted = "; ".join(f"“{name}” ({key})" for key, name in INDICATORS.items())
        problems.error(
            "unknown_indicator",
            f"{where}: không nhận ra chỉ tiêu “{text}”. Các chỉ tiêu được nhận: {accepted}.",
            sheet=sheet,
            cell=ref["indicator"],
            value=text,
        )
    year = _number(row, fields, "year", problems, sheet)
    if year is None and is_missing(row.cell(fields["year"])):
        problems.error(
            "missing_value",
            f"{where}: chưa ghi năm; hãy ghi năm 4 chữ số, ví dụ 2023.",
            sheet=sheet,
            cell=ref["year"],
        )
    elif year is not None and (not year.is_integer() or not 2000 <= year <= 2100):
        problems.error(
            "bad_year",
            f"{where}: năm “{cell_text(row.cell(fields['year']))}” không hợp lệ; hãy ghi năm 4 chữ số, ví dụ 2023.",
            sheet=sheet,
            cell=ref["year"],
            value=row.cell(fields["year"]),
        )
        year = None
    value = _number(row, fields, "value", problems, sheet)
    if value is None and is_missing(row.cell(fields["value"])):
        problems.error(
            "missing_value", f"{where}: chưa ghi giá trị chỉ tiêu (%).", sheet=sheet, cell=ref["value"]
        )
    elif value is not None and indicator not in UNCAPPED and value > 100:
        problems.error(
            "out_of_range",
            f"{where}: giá trị {cell_text(row.cell(fields['value']))}% vượt 100%; tỷ lệ chỉ từ 0 đến 100.",
            sheet=sheet,
            cell=ref["value"],
            value=row.cell(fields["value"]),
        )
    elif value is not None and 0 < value <= 1:
        problems.warning(
            "tiny_value",
            f"{where}: giá trị {cell_text(row.cell(fields['value']))} rất nhỏ. Nếu ô được định dạng phần trăm "
            "(ví dụ 60% được lưu là 0,6), hãy ghi số phần trăm, ví dụ 60.",
            sheet=sheet,
            cell=ref["value"],
            value=row.cell(fields["value"]),
        )
    tolerance = _number(row, fields, "tolerance", problems, sheet) if "tolerance" in fields else None
    source_group = _source(row, fields, indicator, problems, sheet)
    due = _due(row, fields, year, problems, sheet)
    # A name is matched as of the target's own date (its milestone, else the start of its year): "Nguyễn Nghiêm"
    # was a ward until 30/6/2025 and is a commune since.
    on = due or (date(int(year), 1, 1) if year is not None else None)
    unit = _unit(row, fields, matcher, problems, sheet, on)
    if len(problems.errors) > before or indicator is None or year is None or value is None:
        return None
    units.append(unit)
    return {
        "indicator": indicator,
        "year": int(year),
        "unit_id": unit.id if unit else None,
        "source_group": source_group,
        "due": due,
        "value": float(value),
        "tolerance": DEFAULT_TOLERANCE if tolerance is None else float(tolerance),
        "row": row.index + 1,
    }


def _number(row: Row, fields: dict[str, int], name: str, problems: Problems, sheet: str) -> float | None:
    """A non-negative number from the row's cell; None when empty or wrong (with the error recorded)."""
    value = row.cell(fields[name])
    try:
        number = parse_number(value)
    except ParseError as exc:
        problems.error(
            exc.code,
            f"Dòng {row.index + 1}, cột “{LABELS[name]}”: {exc.message}",
            sheet=sheet,
            cell=cell_ref(row.index, fields[name]),
            value=value,
        )
        return None
    if number is not None and number < 0:
        problems.error(
            "negative",
            f"Dòng {row.index + 1}, cột “{LABELS[name]}”: số âm ({cell_text(value)}) không hợp lệ.",
            sheet=sheet,
            cell=cell_ref(row.index, fields[name]),
            value=value,
        )
        return None
    return None if number is None else float(number)


def _unit(
    row: Row, fields: dict[str, int], matcher: UnitMatcher, problems: Problems, sheet: str, on: date | None
) -> UnitRef | None:
    """The unit the target is for; None for every unit (empty, 'Tất cả', 'Toàn thị xã' or the root unit itself)."""
    if "unit" not in fields:
        return None
    text = " ".join(cell_text(row.cell(fields["unit"])).split())
    if normalize(text) in ALL_UNITS:
        return None
    unit = require_unit(text, matcher, on, problems, sheet=sheet, cell=cell_ref(row.index, fields["unit"]))
    return None if unit is None or matcher.is_root(unit) else unit


def _source(row: Row, fields: dict[str, int], indicator: str | None, problems: Problems, sheet: str) -> str:
    """The capital-source family of a disbursement milestone; '' for every source."""
    if "source" not in fields:
        return ""
    text = " ".join(cell_text(row.cell(fields["source"])).split())
    if normalize(text) in ALL_SOURCES:
        return ""
    cell = cell_ref(row.index, fields["source"])
    if indicator is not None and indicator != "disbursement_pct":
        problems.error(
            "source_not_allowed",
            f"Dòng {row.index + 1}: cột “Nguồn vốn” chỉ dùng cho chỉ tiêu “{INDICATORS['disbursement_pct']}”; "
            "hãy để trống ô này.",
            sheet=sheet,
            cell=cell,
            value=text,
        )
        return ""
    family = source_group_of(text)
    if family is None:
        accepted = "; ".join(f"“{name}”" for name in SOURCE_GROUPS.values())
        problems.error(
            "unknown_source",
            f"Dòng {row.index + 1}: không nhận ra nguồn vốn “{text}”. Hãy để trống (mọi nguồn vốn) hoặc ghi một "
            f"trong: {accepted}.",
            sheet=sheet,
            cell=cell,
            value=text,
        )
        return ""
    return family


def _due(row: Row, fields: dict[str, int], year: float | None, problems: Problems, sheet: str) -> date | None:
    """The milestone date, within the target's year (or January of the next, when last year's capital ends)."""
    if "due" not in fields:
        return None
    value = row.cell(fields["due"])
    cell = cell_ref(row.index, fields["due"])
    try:
        due = parse_date(value)
    except ParseError as exc:
        problems.error(
            exc.code,
            f"Dòng {row.index + 1}, cột “Mốc thời gian”: {exc.message}",
            sheet=sheet,
            cell=cell,
            value=value,
        )
        return None
    if due is not None and year is not None:
        first, last = date(int(year), 1, 1), date(int(year) + 1, 1, 31)
        if not first <= due <= last:
            problems.error(
                "bad_date",
                f"Dòng {row.index + 1}: mốc thời gian {due:%d/%m/%Y} không thuộc năm {int(year)} "
                f"(từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}). Hãy sửa năm hoặc mốc thời gian.",
                sheet=sheet,
                cell=cell,
                value=value,
            )
            return None
    return due


__all__ = ["INDICATORS", "KIND", "TITLE", "indicator_key", "looks_like", "read_sheet"]
