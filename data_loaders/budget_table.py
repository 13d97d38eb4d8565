"""The shape of a budget report: its money unit, what each column holds, and its items as STT paths."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from base.text import contains_words, normalize
from data_loaders.breakdowns import mark_breakdowns
from data_loaders.budget_checks import AMOUNT_LABELS, PERCENT_LABELS
from data_loaders.columns import FieldSpec, classify_columns, report_missing
from data_loaders.land_use import names_land_use
from data_loaders.money_units import find_money_unit
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode
from data_loaders.table import (
    RANK_BULLET,
    RANK_NONE,
    RANK_ROMAN,
    Column,
    Row,
    Table,
    cell_text,
    link_hierarchy,
)
from data_loaders.workbook import Sheet

_PERCENT_RAW = re.compile(r"^(so|tỷ lệ|tỉ lệ)\b")  # unaccented "so" (so sánh, so DT), not "số"
_MONTH = re.compile(r"\b(thang \d{1,2}|trong thang|thuc hien thang|uoc thang|trong ky)\b")
_YTD = re.compile(r"\b(luy ke|tu dau nam|\d{1,2} thang)\b")
_COUNCIL = ("hdnd", "hoi dong nhan dan")
_UPPER = ("tinh", "thi xa", "huyen", "cap tren", "ubnd")
_COLUMN_TOKEN = re.compile(r"^\(?[A-Za-z0-9]{1,2}\)?(\s*=.*)?$")
_TOTAL_LIKE = re.compile(r"\b(ngan sach|nsnn|nsdp|ns xa|tren dia ban)\b")
_BARE_DONE = frozenset({"thuc hien", "uoc thuc hien", "uoc th", "th"})
# A header that names a field only when no other header names it more exactly.
FALLBACK_MONTH = "month_amount?"
REQUIRED = (
    FieldSpec(
        "ytd_amount",
        "Số thực hiện",
        headers=("Thực hiện tháng …", "Lũy kế từ đầu năm"),
        required=True,
        alternatives=("month_amount",),
    ),
    FieldSpec("label", "Nội dung", headers=("Nội dung", "Tên khoản thu/chi"), required=True),
)


def money_factor(sheet: Sheet, end: int, problems: Problems) -> float | None:
    """Triệu đồng per written unit, from the ĐVT line above the table; an error naming the sheet if absent."""
    unit = find_money_unit(cell_text(v) for r in range(min(end, len(sheet.rows))) for v in sheet.rows[r])
    if unit is not None:
        return unit.factor
    problems.error(
        ReasonCode.NO_MONEY_UNIT,
        f"Thiếu dòng ĐVT (đơn vị tính) ở trang “{sheet.name}”: không biết số tiền ghi bằng đồng, triệu đồng hay "
        "tỷ đồng. Hãy thêm dòng “ĐVT: triệu đồng” (hoặc “ĐVT: tỷ đồng”, “ĐVT: đồng”) phía trên bảng.",
        sheet=sheet.name,
    )
    return None


def _any(text: str, words: tuple[str, ...]) -> bool:
    return any(contains_words(text, w) for w in words)


def classify(column: Column) -> str | None:
    """The field a header column holds (an amount of AMOUNT_LABELS or a rate of PERCENT_LABELS); None if not ours."""
    label = column.label
    if any("%" in r or _PERCENT_RAW.match(r.lower()) for r in column.raw):
        if _any(label, ("cung ky", "ck", "nam truoc")):
            return "pct_last_year"
        if _any(label, _COUNCIL):
            return "pct_estimate_council"
        if _any(label, _UPPER):
            return "pct_estimate_province"
        # A bare "Tỷ lệ %" does not say what it compares (estimate or last year): never checked against either.
        return "pct_estimate" if _any(label, ("du toan", "dt", "ke hoach", "kh")) else None
    if _any(label, ("cung ky", "nam truoc")):
        return "same_period_last_year"
    if _YTD.search(label):
        return "ytd_amount"
    if _MONTH.search(label):
        return "month_amount"
    if _any(label, ("du toan", "ke hoach", "dt")):
        # "HĐND thị xã giao" is the council; "Tỉnh giao" (or "Thị xã giao" above a commune) the upper level.
        if _any(label, _COUNCIL) or not _any(label, _UPPER):
            return "estimate_council"
        return "estimate_province"
    if label in _BARE_DONE:
        return FALLBACK_MONTH  # "Thực hiện" / "Ước thực hiện" with no month: see map_columns
    return None


def map_columns(table: Table, problems: Problems, notes: list[str]) -> dict[str, int]:
    """field -> column index, with errors for repeated and missing columns and notes on the layout."""
    fallbacks: dict[str, int] = {}

    def fallback(name: str, index: int, _found: Mapping[str, int]) -> bool:
        if name.endswith("?"):  # "Thực hiện" before "Ước thực hiện": the first
            fallbacks.setdefault(name.rstrip("?"), index)
        return name.endswith("?")

    labels = {**AMOUNT_LABELS, **PERCENT_LABELS}
    skip = (table.stt_col, table.label_col)
    fields = classify_columns(table, classify, labels, problems, skip=skip, aside=fallback)
    # Beside "Lũy kế thực hiện" a bare "Thực hiện" is the month's; alone it may be a quarter's or the year's so far.
    if "ytd_amount" in fields:
        for name, index in fallbacks.items():
            fields.setdefault(name, index)
    named = {
        *fields,
        *(["label"] if table.label_col is not None and any(r.label for r in table.rows) else []),
    }
    where = (
        f"dòng {table.header_start + 1}–{table.header_end}"  # the budget readers name the header as a span
    )
    report_missing(table, named, REQUIRED, problems, cell=where)
    if "estimate_council" not in fields and "estimate_province" in fields:
        notes.append("Báo cáo chỉ có dự toán cấp trên giao: tỷ lệ so dự toán tính theo dự toán này.")
    if "estimate_council" not in fields and "estimate_province" not in fields:
        notes.append(
            "Báo cáo không có cột dự toán: số thực hiện được lưu, tỷ lệ so dự toán để trống (—) cho tháng này."
        )
    if "ytd_amount" not in fields:
        notes.append(
            "Báo cáo chỉ có số thực hiện tháng: số lũy kế được tính bằng lũy kế tháng trước đã lưu cộng số tháng "
            "này (để trống nếu chưa có báo cáo tháng trước)."
        )
    if "month_amount" not in fields:
        notes.append(
            "Báo cáo chỉ có số lũy kế: số thực hiện tháng được tính bằng lũy kế này trừ lũy kế tháng trước đã "
            "lưu (để trống nếu chưa có báo cáo tháng trước)."
        )
    return fields


def is_column_number_row(row: Row) -> bool:
    """'A | B | 1 | 2' under a narrow header: too few numbers for the table reader to tell it from data."""
    texts = [t for v in row.cells if (t := cell_text(v))]
    return bool(texts) and len(row.label) <= 3 and all(_COLUMN_TOKEN.match(t) for t in texts)


def mark_structure(rows: list[Row]) -> None:
    """Budget-specific rows: an unnumbered 'Thu NSNN trên địa bàn' first or last is the total; the rows of a
    'Trong đó' list are part of the row they break down. Re-links the hierarchy after."""
    numbered = [r for r in rows if r.stt and r.rank < RANK_BULLET]
    for row in {id(r): r for r in (rows[:1] + rows[-1:])}.values():
        if row.stt or row.is_breakdown or not _TOTAL_LIKE.search(normalize(row.label)):
            continue
        if numbered or _adds_up_all_others(row, rows):
            row.is_total = True
    for row in rows:
        row.parent, row.children = None, []
    link_hierarchy(rows)
    mark_breakdowns(rows)


def _adds_up_all_others(row: Row, rows: list[Row]) -> bool:
    """In a table without STT: the one top-level group (ranked by its sums), every other row below it."""
    others = [r for r in rows if r is not row and not r.is_total and not r.is_breakdown]
    return row.rank == RANK_ROMAN and bool(others) and all(r.rank > RANK_ROMAN for r in others)


def _token(row: Row) -> str:
    """A row's own STT token for its path; '' for bullets and unnumbered rows."""
    if row.rank in (RANK_BULLET, RANK_NONE):
        return ""
    return row.stt.strip().rstrip(".)").strip()


def _top(row: Row) -> Row:
    while row.parent is not None:
        row = row.parent
    return row


def _lineage(row: Row) -> list[Row]:
    out = [row]
    parent = row.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def item_paths(rows: list[Row]) -> dict[int, str]:
    """Each item's STT path ("I.1.2"); bullets and unnumbered rows get their position ("#2")."""
    paths: dict[int, str] = {}
    seen: dict[int | None, int] = {}
    for row in rows:
        if row.is_total or row.is_breakdown:
            continue
        parent = row.parent
        key = parent.index if parent is not None else None
        seen[key] = seen.get(key, 0) + 1
        token = _token(row) or f"#{seen[key]}"
        base = paths.get(parent.index, "") if parent is not None else ""
        parent_token = _token(parent) if parent is not None else ""
        if parent_token and token.startswith(parent_token + "."):  # "1.1" under "1" adds just ".1"
            token = token[len(parent_token) + 1 :]
        paths[row.index] = f"{base}.{token}" if base else token
    return paths


def _stored_ancestor(row: Row, stored: Mapping[int, str]) -> str:
    """The path of the nearest row above `row` that is stored ("" when none is)."""
    parent = row.parent
    while parent is not None and parent.index not in stored:
        parent = parent.parent
    return stored[parent.index] if parent is not None else ""


def _is_land_use(row: Row) -> bool:
    """Land-use fees by the row's own words or those of a group above it ("không kể …" excludes)."""
    return any(names_land_use(r.label) for r in _lineage(row))


def _land_part(row: Row, base: Mapping[str, Any]) -> bool:
    """A revenue 'Trong đó' line of land-use fees (spending is not read without them)."""
    return base["kind"] == "revenue" and names_land_use(row.label)


def _grand_total(rows: list[Row], amounts: Mapping[int, Mapping[str, float | None]]) -> Row | None:
    """The report's total row: of several ("Cộng I", "Cộng II", "Tổng cộng"), the one stating the most."""
    totals = [r for r in rows if r.is_total and any(v is not None for v in amounts[r.index].values())]
    return max(totals, key=lambda r: sum(abs(v or 0.0) for v in amounts[r.index].values()), default=None)


def line_records(
    rows: list[Row],
    amounts: Mapping[int, Mapping[str, float | None]],
    *,
    base: Mapping[str, Any],
    fields: Mapping[str, int],
    problems: Problems,
    sheet: str,
) -> list[dict[str, Any]]:
    """BudgetLine dicts for the items, the groups and the total row, each with the figures it states.

    'Trong đó' rows are part of the row above: not stored, except a revenue part that is land-use fees (role
    "part", never added), which lets revenue be read without them when only a 'Trong đó' line names them. A row
    without any figure is not stored either.
    """
    paths = item_paths(rows)
    derived = "ytd" if "ytd_amount" not in fields else "month" if "month_amount" not in fields else ""
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    stored: dict[int, str] = {}  # row index -> item path of the rows stored
    grand = _grand_total(rows, amounts)
    for row in rows:
        values = amounts[row.index]
        if all(v is None for v in values.values()) or (row.is_breakdown and not _land_part(row, base)):
            continue
        if row.is_breakdown:
            parent = _stored_ancestor(row, stored)
            role, path, group = "part", f"{parent}~{row.index + 1}"[-60:], _top(row).label
        elif row.is_total:
            if row is not grand:  # a sub-total ("Cộng I") is checked, not stored
                continue
            role, path, parent, group = "total", "", "", ""
        else:
            role = "item" if row.is_leaf else "group"
            path = paths[row.index][:60]
            parent, group = _stored_ancestor(row, stored), _top(row).label
            if path in seen:
                problems.error(
                    ReasonCode.DUPLICATE_KEY,
                    f"Số thứ tự “{path}” có hai dòng: {seen[path]} và {row.index + 1}. Mỗi khoản một số thứ tự; "
                    "hãy sửa cột STT.",
                    sheet=sheet,
                    cell=f"dòng {row.index + 1}",
                    value=row.stt,
                )
                continue
            seen[path] = row.index + 1
            stored[row.index] = path
        month, ytd = values.get("month_amount"), values.get("ytd_amount")
        if base["month"] == 1 and derived:  # January: the month is the year to date
            month, ytd = (month, month) if derived == "ytd" else (ytd, ytd)
        records.append(
            {
                **base,
                "item_path": path,
                "role": role,
                "parent_path": parent,
                "item_name": " ".join(row.label.split())[:500],
                "group_name": " ".join(group.split())[:500],
                "is_land_use": role != "total" and _is_land_use(row),
                "estimate_province": values.get("estimate_province"),
                "estimate_council": values.get("estimate_council"),
                "month_amount": month,
                "ytd_amount": ytd,
                "same_period_last_year": values.get("same_period_last_year"),
                "derived": derived,
                "row": row.index + 1,
            }
        )
    return records
