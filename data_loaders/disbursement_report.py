"""Reads a public-investment disbursement report (giải ngân vốn đầu tư công): one row per project, at a date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from base import kinds
from base.capital_sources import SOURCE_GROUPS
from base.periods import Period, month_end
from base.text import contains_words, normalize
from base.units import UnitMatcher, UnitRef
from data_loaders import disbursement_checks as checks
from data_loaders.base import ParsedSheet, column_letters, find_unit
from data_loaders.breakdowns import mark_breakdowns
from data_loaders.columns import FieldSpec, classify_columns, report_missing
from data_loaders.disbursement_checks import FIELD_LABELS, source_group_of
from data_loaders.money_units import find_money_unit
from data_loaders.parsing import NORMALIZED_DATE, file_name_dates, file_name_period, find_period
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode
from data_loaders.table import MAX_TITLE_ROWS, RANK_NONE, Column, Row, Table, cell_text, read_table, stt_rank
from data_loaders.unnumbered_groups import infer_groups, is_unnumbered, settled
from data_loaders.workbook import Sheet

KIND = kinds.DISBURSEMENT
TITLE = kinds.KIND_TITLES[KIND]

_PROJECT_HEADERS = ("danh muc", "ten du an", "du an", "ten cong trinh", "cong trinh", "noi dung")
_AS_OF_DAY = re.compile(rf"\bden (?:het )?(?:ngay )?{NORMALIZED_DATE}\b")
_AS_OF_MONTH = re.compile(r"\bden (?:het )?thang (\d{1,2}) (?:nam )?(\d{4})\b")
_YEAR = re.compile(r"\bnam (\d{4})\b")
REQUIRED = (
    FieldSpec(
        "plan",
        FIELD_LABELS["plan"],
        headers=("Kế hoạch vốn năm …",),
        required=True,
        alternatives=("plan_total",),
    ),
    FieldSpec(
        "disbursed",
        FIELD_LABELS["disbursed"],
        headers=("Giải ngân đến ngày …", "Lũy kế giải ngân"),
        required=True,
    ),
)


def _is_project_header(text: str) -> bool:
    return text.startswith(_PROJECT_HEADERS)


def looks_like(sheet: Sheet) -> int | None:
    """The header row if this sheet is a disbursement report: plan, disbursement and project headers."""
    for r in range(min(MAX_TITLE_ROWS, len(sheet.rows))):
        row = sheet.rows[r]
        first = [normalize(v) for v in row if isinstance(v, str) and v.strip()]
        # Header rows hold short texts only; a data row ("1 | Đẩy nhanh giải ngân… | Các chủ đầu tư") is not one.
        if len(first) < 2 or stt_rank(cell_text(row[0])) != RANK_NONE or any(_is_number(v) for v in row):
            continue
        below = sheet.rows[r + 1] if r + 1 < len(sheet.rows) else []
        texts = first + [normalize(v) for v in below if isinstance(v, str)]  # a second header row
        has_plan = any(contains_words(t, "ke hoach") or contains_words(t, "kh von") for t in texts)
        has_paid = any(contains_words(t, "giai ngan") for t in texts)
        has_project = any(_is_project_header(t) or t.startswith("chu dau tu") for t in first)
        if has_plan and has_paid and has_project:
            return r
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def classify(column: Column) -> str | None:
    """The field a header column holds; None for columns the dashboard does not use."""
    label = column.label
    raw = " ".join(column.raw)
    if contains_words(label, "ty le") or "%" in raw:
        return "pct"
    if contains_words(label, "ghi chu") or contains_words(label, "chua giai ngan"):
        return None
    if contains_words(label, "con lai") or contains_words(label, "khoi luong"):
        return None
    # "Tổng mức đầu tư" is the project's cost; "Lũy kế vốn đã bố trí" the capital allocated, not disbursed.
    if contains_words(label, "tong muc dau tu") or contains_words(label, "bo tri"):
        return None
    if contains_words(label, "chu dau tu") or contains_words(label, "don vi thuc hien"):
        return "investor"
    if any(contains_words(label, w) for w in ("dia diem", "xa phuong", "dia ban")):
        return "commune"
    if any(contains_words(label, w) for w in ("giai ngan", "thanh toan", "luy ke")):
        return "disbursed_total" if _is_total_leaf(column) else "disbursed"
    if contains_words(label, "keo dai"):
        return "plan_extended"
    if contains_words(label, "dieu chinh") or contains_words(label, "bo sung"):
        # "Sau điều chỉnh" is the plan in force; the adjustment itself ("Điều chỉnh, bổ sung") is not stored.
        return "plan_adjusted" if contains_words(label, "sau dieu chinh") else None
    if any(contains_words(label, w) for w in ("ke hoach", "kh von", "von giao", "kh")):
        return "plan_total" if _is_total_leaf(column) else "plan"
    if contains_words(label, "nguon von"):
        return "source"
    return None


def _is_total_leaf(column: Column) -> bool:
    return len(column.segments) > 1 and column.leaf in {"tong so", "tong", "cong", "tong cong"}


def map_columns(table: Table, problems: Problems) -> dict[str, int]:
    """field -> column index; several 'giải ngân' sub-columns use their 'Tổng số'."""
    extra_paid: list[int] = []

    def extra(name: str, index: int, found: Mapping[str, int]) -> bool:
        if name == "disbursed" and ("disbursed" in found or "disbursed_total" in found):
            extra_paid.append(index)
            return True
        return False

    skip = (table.stt_col, table.label_col)
    found = classify_columns(table, classify, FIELD_LABELS, problems, skip=skip, aside=extra)
    if (
        "disbursed_total" in found
    ):  # "Giải ngân: Tổng số | vốn năm nay | vốn kéo dài": the total is the figure
        found["disbursed"] = found.pop("disbursed_total")
    elif extra_paid:
        found.pop("disbursed", None)
        problems.error(
            ReasonCode.AMBIGUOUS_COLUMN,
            "Có nhiều cột giải ngân nhưng không có cột “Tổng số” của nhóm giải ngân. Hãy thêm cột “Tổng số” "
            "(lũy kế giải ngân) hoặc chỉ giữ một cột giải ngân.",
            sheet=table.sheet.name,
            cell=f"dòng {table.header_start + 1}",
        )
    if (
        "plan_adjusted" in found
    ):  # the plan after adjustment replaces the one assigned at the start of the year
        found["plan"] = found.pop("plan_adjusted")
    if "plan" not in found and "plan_total" in found and "plan_extended" not in found:
        found["plan"] = found.pop("plan_total")
    if not problems.has_errors():
        report_missing(table, found, REQUIRED, problems, first_only=True)
    return found


def report_as_of(table: Table, problems: Problems, notes: list[str] | None = None) -> date | None:
    """The snapshot date: 'Tính đến ngày 31/5/2023' in the title (or a header), a month's end, else the file
    name ("GiaiNgan_31102023.xlsx", "…_T10_2023"); the title wins, and a file name naming another month is a
    warning naming both."""
    found = _title_as_of(table, problems)
    if found is not None and found[0] is None:
        return None  # an impossible date, already reported
    file_name = table.sheet.file_name
    from_file = _file_name_as_of(file_name) if file_name else None
    if found is not None:
        title_date, title_text = found
        assert title_date is not None
        if from_file is not None and (from_file.year, from_file.month) != (title_date.year, title_date.month):
            problems.warning(
                ReasonCode.PERIOD_SOURCES_DISAGREE,
                f"Ngày số liệu ghi không thống nhất: tiêu đề “{title_text[:80]}” là {title_date:%d/%m/%Y} nhưng tên tệp "
                f"“{file_name}” là {from_file:%d/%m/%Y}. Hệ thống lấy {title_date:%d/%m/%Y} (theo tiêu đề); nếu "
                "sai, hãy sửa cho thống nhất rồi tải lên lại.",
                sheet=table.sheet.name,
                value=file_name,
            )
        return title_date
    if from_file is not None:
        if notes is not None:
            notes.append(f"Ngày số liệu {from_file:%d/%m/%Y} lấy từ tên tệp “{file_name}”.")
        return from_file
    problems.error(
        ReasonCode.NO_AS_OF,
        "Không tìm thấy ngày số liệu giải ngân ở phần tiêu đề hay tên tệp. Hãy thêm một dòng dưới tên báo cáo, "
        "ví dụ “(Tính đến ngày 31/5/2023)”.",
        sheet=table.sheet.name,
    )
    return None


def _title_as_of(table: Table, problems: Problems) -> tuple[date | None, str] | None:
    """(date, the text it was read from) from the title or a header; None when they name none; the date is None
    when the text names an impossible one (an error is recorded)."""
    texts = [*table.title_lines, *(c.display for c in table.columns)]
    for text in texts:
        try:
            if match := _AS_OF_DAY.search(normalize(text)):
                return date(int(match[3]), int(match[2]), int(match[1])), text
            if match := _AS_OF_MONTH.search(normalize(text)):
                return month_end(int(match[2]), int(match[1])), text
        except ValueError:
            problems.error(
                ReasonCode.BAD_DATE,
                f"Ngày số liệu trong “{text}” không phải ngày có thật. Hãy sửa dòng “(Tính đến ngày …)” ở tiêu đề.",
                sheet=table.sheet.name,
                value=text,
            )
            return None, text
    title = "\n".join(table.title_lines)
    period = find_period(title)
    if period is not None and not period.label.startswith("Năm"):
        return period.end, " / ".join(table.title_lines)[:80]
    return None


def _file_name_as_of(file_name: str) -> date | None:
    """The day a file name dates its figures: its one date, else the end of the period it names."""
    dates = file_name_dates(file_name)
    if len(dates) == 1:
        return dates[0]
    period = file_name_period(file_name)
    return None if period is None else period.end


def plan_year(table: Table, fields: dict[str, int], as_of: date) -> int:
    """The capital plan's year: from the plan column ('Kế hoạch vốn năm 2023'), the title, or the date."""
    texts = [table.column(fields[f]).label for f in ("plan", "plan_total") if f in fields]
    texts += [normalize(t) for t in table.title_lines if contains_words(normalize(t), "giai ngan")]
    for text in texts:
        if match := _YEAR.search(text):
            return int(match[1])
    return as_of.year


def money_unit(table: Table) -> tuple[float, str] | None:
    """(factor to triệu đồng, name) from 'ĐVT: …' above the table or '(triệu đồng)' in a header."""
    unit = find_money_unit([*table.title_lines, *(c.display for c in table.columns)])
    return None if unit is None else (unit.factor, unit.name)


def read_sheet(sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems) -> ParsedSheet:
    """Read one report: store the projects (leaves), check groups, totals, rates and plans."""
    table = read_table(sheet, header_row, is_label_header=_is_project_header)
    parsed = ParsedSheet(KIND, sheet.name, None, None, {}, [], problems)
    parsed.rows.read = len(table.rows)
    column_problems = Problems(cap_per_code=problems.cap_per_code)
    fields = map_columns(table, column_problems)
    problems.extend(column_problems)
    as_of = report_as_of(table, problems, parsed.notes)
    if as_of is None or column_problems.has_errors():
        return parsed
    if is_unnumbered(table.rows) and not _rank_unnumbered(table, fields, problems):
        return parsed
    mark_breakdowns(table.rows)  # a project's "Trong đó" parts are not projects of their own
    year = plan_year(table, fields, as_of)
    if not date(year, 1, 1) <= as_of <= date(year + 1, 1, 31):
        problems.error(
            ReasonCode.BAD_PERIOD,
            f"Ngày số liệu {as_of:%d/%m/%Y} không thuộc năm kế hoạch {year} (vốn năm {year} được giải ngân "
            f"từ 01/01/{year} đến 31/01/{year + 1}). Hãy kiểm tra năm ở tiêu đề và ở cột kế hoạch vốn.",
            sheet=sheet.name,
        )
        return parsed
    parsed.period = Period(date(year, 1, 1), as_of, f"Giải ngân vốn năm {year} đến {as_of:%d/%m/%Y}")
    parsed.unit = _reporting_unit(sheet, header_row, matcher, as_of, parsed)
    parsed.columns = column_letters(fields)
    unit = money_unit(table)
    if unit is None:
        unit = (1.0, "triệu đồng")
        problems.warning(
            ReasonCode.NO_MONEY_UNIT,
            "Không thấy đơn vị tính tiền (ví dụ “ĐVT: triệu đồng”) ở phần tiêu đề; hệ thống hiểu là triệu đồng. "
            "Nếu báo cáo ghi bằng đồng hoặc tỷ đồng, hãy thêm dòng “ĐVT: …” phía trên bảng.",
            sheet=sheet.name,
        )
    elif unit[0] != 1.0:
        parsed.notes.append(f"Số tiền ghi bằng {unit[1]}, đã quy đổi sang triệu đồng.")
    if parsed.unit is None:
        return parsed
    parsed.records = checks.project_records(
        table, fields, matcher, problems, unit=unit, reporter=parsed.unit, year=year, as_of=as_of
    )
    if not parsed.records and not problems.has_errors():
        problems.error(
            ReasonCode.NO_ROWS,
            "Bảng không có dự án nào có số liệu kế hoạch vốn hoặc giải ngân. Hãy điền số liệu rồi tải lên lại.",
            sheet=sheet.name,
        )
    unmatched = sorted({r["investor"] for r in parsed.records if r["investor"] and not r["investor_unit_id"]})
    if unmatched:
        parsed.notes.append(
            "Chủ đầu tư ngoài danh mục đơn vị (giữ nguyên tên): "
            + ", ".join(unmatched[:5])
            + ("…" if len(unmatched) > 5 else "")
        )
    return parsed


def _rank_unnumbered(table: Table, fields: dict[str, int], problems: Problems) -> bool:
    """Without STT, capital-source and other group rows are told by their sums; False when refused."""
    quiet = Problems()  # the figures' own problems are reported once, when the projects are read
    values = {
        r.index: {
            k: v for k, v in checks.read_amounts(r, fields, quiet, table.sheet.name).items() if k != "pct"
        }
        for r in table.rows
    }
    investor = fields.get("investor")

    def names_a_source(row: Row) -> bool:
        # A source heading ("Ngân sách tỉnh hỗ trợ") leaves the investor empty, a project fills it; without an
        # investor column a project named "Đường tỉnh 624" would look like a source, so no name is trusted.
        return (
            investor is not None
            and not cell_text(row.cell(investor))
            and source_group_of(row.label) not in (None, "khac")
        )

    return settled(
        problems,
        table,
        infer_groups(
            table.rows, values, tolerance=lambda n: checks.SUM_TOLERANCE, is_group_name=names_a_source
        ),
        harm="tính một nhóm thành dự án",
        numbering="I, II… cho nguồn vốn hoặc nhóm; 1, 2… cho dự án",
    )


def _reporting_unit(
    sheet: Sheet, header_row: int, matcher: UnitMatcher, as_of: date, parsed: ParsedSheet
) -> UnitRef | None:
    """The unit named above the table, else the root unit (the usual author of the investment report)."""
    finding = find_unit(sheet, header_row, matcher, as_of, parsed.problems, notes=parsed.notes)
    if finding.unit is not None or finding.unknown:
        return finding.unit
    root = matcher.root()
    if root is not None and root.valid_on(as_of):
        parsed.notes.append(f"Tiêu đề không ghi đơn vị báo cáo: coi là báo cáo của {root.name}.")
        return root
    parsed.problems.error(
        ReasonCode.NO_UNIT,
        "Không xác định được đơn vị báo cáo. Hãy thêm dòng tên đơn vị phía trên bảng, ví dụ “UBND THỊ XÃ ĐỨC PHỔ”.",
        sheet=sheet.name,
    )
    return None


__all__ = ["FIELD_LABELS", "KIND", "SOURCE_GROUPS", "TITLE", "looks_like", "read_sheet", "source_group_of"]
