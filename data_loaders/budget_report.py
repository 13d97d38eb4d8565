"""Reads the monthly budget revenue (thu ngân sách) and expenditure (chi ngân sách) reports: items and stated totals.

Amounts are converted to triệu đồng from the sheet's “ĐVT” line. A report that gives only the month (or only
the year to date) leaves the other amount None and marks `derived` with its name ("ytd" / "month"): the loader
cannot see the months already stored, so `dashboard.queries.budget` derives it at read time from the previous
month's stored year to date — or leaves it None when that month is missing (January needs no previous month).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from base import kinds
from base.budget_catalog import group_names
from base.periods import Period, month_end
from base.text import contains_words, normalize
from base.units import UnitMatcher, UnitRef
from data_loaders.base import (
    ParsedSheet,
    column_letters,
    find_unit,
    labelled_rows,
    require_unit,
    title_period,
)
from data_loaders.budget_checks import (
    AMOUNT_LABELS,
    PERCENT_LABELS,
    check_percentages,
    check_sums,
)
from data_loaders.budget_table import (
    is_column_number_row,
    line_records,
    map_columns,
    mark_structure,
    money_factor,
)
from data_loaders.parsing import ParseError, parse_number
from data_loaders.problems import Problems, cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.table import (
    MAX_TITLE_ROWS,
    RANK_NONE,
    Row,
    Table,
    cell_text,
    find_header_row,
    read_table,
    stt_rank,
)
from data_loaders.unnumbered_groups import infer_groups, is_unnumbered, settled
from data_loaders.workbook import Sheet

KIND_REVENUE = kinds.BUDGET_REVENUE
KIND_EXPENDITURE = kinds.BUDGET_EXPENDITURE
TITLE_REVENUE = kinds.KIND_TITLES[KIND_REVENUE]
TITLE_EXPENDITURE = kinds.KIND_TITLES[KIND_EXPENDITURE]
MODEL_KIND = {KIND_REVENUE: "revenue", KIND_EXPENDITURE: "expenditure"}

_HEADER_WORDS = ("du toan", "thuc hien", "luy ke", "cung ky", "uoc thuc hien", "so sanh")
# Disbursement, dossier and task tables have their own loaders.
_NOT_BUDGET = ("giai ngan", "ke hoach von", "ho so", "co quan chu tri", "nhiem vu")
_BUDGET_WORDS = ("ngan sach", "nsnn", "nsdp", "ns xa")
_DONE_WORDS = ("luy ke", "thuc hien")
_LABEL_HEADERS = ("noi dung", "chi tieu", "khoan muc", "danh muc", "ten chi tieu", "khoan thu", "khoan chi")
_REVENUE_TITLE = ("thu ngan sach", "thu nsnn", "thu nsdp", "thu ns")
_EXPENDITURE_TITLE = ("chi ngan sach", "chi nsnn", "chi nsdp", "chi ns")
_REVENUE_BODY = ("tong thu", "noi dung thu", "khoan thu", "thu noi dia")
_EXPENDITURE_BODY = ("tong chi", "noi dung chi", "khoan chi", "chi thuong xuyen", "chi dau tu phat trien")
_COUNCIL_WORDS = ("ubnd", "uy ban nhan dan", "don vi bao cao")
_GROUP_NAMES = group_names()


def _is_budget_header(text: str) -> bool:
    return any(contains_words(text, w) for w in _HEADER_WORDS)


def _texts(sheet: Sheet, first: int, last: int) -> list[str]:
    """Normalized non-empty texts of rows [first, last)."""
    return [normalize(t) for r in sheet.rows[first:last] for v in r if (t := cell_text(v))]


def _header_band(sheet: Sheet, header: int) -> list[str]:
    """Normalized texts of the header rows: from `header` down to a row with numbers or an STT (3 at most)."""
    out: list[str] = []
    for r in range(header, min(header + 3, len(sheet.rows))):
        row = sheet.rows[r]
        numbers = any(isinstance(v, int | float) and not isinstance(v, bool) for v in row)
        if r > header and (numbers or (row and stt_rank(cell_text(row[0])) != RANK_NONE)):
            break
        out += [normalize(t) for v in row if (t := cell_text(v))]
    return out


def find_budget_table(sheet: Sheet) -> tuple[int, str | None] | None:
    """The header row of a budget report and its kind (None when it cannot tell revenue from expenditure)."""
    header = find_header_row(sheet, _is_budget_header, min_hits=2)
    if header is None:
        header = _one_figure_header(sheet)
    if header is None:
        return None
    band = _header_band(sheet, header)
    has = partial(_has_any, band)
    if has(_NOT_BUDGET):
        return None
    # "Dự toán" makes a budget table; "kế hoạch" only beside "lũy kế"/"cùng kỳ" (a task plan also says it).
    estimate = has(("du toan",)) or (has(("ke hoach",)) and has(("luy ke", "cung ky")))
    said_budget = _has_any([*_texts(sheet, 0, header), *band], _BUDGET_WORDS)
    # Without an estimate column the month and year to date are still the report (its rates stay missing): the
    # title or header must then say it is a budget.
    if not estimate and not (said_budget and has(_DONE_WORDS)):
        return None
    kind = budget_kind(sheet, header)
    if kind is None and not said_budget:
        return None
    return header, kind


def _one_figure_header(sheet: Sheet) -> int | None:
    """A header with a single figure column ("Nội dung | Lũy kế từ đầu năm"): the label header beside it."""
    for r in range(min(MAX_TITLE_ROWS, len(sheet.rows))):
        texts = [normalize(t) for v in sheet.rows[r] if (t := cell_text(v))]
        if any(t.startswith(_LABEL_HEADERS) for t in texts) and any(_is_budget_header(t) for t in texts):
            return r
    return None


def _has_any(texts: list[str], phrases: tuple[str, ...]) -> bool:
    return any(contains_words(t, p) for t in texts for p in phrases)


def budget_kind(sheet: Sheet, header: int) -> str | None:
    """Revenue or expenditure: from the title first, else from the header and row labels."""
    title = " ".join(_texts(sheet, 0, header))
    both = contains_words(title, "thu chi") or contains_words(title, "thu va chi")
    revenue = any(contains_words(title, w) for w in _REVENUE_TITLE)
    spending = any(contains_words(title, w) for w in _EXPENDITURE_TITLE)
    if revenue != spending and not both:
        return KIND_REVENUE if revenue else KIND_EXPENDITURE
    body = " | ".join(_texts(sheet, header, min(len(sheet.rows), header + 60)))
    revenue = any(contains_words(body, w) for w in _REVENUE_BODY)
    spending = any(contains_words(body, w) for w in _EXPENDITURE_BODY)
    if revenue != spending:
        return KIND_REVENUE if revenue else KIND_EXPENDITURE
    return None


def looks_like_revenue(sheet: Sheet) -> int | None:
    """The header row if this is a revenue report (or a budget report of unclear kind, refused when read)."""
    found = find_budget_table(sheet)
    return found[0] if found and found[1] in (KIND_REVENUE, None) else None


def looks_like_expenditure(sheet: Sheet) -> int | None:
    """The header row if this is an expenditure report."""
    found = find_budget_table(sheet)
    return found[0] if found and found[1] == KIND_EXPENDITURE else None


def report_month(period: Period) -> Period:
    """The calendar month a report stands for: the month its period ends in ("5 tháng đầu năm" → May)."""
    y, m = period.end.year, period.end.month
    return Period(date(y, m, 1), month_end(y, m), f"Tháng {m}/{y}")


def report_unit(
    sheet: Sheet, header: int, matcher: UnitMatcher, on: date | None, problems: Problems
) -> UnitRef | None:
    """The budget's unit from the title; an office that prepared the town's report gives way to the town."""
    finding = find_unit(sheet, header, matcher, on, problems)
    if finding.unknown:
        return None
    unit = finding.unit
    cells = [(r, c, t) for r in range(header) for c, v in enumerate(sheet.rows[r]) if (t := cell_text(v))]
    if unit is not None and unit.kind == "office":
        others = [u for _, _, t in cells if (u := matcher.match(t, on)) and u.kind != "office"]
        unit = next((u for u in reversed(others) if u.kind != "town"), others[0] if others else unit)
    if unit is not None:
        return unit
    for r, c, text in cells:  # a unit line that names no known unit: say which ones are close
        norm = normalize(text)
        if norm.startswith(_COUNCIL_WORDS) and len(text) <= 120:
            name = text.split(":", 1)[1] if ":" in text else text
            return require_unit(name.strip(), matcher, on, problems, sheet=sheet.name, cell=cell_ref(r, c))
    problems.error(
        ReasonCode.NO_UNIT,
        "Không xác định được đơn vị báo cáo: phần tiêu đề không ghi tên đơn vị. Hãy thêm dòng tên đơn vị phía "
        "trên bảng, ví dụ “UBND THỊ XÃ ĐỨC PHỔ” hoặc “UBND XÃ PHỔ AN”.",
        sheet=sheet.name,
    )
    return None


def read_sheet(
    sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems, *, kind: str
) -> ParsedSheet:
    """Read one report: items, groups and the total as BudgetLine dicts; sums and % columns checked."""
    table = read_table(
        sheet, header_row, is_label_header=lambda t: t.startswith(_LABEL_HEADERS) or t in {"ten", "muc"}
    )
    parsed = ParsedSheet(kind, sheet.name, None, None, {}, [], problems)
    parsed.rows.read = len(table.rows)
    detected = budget_kind(sheet, header_row)
    if detected is not None and detected != kind:
        kind = parsed.kind = detected
    elif detected is None:
        problems.error(
            ReasonCode.UNKNOWN_BUDGET_KIND,
            "Không rõ đây là báo cáo thu hay chi ngân sách. Hãy ghi rõ tiêu đề, ví dụ “BÁO CÁO THU NGÂN SÁCH NHÀ "
            "NƯỚC THÁNG 5 NĂM 2023” hoặc “BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG THÁNG 5 NĂM 2023”.",
            sheet=sheet.name,
        )
    period = title_period(table, problems, notes=parsed.notes)
    if period is not None:
        parsed.period = report_month(period)
        if period.end != parsed.period.end:
            parsed.notes.append(
                f"Kỳ báo cáo {period.label} được tính là tháng {period.end.month}/{period.end.year}."
            )
    on = parsed.period.end if parsed.period else None
    parsed.unit = report_unit(sheet, header_row, matcher, on, problems)
    factor = money_factor(sheet, table.header_end, problems)
    column_problems = Problems(cap_per_code=problems.cap_per_code)
    fields = map_columns(table, column_problems, parsed.notes)
    problems.extend(column_problems)
    if column_problems.has_errors() or factor is None:
        return parsed  # rows mean nothing without their columns and their money unit
    parsed.columns = column_letters(fields)
    table.rows = [r for r in table.rows if not is_column_number_row(r)]
    rows = labelled_rows(table, fields, problems, name="nội dung (tên khoản thu/chi)")
    amounts = {r.index: _read(r, fields, AMOUNT_LABELS, problems, sheet.name, factor) for r in rows}
    percents = {r.index: _read(r, fields, PERCENT_LABELS, problems, sheet.name, None) for r in rows}
    if is_unnumbered(table.rows) and not _rank_unnumbered(table, amounts, factor, problems):
        return parsed
    mark_structure(table.rows)
    check_sums(rows, amounts, fields, problems, sheet.name, factor)
    for row in rows:
        check_percentages(row, amounts[row.index], percents[row.index], fields, problems, sheet.name)
    if parsed.unit is None or parsed.period is None or problems.has_errors():
        return parsed
    parsed.records = line_records(
        rows,
        amounts,
        base={
            "unit_id": parsed.unit.id,
            "kind": MODEL_KIND[kind],
            "year": parsed.period.end.year,
            "month": parsed.period.end.month,
        },
        fields=fields,
        problems=problems,
        sheet=sheet.name,
    )
    if problems.has_errors():  # a duplicate item: nothing of the sheet is stored
        parsed.records = []
    return parsed


def _rank_unnumbered(
    table: Table, amounts: dict[int, dict[str, float | None]], factor: float, problems: Problems
) -> bool:
    """Without STT, group rows are told by their sums (and the forms' group names); False when refused."""
    return settled(
        problems,
        table,
        infer_groups(
            table.rows,
            amounts,
            # The tolerance of check_sums: items written rounded may miss their group by half a unit each.
            tolerance=lambda n: max(1e-6, 0.0005 * factor * n),
            is_group_name=lambda r: normalize(r.label) in _GROUP_NAMES,
        ),
        harm="tính trùng số tiền",
        numbering="I, II… cho nhóm; 1, 2… cho các khoản",
    )


def _read(
    row: Row,
    fields: dict[str, int],
    labels: dict[str, str],
    problems: Problems,
    sheet: str,
    factor: float | None,
) -> dict[str, float | None]:
    """A row's amounts (× factor, in triệu đồng) or percentages (factor None); problems recorded."""
    out: dict[str, float | None] = {}
    for name, col in fields.items():
        if name not in labels:
            continue
        value = row.cell(col)
        where = f"Dòng {row.index + 1} ({row.label or 'Tổng'}), cột “{labels[name]}”"
        try:
            number = parse_number(value)
        except ParseError as exc:
            problems.error(
                exc.code, f"{where}: {exc.message}", sheet=sheet, cell=cell_ref(row.index, col), value=value
            )
            number = None
        if number is not None and number < 0 and name.startswith("estimate"):
            problems.error(
                ReasonCode.NEGATIVE,
                f"{where}: dự toán âm ({cell_text(value)}) không hợp lệ; dự toán phải từ 0 trở lên.",
                sheet=sheet,
                cell=cell_ref(row.index, col),
                value=value,
            )
            number = None
        elif number is not None and number < 0 and factor is not None:
            problems.warning(
                ReasonCode.NEGATIVE_AMOUNT,
                f"{where}: số âm ({cell_text(value)}). Chỉ đúng khi là khoản giảm thu/hoàn trả; nếu không, hãy sửa lại.",
                sheet=sheet,
                cell=cell_ref(row.index, col),
                value=value,
            )
        # Rounded to the đồng: 70,264 tỷ × 1000 must be 70264, not 70264.00000000001.
        out[name] = (
            None if number is None else (round(number * factor, 6) if factor is not None else float(number))
        )
    return out


def read_revenue_sheet(
    sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems
) -> ParsedSheet:
    """Read a revenue report sheet (the registry's read_sheet)."""
    return read_sheet(sheet, header_row, matcher, problems, kind=KIND_REVENUE)


def read_expenditure_sheet(
    sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems
) -> ParsedSheet:
    """Read an expenditure report sheet (the registry's read_sheet)."""
    return read_sheet(sheet, header_row, matcher, problems, kind=KIND_EXPENDITURE)


ReadSheet = Callable[[Sheet, int, UnitMatcher, Problems], ParsedSheet]
# (kind, title, looks_like, read_sheet) for data_loaders.registry.Loader.
LOADERS_INFO: tuple[tuple[str, str, Callable[[Sheet], int | None], ReadSheet], ...] = (
    (KIND_REVENUE, TITLE_REVENUE, looks_like_revenue, read_revenue_sheet),
    (KIND_EXPENDITURE, TITLE_EXPENDITURE, looks_like_expenditure, read_expenditure_sheet),
)

__all__ = [
    "KIND_EXPENDITURE",
    "KIND_REVENUE",
    "LOADERS_INFO",
    "MODEL_KIND",
    "budget_kind",
    "find_budget_table",
    "looks_like_expenditure",
    "looks_like_revenue",
    "read_expenditure_sheet",
    "read_revenue_sheet",
    "read_sheet",
    "report_month",
]
