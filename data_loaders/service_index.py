"""Reads the national service-index export (Bộ chỉ số 766): score sheets by level and period, and trend sheets.

The export is a whole workbook: its score sheets carry no dates, so the month they score comes from the latest
month of "Xu hướng tháng" (the data itself), else from the file name ("766_scores_2025-10_export.xlsx" → 10/2025).
"Điểm năm" scores the year up to that month; "Điểm tháng", "Sở Ban" and "Xã Phường" score the month.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from base import kinds
from base.periods import Period, month_end
from base.service_index import COMPONENTS, HOME_PROVINCE, TOTAL
from base.text import contains_words, normalize
from base.units import UnitMatcher
from data_loaders.base import ParsedSheet
from data_loaders.parsing import ParseError, parse_number
from data_loaders.problems import Problems, cell_ref, column_letter
from data_loaders.table import cell_text
from data_loaders.workbook import CellValue, Sheet, Workbook

KIND = kinds.SERVICE_INDEX
TITLE = kinds.KIND_TITLES[KIND]
# Portal names of units in this province ("UBND xã Phổ An - tỉnh Quảng Ngãi") are matched to the registry.

_SCORE_FIELDS = {c.key: normalize(c.column) for c in (*COMPONENTS, TOTAL)}
_PORTAL_FIELDS = {"portal_id": "id", "portal_name": "ten", "portal_code": "ma coquan", "kind": "loai coquan"}
# Sheet name -> (level, period kind); another sheet with the score columns takes its level from LOAI_COQUAN.
_SHEETS = {
    "diem nam": ("province", "year"),
    "diem thang": ("province", "month"),
    "so ban": ("agency", "month"),
    "xa phuong": ("commune", "month"),
}
_LOAI = {"1": "province", "2": "agency", "3": "commune"}
_TREND_KEYS = {"month": ("month", "thang"), "quarter": ("quarter", "quy"), "year": ("year", "nam")}
_TREND_SCORE = ("score", "diem", "tong diem")
_FILE_MONTH = re.compile(r"(?<!\d)(20\d{2})[-_.](\d{1,2})(?!\d)")
_SUFFIX = re.compile(r"\s+[-–]\s+(?:tỉnh|thành phố|tp\.?)\s+(.+)$", re.IGNORECASE)
_DOT_DECIMAL = re.compile(r"^-?\d+(?:\.\d+)?$")
_LIMITS = {"portal_id": 40, "portal_code": 40, "portal_name": 300}
# Every column in every record: the rows are bulk-inserted, and a trend row names no portal unit.
_EMPTY_SCORE: dict[str, Any] = {
    "portal_id": "",
    "portal_code": "",
    "portal_name": "",
    "unit_id": None,
    **dict.fromkeys(_SCORE_FIELDS),
    "rank": None,
}


def _header(sheet: Sheet) -> dict[str, int]:
    """Normalized first-row texts -> column index (the export's header is always row 1)."""
    first = sheet.rows[0] if sheet.rows else []
    return {normalize(cell_text(v)): i for i, v in enumerate(first) if cell_text(v)}


def _is_score_sheet(header: dict[str, int]) -> bool:
    return "ten" in header and _SCORE_FIELDS["total"] in header


def _trend_kind(header: dict[str, int]) -> str | None:
    """ "month" or "quarter" for a trend sheet (period number, year, score columns), else None."""
    if not any(k in header for k in _TREND_SCORE) or not any(k in header for k in _TREND_KEYS["year"]):
        return None
    return next((kind for kind in ("month", "quarter") if any(k in header for k in _TREND_KEYS[kind])), None)


def looks_like_book(book: Workbook) -> bool:
    """Whether the workbook is a 766 export: a sheet whose first row has TEN and TONG_SCORE."""
    return any(_is_score_sheet(_header(sheet)) for sheet in book.sheets)


def read_book(book: Workbook, file_name: str, matcher: UnitMatcher, problems: Problems) -> list[ParsedSheet]:
    """One ParsedSheet per score or trend sheet, every problem recorded in `problems` too."""
    month = export_month(book, file_name, problems)
    out: list[ParsedSheet] = []
    for sheet in book.sheets:
        header = _header(sheet)
        sheet_problems = Problems(cap_per_code=problems.cap_per_code)
        trend = _trend_kind(header)
        if _is_score_sheet(header):
            out.append(_read_scores(sheet, header, month, matcher, sheet_problems))
        elif trend is not None:
            out.append(_read_trend(sheet, header, trend, month, sheet_problems))
        problems.extend(sheet_problems)
    return out


def export_month(book: Workbook, file_name: str, problems: Problems) -> tuple[int, int] | None:
    """(year, month) scored: the latest month of the monthly trend, else the file name's; None with an error."""
    from_trend: tuple[int, int] | None = None
    for sheet in book.sheets:
        header = _header(sheet)
        if _trend_kind(header) == "month":
            found = [(y, m) for _r, y, m, _s in _trend_points(sheet, header, "month", Problems())]
            from_trend = max(found, default=None)
    match = _FILE_MONTH.search(file_name)
    from_name = (int(match[1]), int(match[2])) if match and 1 <= int(match[2]) <= 12 else None
    if from_trend and from_name and from_trend != from_name:
        problems.warning(
            "period_mismatch",
            f"Tên tệp ghi tháng {from_name[1]}/{from_name[0]} nhưng trang “Xu hướng tháng” mới đến tháng "
            f"{from_trend[1]}/{from_trend[0]}. Điểm được tính cho tháng {from_trend[1]}/{from_trend[0]}; nếu sai, "
            "hãy xuất lại bảng điểm từ Cổng Dịch vụ công.",
            value=file_name,
        )
    if from_trend or from_name:
        return from_trend or from_name
    problems.error(
        "no_period",
        "Không xác định được tháng của bảng điểm Bộ chỉ số 766: trang “Xu hướng tháng” không có dữ liệu và tên "
        "tệp không ghi tháng. Hãy đặt tên tệp theo dạng 766_scores_2025-10_export.xlsx (năm-tháng) rồi tải lên lại.",
        value=file_name,
    )
    return None


def _score_period(kind: str, month: tuple[int, int] | None) -> tuple[Period | None, int]:
    """The period a score sheet scores and its number (month; 0 for the year, scored up to the export month)."""
    if month is None:
        return None, 0
    year, m = month
    if kind == "year":
        return Period(date(year, 1, 1), month_end(year, m), f"Năm {year} (đến hết tháng {m}/{year})"), 0
    return Period(date(year, m, 1), month_end(year, m), f"Tháng {m}/{year}"), m


def _read_scores(
    sheet: Sheet,
    header: dict[str, int],
    month: tuple[int, int] | None,
    matcher: UnitMatcher,
    problems: Problems,
) -> ParsedSheet:
    """A score sheet: one record per portal unit, kept under the portal's name and code when not ours."""
    level, kind = _SHEETS.get(
        normalize(sheet.name), (None, "year" if "nam" in normalize(sheet.name) else "month")
    )
    period, number = _score_period(kind, month)
    cols = {f: header[h] for f, h in {**_PORTAL_FIELDS, **_SCORE_FIELDS}.items() if h in header}
    cols.setdefault("rank", header.get("row stt", -1))
    parsed = ParsedSheet(KIND, sheet.name, period, None, {}, [], problems)
    parsed.columns = {f: column_letter(c) for f, c in cols.items() if c >= 0 and f != "kind"}
    seen: dict[str, int] = {}
    for r in range(1, len(sheet.rows)):
        row = sheet.rows[r]
        if not any(cell_text(v) for v in row):
            continue
        name = cell_text(_at(row, cols["portal_name"]))
        code = cell_text(_at(row, cols.get("portal_code", -1)))
        row_level = level or _LOAI.get(cell_text(_at(row, cols.get("kind", -1))))
        if not name or row_level is None:
            problems.error(
                "missing_label" if not name else "unknown_level",
                f"Dòng {r + 1} thiếu tên đơn vị (cột TEN)."
                if not name
                else f"Dòng {r + 1}: không biết cấp đơn vị (LOAI_COQUAN phải là 1 tỉnh, 2 sở ngành, 3 xã phường).",
                sheet=sheet.name,
                cell=cell_ref(r, cols["portal_name"] if not name else cols.get("kind", 0)),
            )
            continue
        key = code or normalize(name)
        if key in seen:
            problems.error(
                "duplicate_key",
                f"Đơn vị “{name}” ({code}) có hai dòng: {seen[key]} và {r + 1}. Hãy xuất lại bảng điểm.",
                sheet=sheet.name,
                cell=f"dòng {r + 1}",
                value=name,
            )
            continue
        seen[key] = r + 1
        scores = {f: _score(row, r, cols.get(f, -1), problems, sheet.name) for f in _SCORE_FIELDS}
        _check_total(scores, name, r, cols, problems, sheet.name)
        record: dict[str, Any] = {
            "period_kind": kind,
            "year": period.start.year if period else 0,
            "period_no": number,
            "level": row_level,
            "portal_id": cell_text(_at(row, cols.get("portal_id", -1)))[: _LIMITS["portal_id"]],
            "portal_code": code[: _LIMITS["portal_code"]],
            "portal_name": name[: _LIMITS["portal_name"]],
            "unit_id": our_unit(name, row_level, matcher, period.end if period else None),
            **scores,
            "rank": _rank(row, r, cols["rank"], problems, sheet.name),
            "row": r + 1,
        }
        parsed.records.append(record)
    return parsed


def _at(row: list[CellValue], col: int) -> CellValue:
    return row[col] if 0 <= col < len(row) else ""


def our_unit(name: str, level: str, matcher: UnitMatcher, on: date | None) -> int | None:
    """The registry unit a portal name means, only for units of HOME_PROVINCE ("… - tỉnh Quảng Ngãi")."""
    suffix = _SUFFIX.search(name)
    if suffix is not None:
        if normalize(suffix[1]) != normalize(HOME_PROVINCE):
            return None
        unit = matcher.match(name[: suffix.start()], on)
    elif level == "province" and contains_words(normalize(name), normalize(HOME_PROVINCE)):
        unit = matcher.match(name, on)  # only if the registry holds the province itself
    else:
        unit = None
    return unit.id if unit else None


def _score(row: list[CellValue], r: int, col: int, problems: Problems, sheet: str) -> float | None:
    """A score from 0 to 100; the portal writes text with a dot decimal ("19.05"), so "18.000" is 18, not 18000."""
    value = _at(row, col)
    text = cell_text(value)
    if not text:
        return None
    try:
        number = float(text) if _DOT_DECIMAL.match(text) else parse_number(value)
    except ParseError as exc:
        problems.error(exc.code, f"Điểm: {exc.message}", sheet=sheet, cell=cell_ref(r, col), value=value)
        return None
    if number is None or not 0 <= number <= 100:
        problems.error(
            "out_of_range",
            f"Điểm {text} ngoài khoảng 0–100. Hãy xuất lại bảng điểm từ Cổng Dịch vụ công.",
            sheet=sheet,
            cell=cell_ref(r, col),
            value=value,
        )
        return None
    return float(number)


def _check_total(
    scores: dict[str, float | None], name: str, r: int, cols: dict[str, int], problems: Problems, sheet: str
) -> None:
    """Warn when the six groups do not add up to TONG_SCORE (beyond rounding)."""
    parts = [scores[c.key] for c in COMPONENTS]
    total = scores["total"]
    if total is None or any(p is None for p in parts):
        return
    added = sum(p for p in parts if p is not None)
    if abs(added - total) > 0.05:
        problems.warning(
            "total_mismatch",
            f"{name}: tổng sáu nhóm là {added:.2f} nhưng TONG_SCORE ghi {total:.2f}.",
            sheet=sheet,
            cell=cell_ref(r, cols["total"]),
            value=total,
        )


def _rank(row: list[CellValue], r: int, col: int, problems: Problems, sheet: str) -> int | None:
    """ROW_STT as a rank from 1; None when empty."""
    value = _at(row, col)
    try:
        number = parse_number(value)
    except ParseError:
        number = -1
    if number is None:
        return None
    if not float(number).is_integer() or number < 1:
        problems.error(
            "bad_rank",
            f"Thứ hạng (ROW_STT) “{cell_text(value)}” phải là số nguyên từ 1 trở lên.",
            sheet=sheet,
            cell=cell_ref(r, col),
            value=value,
        )
        return None
    return int(number)


def _trend_points(
    sheet: Sheet, header: dict[str, int], kind: str, problems: Problems
) -> list[tuple[int, int, int, float | None]]:
    """(row, year, month or quarter, score) of each trend row; bad cells are errors, their rows left out."""
    period_col = next(header[k] for k in _TREND_KEYS[kind] if k in header)
    year_col = next(header[k] for k in _TREND_KEYS["year"] if k in header)
    score_col = next(header[k] for k in _TREND_SCORE if k in header)
    top = 12 if kind == "month" else 4
    points: list[tuple[int, int, int, float | None]] = []
    for r in range(1, len(sheet.rows)):
        row = sheet.rows[r]
        if not any(cell_text(v) for v in row):
            continue
        try:
            number, year = parse_number(_at(row, period_col)), parse_number(_at(row, year_col))
        except ParseError:
            number = year = None
        if number is None or year is None or not 1 <= number <= top or not 2000 <= year <= 2100:
            problems.error(
                "bad_period",
                f"Dòng {r + 1}: cần {'tháng 1–12' if kind == 'month' else 'quý 1–4'} và năm (ví dụ 2025).",
                sheet=sheet.name,
                cell=cell_ref(r, period_col),
                value=_at(row, period_col),
            )
            continue
        points.append((r + 1, int(year), int(number), _score(row, r, score_col, problems, sheet.name)))
    return points


def _read_trend(
    sheet: Sheet, header: dict[str, int], kind: str, month: tuple[int, int] | None, problems: Problems
) -> ParsedSheet:
    """A trend sheet: the portal unit's total score per month or quarter (level "trend", no unit named)."""
    points = _trend_points(sheet, header, kind, problems)
    period = None
    if points and month is not None:
        (y0, n0), (y1, n1) = min(p[1:3] for p in points), max(p[1:3] for p in points)
        first, last = (n0, n1) if kind == "month" else (3 * n0 - 2, 3 * n1)
        # The running quarter is scored only up to the export month.
        end = min(month_end(y1, last), month_end(*month))
        label = (
            f"Xu hướng tháng {n0}/{y0} – {n1}/{y1}"
            if kind == "month"
            else f"Xu hướng quý {n0}/{y0} – quý {n1}/{y1}"
        )
        period = Period(date(y0, first, 1), max(end, date(y0, first, 1)), label)
    parsed = ParsedSheet(KIND, sheet.name, period, None, {}, [], problems)
    parsed.records = [
        {
            **_EMPTY_SCORE,
            "period_kind": kind,
            "year": y,
            "period_no": n,
            "level": "trend",
            "total": s,
            "row": r,
        }
        for r, y, n, s in points
    ]
    return parsed
