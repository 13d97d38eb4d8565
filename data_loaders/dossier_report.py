"""Reads the aggregate dossier report (form II.06a and vendors' variants) into per-unit or per-sector counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from base import kinds
from base.text import clean_text, contains_words, normalize
from base.units import UnitMatcher, UnitRef
from data_loaders.base import (
    ParsedSheet,
    column_letters,
    find_unit,
    labelled_rows,
    read_count,
    require_unit,
    title_period,
    vn_int,
)
from data_loaders.columns import FieldSpec, classify_columns, report_missing
from data_loaders.dossier_checks import check_identities, check_sums
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode
from data_loaders.table import Column, Row, Table, find_header_row, read_table, top_level
from data_loaders.workbook import Sheet

KIND = kinds.DOSSIER_REPORT
TITLE = kinds.KIND_TITLES[KIND]

# Group phrases in the top header row, most specific first ("đang giải quyết" also contains "giải quyết").
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pending", ("dang giai quyet", "chua giai quyet", "dang xu ly", "chua xu ly")),
    ("resolved", ("da giai quyet", "ket qua giai quyet", "da xu ly", "giai quyet xong")),
    ("received", ("nhan giai quyet", "tiep nhan", "so ho so nhan", "da nhan", "ho so nhan")),
)
FIELD_LABELS: dict[str, str] = {
    "received_total": "Tổng số hồ sơ nhận",
    "received_carried_over": "Hồ sơ kỳ trước chuyển qua",
    "received_new": "Hồ sơ mới tiếp nhận",
    "received_online": "Tiếp nhận trực tuyến",
    "received_direct": "Tiếp nhận trực tiếp",
    "received_postal": "Tiếp nhận qua bưu chính",
    "received_direct_or_postal": "Tiếp nhận trực tiếp và bưu chính",
    "resolved_total": "Tổng số đã giải quyết",
    "resolved_early": "Trả trước hạn",
    "resolved_on_time": "Trả đúng hạn",
    "resolved_in_time": "Trả trước hạn và đúng hạn",
    "resolved_late": "Trả quá hạn",
    "pending_total": "Tổng số đang giải quyết",
    "pending_within_deadline": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "withdrawn": "Rút hồ sơ / trả lại",
    "awaiting_supplement": "Chờ bổ sung",
}
REQUIRED = (
    FieldSpec(
        "received_total",
        FIELD_LABELS["received_total"],
        headers=("Số hồ sơ nhận giải quyết › Tổng số",),
        required=True,
    ),
    FieldSpec(
        "resolved_total",
        FIELD_LABELS["resolved_total"],
        headers=("Số hồ sơ đã giải quyết › Tổng số",),
        required=True,
    ),
)
_CARRIED_OVER = ("ky truoc chuyen", "ky truoc chuyen qua", "ton ky truoc")
# Header words of the form's leaf columns: a row holding none of them (and no group phrase) is data, even when
# its numbers are typed as text and it has no STT ("Phổ An | 523 | 12 …" under the header). "Tổng số" is left
# out: it is also the label of a total row that can stand first.
_LEAF_WORDS = (
    "truc tuyen",
    "truc tiep",
    "buu chinh",
    "ky truoc",
    "moi tiep nhan",
    "truoc han",
    "dung han",
    "dung thoi han",
    "qua han",
    "tre han",
    "trong han",
    "chua den han",
    "tra lai",
    "bo sung",
    "ghi chu",
    "stt",
)
_LABEL_HEADERS = ("ten don vi", "don vi", "co quan", "linh vuc", "noi dung", "ten linh vuc", "chi tieu")


@dataclass
class FigureRecord:
    """One stored row: a unit's (sector '') or a sector's counts, with the row they came from."""

    unit: UnitRef
    sector: str
    values: dict[str, int | None]
    row: int  # 1-based sheet row, 0 when computed


def looks_like(sheet: Sheet) -> int | None:
    """The header row if this sheet is a dossier report."""
    return find_header_row(sheet, _is_report_header, min_hits=2)


def _is_report_header(text: str) -> bool:
    return any(contains_words(text, p) for _, phrases in _GROUPS for p in phrases)


def _is_header_text(text: str) -> bool:
    """A text that belongs to the report's header rows: a group phrase or a leaf column's words."""
    return _is_report_header(text) or any(contains_words(text, w) for w in _LEAF_WORDS)


def classify(column: Column) -> str | None:
    """The field a header column holds, from its group (top) and leaf (bottom) texts; None if not ours.

    A one-row header says group and leaf in one text ("Số hồ sơ tiếp nhận trực tuyến"): the leaf words are read
    from that text, and a text with none of them is the group's total ("Số hồ sơ đã giải quyết").
    """
    label = column.label
    if contains_words(label, "rut") or contains_words(label, "tra lai") or contains_words(label, "tu choi"):
        return "withdrawn"
    if contains_words(label, "bo sung"):
        return "awaiting_supplement"
    group = next((g for g, phrases in _GROUPS if any(contains_words(label, p) for p in phrases)), None)
    if group is None:
        # "Số hồ sơ kỳ trước chuyển qua" names its group only by meaning: carried-over dossiers are received.
        return "received_carried_over" if any(contains_words(label, p) for p in _CARRIED_OVER) else None
    read = {"received": _received_field, "resolved": _resolved_field, "pending": _pending_field}[group]
    if len(column.segments) > 1:
        return read(column.leaf)
    return read(label) or read("tong so")


def _received_field(leaf: str) -> str | None:
    if contains_words(leaf, "truc tuyen"):
        return "received_online"
    direct, postal = contains_words(leaf, "truc tiep"), contains_words(leaf, "buu chinh")
    if direct and postal:
        return "received_direct_or_postal"
    if direct:
        return "received_direct"
    if postal:
        return "received_postal"
    if contains_words(leaf, "ky truoc") or contains_words(leaf, "ton"):
        return "received_carried_over"
    if contains_words(leaf, "moi") or contains_words(leaf, "trong ky"):
        return "received_new"
    if contains_words(leaf, "tong") or contains_words(leaf, "tong so") or leaf.startswith("so ho so"):
        return "received_total"
    return None


def _resolved_field(leaf: str) -> str | None:
    early = contains_words(leaf, "truoc han")
    on_time = contains_words(leaf, "dung han") or contains_words(leaf, "dung thoi han")
    if early and on_time:
        return "resolved_in_time"
    if early:
        return "resolved_early"
    if on_time or contains_words(leaf, "trong han"):
        return "resolved_on_time"
    if contains_words(leaf, "qua han") or contains_words(leaf, "tre han"):
        return "resolved_late"
    if contains_words(leaf, "tong") or leaf.startswith("so ho so"):
        return "resolved_total"
    return None


def _pending_field(leaf: str) -> str | None:
    if contains_words(leaf, "qua han") or contains_words(leaf, "tre han"):
        return "pending_overdue"
    if any(contains_words(leaf, p) for p in ("trong han", "chua den han", "trong thoi han", "chua qua han")):
        return "pending_within_deadline"
    if contains_words(leaf, "tong") or leaf.startswith("so ho so"):
        return "pending_total"
    return None


def map_columns(table: Table, problems: Problems) -> dict[str, int]:
    """field -> column index; the merged 'Trả đúng thời hạn' of vendors without 'trước hạn' is early+on time."""
    fields = classify_columns(table, classify, FIELD_LABELS, problems, skip=(table.stt_col, table.label_col))
    if "resolved_on_time" in fields and "resolved_early" not in fields and "resolved_in_time" not in fields:
        fields["resolved_in_time"] = fields.pop("resolved_on_time")
    report_missing(table, fields, REQUIRED, problems)
    return fields


def derive(values: dict[str, int | None]) -> dict[str, int | None]:
    """Fill the combined fields that follow from split ones (never a split field from a combined one)."""
    out = dict(values)
    for whole, parts in (
        ("resolved_in_time", ("resolved_early", "resolved_on_time")),
        ("received_direct_or_postal", ("received_direct", "received_postal")),
        ("received_new", ("received_online", "received_direct_or_postal")),
    ):
        numbers = [out.get(p) for p in parts]
        if out.get(whole) is None and all(n is not None for n in numbers):
            out[whole] = sum(n for n in numbers if n is not None)
    return out


def read_sheet(sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems) -> ParsedSheet:
    """Read one report sheet: store leaves (units or sectors), check groups, totals and identities."""
    table = read_table(
        sheet,
        header_row,
        is_label_header=lambda t: t.startswith(_LABEL_HEADERS),
        is_header_text=_is_header_text,
    )
    notes: list[str] = []
    period = title_period(table, problems, notes=notes)
    on: date | None = period.end if period else None
    column_problems = Problems(cap_per_code=problems.cap_per_code)
    fields = map_columns(table, column_problems)
    problems.extend(column_problems)
    unit_found = find_unit(sheet, header_row, matcher, on, problems, notes=notes)
    parsed = ParsedSheet(KIND, sheet.name, period, unit_found.unit, {}, [], problems, notes)
    parsed.rows.read = len(table.rows)
    if (
        column_problems.has_errors()
    ):  # rows mean nothing without their columns; a missing period does not stop us
        return parsed
    parsed.columns = column_letters(fields)
    if "resolved_in_time" in fields and "resolved_early" not in fields:
        parsed.notes.append("Mẫu gộp “trả trước hạn và đúng hạn” thành một cột: tỷ lệ trước hạn để trống.")
    if "received_online" not in fields:
        parsed.notes.append("Mẫu không tách hồ sơ trực tuyến/trực tiếp: tỷ lệ nộp trực tuyến để trống.")
    rows = labelled_rows(table, fields, problems, name="tên đơn vị/lĩnh vực")
    values = {r.index: derive(_row_values(r, fields, problems, sheet.name)) for r in rows}
    per_unit = _rows_are_units(rows, matcher, on)
    for row in rows:
        check_identities(row, values[row.index], fields, problems, sheet.name)
    check_sums(rows, values, fields, problems, sheet.name)
    if per_unit:
        parsed.records = _unit_records(rows, values, matcher, on, problems, sheet.name)
    elif parsed.unit is None:
        if not unit_found.unknown:  # an unknown name is already reported as itself
            problems.error(
                ReasonCode.NO_UNIT,
                "Không xác định được đơn vị báo cáo: các dòng là lĩnh vực nhưng tiêu đề không ghi tên đơn vị. "
                "Hãy thêm dòng “Đơn vị báo cáo: UBND xã …” phía trên bảng.",
                sheet=sheet.name,
            )
    else:
        parsed.records = _sector_records(rows, values, parsed.unit, problems, sheet.name)
    return parsed


def _row_values(row: Row, fields: dict[str, int], problems: Problems, sheet: str) -> dict[str, int | None]:
    where = f"Dòng {row.index + 1} ({row.label or 'Tổng'}), cột “{{}}”"
    return {
        name: read_count(row, col, problems, sheet=sheet, what=where.format(FIELD_LABELS[name]))
        for name, col in fields.items()
    }


def _rows_are_units(rows: list[Row], matcher: UnitMatcher, on: date | None) -> bool:
    leaves = [r for r in rows if r.is_leaf]
    matched = sum(1 for r in leaves if matcher.match(r.label, on) is not None)
    return bool(leaves) and matched * 2 >= len(leaves)


def _unit_records(
    rows: list[Row],
    values: dict[int, dict[str, int | None]],
    matcher: UnitMatcher,
    on: date | None,
    problems: Problems,
    sheet: str,
) -> list[FigureRecord]:
    records: list[FigureRecord] = []
    seen: dict[int, int] = {}
    for row in (r for r in rows if r.is_leaf):
        unit = require_unit(row.label, matcher, on, problems, sheet=sheet, cell=f"dòng {row.index + 1}")
        if unit is None:
            continue
        if unit.id in seen:
            problems.error(
                ReasonCode.DUPLICATE_KEY,
                f"Đơn vị “{unit.name}” có hai dòng: {seen[unit.id]} và {row.index + 1}. Mỗi đơn vị chỉ một dòng; "
                "hãy gộp hoặc xóa dòng trùng.",
                sheet=sheet,
                cell=f"dòng {row.index + 1}",
                value=row.label,
            )
            continue
        seen[unit.id] = row.index + 1
        records.append(FigureRecord(unit, "", values[row.index], row.index + 1))
    return records


def _sector_records(
    rows: list[Row], values: dict[int, dict[str, int | None]], unit: UnitRef, problems: Problems, sheet: str
) -> list[FigureRecord]:
    records: list[FigureRecord] = []
    seen: dict[str, int] = {}
    for row in (r for r in rows if r.is_leaf):
        # Twins written in NFC and NFD, or with an invisible character, are one sector.
        name, key = clean_text(row.label), normalize(row.label)
        if key in seen:
            problems.error(
                ReasonCode.DUPLICATE_KEY,
                f"Lĩnh vực “{name}” có hai dòng: {seen[key]} và {row.index + 1}. Hãy gộp hoặc xóa dòng trùng.",
                sheet=sheet,
                cell=f"dòng {row.index + 1}",
                value=name,
            )
            continue
        seen[key] = row.index + 1
        records.append(FigureRecord(unit, name, values[row.index], row.index + 1))
    total = next((r for r in rows if r.is_total), None)
    if total is not None:
        records.append(FigureRecord(unit, "", values[total.index], total.index + 1))
    else:
        records.append(FigureRecord(unit, "", _sum_rows([values[r.index] for r in top_level(rows)]), 0))
    return records


def _sum_rows(rows: list[dict[str, int | None]]) -> dict[str, int | None]:
    """Field-wise sums; a field missing from any row is missing from the sum."""
    names = set().union(*rows) if rows else set()
    out: dict[str, int | None] = {}
    for name in names:
        parts = [r.get(name) for r in rows]
        out[name] = (
            None if not parts or any(p is None for p in parts) else sum(p for p in parts if p is not None)
        )
    return out


__all__ = ["FIELD_LABELS", "KIND", "FigureRecord", "looks_like", "read_sheet", "vn_int"]
