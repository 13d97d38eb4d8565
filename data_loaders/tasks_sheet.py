"""Reads a list of assigned tasks (a reform plan or a meeting conclusion) with lead agency, deadline and status."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from base import kinds
from base.periods import Period
from base.text import contains_words, normalize
from base.units import UnitMatcher, UnitRef, is_outside_body, unknown_unit_message
from data_loaders.base import ParsedSheet, column_letters, find_unit
from data_loaders.columns import OTHER, FieldSpec, best_field, match_columns
from data_loaders.deadlines import Deadline, parse_deadline
from data_loaders.parsing import NORMALIZED_DATE, ParseError, find_period, parse_date
from data_loaders.problems import Problems, cell_ref
from data_loaders.row_counts import SKIP_BLANK, SKIP_ERROR, SKIP_HEADING, SKIP_TOTAL
from data_loaders.table import (
    RANK_ARABIC,
    RANK_LETTER,
    Row,
    Table,
    cell_text,
    find_header_row,
    read_table,
    stt_rank,
)
from data_loaders.workbook import Sheet

KIND = kinds.TASKS
TITLE = kinds.KIND_TITLES[KIND]

# A header names the field of its longest synonym: "Kết quả thực hiện nhiệm vụ" is a status, not a task;
# "Tên nhiệm vụ cha", "Lãnh đạo chỉ đạo" (a document-management export) are known columns that hold no field.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("completed_on", "Ngày hoàn thành", ("ngay hoan thanh", "thoi diem hoan thanh")),
    FieldSpec(
        "lead",
        "Cơ quan chủ trì",
        ("don vi chu tri", "co quan chu tri", "chu tri", "co quan thuc hien", "don vi thuc hien"),
        required=True,
    ),
    FieldSpec("coordinating", "Cơ quan phối hợp", ("phoi hop",)),
    FieldSpec("product", "Sản phẩm", ("san pham",)),
    FieldSpec(
        "deadline",
        "Thời gian thực hiện",
        ("thoi gian thuc hien", "thoi gian hoan thanh", "thoi han", "han hoan thanh", "han xu ly"),
        required=True,
    ),
    FieldSpec("status", "Tình trạng", ("tinh trang", "trang thai", "ket qua thuc hien", "ket qua")),
    FieldSpec(
        "title",
        "Nội dung công việc / Nhiệm vụ",
        ("ten nhiem vu", "noi dung", "nhiem vu", "cong viec"),
        required=True,
    ),
    FieldSpec(
        OTHER,
        "",
        ("ten nhiem vu cha", "nhiem vu cha", "lanh dao chi dao", "so phieu giao viec", "phieu giao viec"),
    ),
)
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = tuple((s.name, s.synonyms) for s in FIELDS if s.name)
LABELS = {s.name: s.label for s in FIELDS if s.name}
REQUIRED = ("title", "lead", "deadline")
# Status phrases (normalized) -> (status, done_late marker); the longest phrase a cell starts with wins, the rest
# of the cell is a note ("Đã hoàn thành (Kế hoạch số 45/KH-UBND)").
_PHRASES: tuple[tuple[str, bool | None, str], ...] = (
    ("done", None, "da hoan thanh|hoan thanh|xong|da xong|da thuc hien"),
    ("done", False, "hoan thanh dung han|da hoan thanh dung han|hoan thanh truoc han"),
    ("done", True, "hoan thanh tre han|da hoan thanh tre han|hoan thanh cham|hoan thanh qua han"),
    ("in_progress", None, "dang thuc hien|dang trien khai|dang tien hanh"),
    ("not_started", None, "chua thuc hien|chua trien khai|chua hoan thanh"),
)
STATUSES: dict[str, tuple[str, bool | None]] = {
    phrase: (status, marker) for status, marker, phrases in _PHRASES for phrase in phrases.split("|")
}
ACCEPTED_STATUSES = (
    "Đã hoàn thành, Hoàn thành, Xong, Hoàn thành đúng hạn, Hoàn thành (trễ hạn), Hoàn thành chậm, "
    "Đang thực hiện, Đang triển khai, Chưa thực hiện, Chưa triển khai, hoặc để trống (chưa thực hiện)"
)
# "Các phòng, ban…", "UBND các xã, phường": every unit, so the task is the town's as a whole.
_COLLECTIVE = re.compile(r"^(?:hdnd (?:va )?)?(?:(?:ubnd|uy ban nhan dan) )?cac\b")
_ASSIGN_VERB = re.compile(r"^(?:giao|đề nghị|yêu cầu)\s+", re.IGNORECASE)  # "Giao Phòng …", not "Giáo dục"
_LEADING_STT = re.compile(r"^\s*([IVXLC]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
_DATE_AFTER_NGAY = re.compile(rf"\bngay {NORMALIZED_DATE}\b")
_LIMITS = dict(area=500, title=2000, lead_text=500, coordinating=1000, product=1000, deadline_text=300)


def looks_like(sheet: Sheet) -> int | None:
    """The header row if this sheet lists tasks: a lead-agency column among at least three task headers."""
    header = find_header_row(sheet, lambda t: _field(t) is not None, min_hits=3)
    if header is None:
        return None
    texts = [normalize(cell_text(v)) for v in sheet.rows[header]]
    return header if any(_field(t) == "lead" for t in texts) else None


def _field(label: str) -> str | None:
    """The task field a normalized header text names, if any (None for a known column of no field)."""
    found = best_field(label, FIELDS)
    return found[0] or None if found else None


def list_period(table: Table, problems: Problems) -> Period | None:
    """The list's period: a meeting conclusion from its date to the year's end, a plan from its title."""
    lines = [normalize(t) for t in table.title_lines]
    if any(contains_words(line, "ket luan") for line in lines):
        dated = sorted(lines, key=lambda line: not contains_words(line, "ket luan"))
        for line in dated:
            if match := _DATE_AFTER_NGAY.search(line):
                try:
                    day = date(int(match[3]), int(match[2]), int(match[1]))
                except ValueError:
                    break
                # From the meeting day, so two conclusions of one year never replace each other.
                return Period(day, date(day.year, 12, 31), f"Kết luận ngày {day:%d/%m/%Y}")
    period = find_period("\n".join(table.title_lines))
    if period is None:
        problems.error(
            "no_period",
            "Không tìm thấy năm của danh sách nhiệm vụ ở phần tiêu đề. Hãy thêm một dòng phía trên bảng, ví dụ "
            "“KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022” hoặc “THÔNG BÁO KẾT LUẬN … ngày 05/6/2023”.",
            sheet=table.sheet.name,
        )
    return period


def map_columns(table: Table, problems: Problems) -> dict[str, int]:
    """field -> column index; an error for each required column the header lacks."""
    fields = match_columns(table.columns, FIELDS, skip=() if table.stt_col is None else (table.stt_col,))
    for name in REQUIRED:
        if name not in fields:
            problems.error(
                "missing_column",
                f"Không tìm thấy cột “{LABELS[name]}” trong tiêu đề bảng (dòng {table.header_start + 1}). Bảng "
                "nhiệm vụ cần các cột “Nội dung công việc”, “Cơ quan chủ trì” và “Thời gian thực hiện”; hãy "
                "dùng mẫu tải từ trang Dữ liệu.",
                sheet=table.sheet.name,
                cell=f"dòng {table.header_start + 1}",
            )
    return fields


def read_sheet(sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems) -> ParsedSheet:
    """Read every task row: its area (from the heading rows above it), lead unit, deadline and status."""
    table = read_table(
        sheet,
        header_row,
        is_label_header=lambda t: _field(t) == "title",
        is_header_text=lambda t: best_field(t, FIELDS) is not None,
        is_key_header=lambda t: _field(t) in {"title", "lead", "deadline", "status"},
    )
    period = list_period(table, problems)
    on = period.end if period else None
    found = find_unit(sheet, header_row, matcher, on, problems)
    unit = found.unit or (None if found.unknown else _town(matcher))
    parsed = ParsedSheet(KIND, sheet.name, period, unit, {}, [], problems)
    parsed.rows.read = len(table.rows)
    if unit is None and not found.unknown:
        problems.error(
            "no_unit",
            "Không xác định được cơ quan ban hành danh sách. Hãy ghi tên đơn vị ở dòng đầu, ví dụ “UBND THỊ XÃ ĐỨC PHỔ”.",
            sheet=sheet.name,
        )
    column_problems = Problems(cap_per_code=problems.cap_per_code)
    fields = map_columns(table, column_problems)
    problems.extend(column_problems)
    if column_problems.has_errors():
        return parsed
    parsed.columns = column_letters(fields)
    if "status" not in fields:
        parsed.notes.append("Bảng không có cột “Tình trạng”: mọi nhiệm vụ được tính là chưa thực hiện.")
    seen: dict[tuple[str, str], int] = {}
    headings: list[tuple[int, str]] = []  # (rank, text) of the group rows above, outermost first
    for row in table.rows:
        text = {name: cell_text(row.cell(col)) for name, col in fields.items() if name != "completed_on"}
        if row.is_total or not any(text.values()):
            parsed.rows.skip(SKIP_TOTAL if row.is_total else SKIP_BLANK)
            continue  # a total line, or a numbered blank row of the template
        if not text.get("lead") and _is_heading(row, text):
            parsed.rows.skip(SKIP_HEADING)
            rank = _heading_rank(row)
            headings = [h for h in headings if h[0] < rank] + [(rank, text.get("title") or row.label)]
            continue
        area = " › ".join(h[1] for h in headings if h[0] <= row.rank)
        record = _task(row, text, fields, matcher, on, area, problems, sheet.name)
        if record is None:
            parsed.rows.skip(SKIP_ERROR)
            continue
        key = (normalize(record["title"]), normalize(record["lead_text"]))
        if key in seen:
            problems.warning(
                "duplicate_task",
                f"Nhiệm vụ “{record['title'][:80]}” của “{record['lead_text']}” đã có ở dòng {seen[key]}. Nếu "
                "là hai nhiệm vụ khác nhau, hãy ghi rõ nội dung; nếu trùng, hãy xóa một dòng.",
                sheet=sheet.name,
                cell=f"dòng {row.index + 1}",
                value=record["title"],
            )
        seen.setdefault(key, row.index + 1)
        parsed.records.append(record)
    return parsed


def _town(matcher: UnitMatcher) -> UnitRef | None:
    """The root unit (IOC_ROOT_UNIT): the issuer of a list whose title names no unit (the dashboard is its)."""
    return matcher.root()


def _is_heading(row: Row, text: dict[str, str]) -> bool:
    """A row without a lead that groups the tasks below it: Roman/letter STT, sub-rows, or an upper-case title."""
    others = any(text.get(name) for name in ("deadline", "status", "product", "coordinating"))
    title = text.get("title", "") or row.label
    return not others and bool(title) and (row.rank < RANK_ARABIC or bool(row.children) or title.isupper())


def _heading_rank(row: Row) -> int:
    """A group row's level: its STT's, else that of a number opening its text ("I. CẢI CÁCH…"), else the top."""
    if row.stt:
        return row.rank
    match = _LEADING_STT.match(row.label)
    return stt_rank(match[1]) if match else RANK_LETTER


def _task(
    row: Row,
    text: dict[str, str],
    fields: dict[str, int],
    matcher: UnitMatcher,
    on: date | None,
    area: str,
    problems: Problems,
    sheet: str,
) -> dict[str, Any] | None:
    """One task record, or None after recording why the row cannot be one."""
    where = f"Dòng {row.index + 1}"
    if not text.get("title"):
        problems.error(
            "missing_title",
            f"{where} có thông tin nhiệm vụ nhưng không có nội dung nhiệm vụ. Hãy ghi nội dung hoặc xóa dòng.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["title"]),
        )
        return None
    if not text.get("lead"):
        problems.error(
            "missing_lead",
            f"{where}: nhiệm vụ “{text['title'][:80]}” chưa có cơ quan chủ trì. Hãy ghi tên cơ quan chủ trì; dòng "
            "tiêu đề nhóm (như “I. CẢI CÁCH THỂ CHẾ”) thì để trống các cột thời hạn, tình trạng.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["lead"]),
        )
        return None
    cells = Problems(cap_per_code=problems.cap_per_code)  # this row's, so a bad cell drops the row
    lead_cell = cell_ref(row.index, fields["lead"])
    lead_id = resolve_lead(text["lead"], matcher, on, cells, sheet=sheet, cell=lead_cell)
    deadline = _deadline(row, fields["deadline"], cells, sheet)
    status, marker = _status(row, fields.get("status"), cells, sheet)
    completed = _completed_on(row, fields.get("completed_on"), cells, sheet)
    problems.extend(cells)
    if cells.has_errors() or deadline is None or status is None:
        return None
    if marker is not None and completed and deadline.due and (completed > deadline.due) != marker:
        problems.warning(
            "late_conflict",
            f"{where}: tình trạng ghi {'trễ hạn' if marker else 'đúng hạn'} nhưng ngày hoàn thành {completed:%d/%m/%Y} "
            f"{'không sau' if marker else 'sau'} thời hạn {deadline.due:%d/%m/%Y}. Hệ thống tính theo ngày; hãy "
            "kiểm tra lại một trong hai ô.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["completed_on"]),
        )
    if completed is not None and status != "done":
        problems.warning(
            "completed_not_done",
            f"{where} có ngày hoàn thành {completed:%d/%m/%Y} nhưng tình trạng chưa hoàn thành. Hãy sửa tình trạng "
            "thành “Đã hoàn thành” hoặc xóa ngày hoàn thành.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["completed_on"]),
        )
    return {
        "area": _clip(area, "area"),
        "title": _clip(text["title"], "title"),
        "lead_unit_id": lead_id,
        "lead_text": _clip(text["lead"], "lead_text"),
        "coordinating": _clip(text.get("coordinating", ""), "coordinating"),
        "product": _clip(text.get("product", ""), "product"),
        "deadline_text": _clip(deadline.text, "deadline_text"),
        "deadline_kind": deadline.kind,
        "deadline": deadline.due,
        "status": status,
        "completed_on": completed,
        "done_late": done_late(status, marker, deadline, completed),
        "row": row.index + 1,
    }


def _clip(text: str, name: str) -> str:
    """Free text cut to its column's length (a database column has a limit; a cell has none)."""
    limit = _LIMITS[name]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_lead(
    lead: str, matcher: UnitMatcher, on: date | None, problems: Problems, *, sheet: str, cell: str
) -> int | None:
    """The unit of a lead-agency cell: the first registry unit named, the town for "Các …", None outside the town.

    Parts are split on ";" and line breaks, then on commas when a part is not one name as a whole; an unknown
    part is an error that suggests the closest units.
    """
    town = _town(matcher)
    ids: list[int] = []
    for part in (p.strip() for p in re.split(r"[;\n]", lead) if p.strip()):
        known, unit_id = _classify(part, matcher, on, town)
        if not known and "," in part:
            pieces = [_classify(p, matcher, on, town) for p in part.split(",") if p.strip()]
            known = all(k for k, _ in pieces)
            unit_id = next((i for _, i in pieces if i is not None), None)
        if not known:
            problems.error(
                "unknown_unit",
                f"Cơ quan chủ trì: {unknown_unit_message(part, matcher.suggest(part))} Cơ quan ngoài thị xã "
                "(Sở …, UBND tỉnh, Chi cục …) được giữ nguyên tên.",
                sheet=sheet,
                cell=cell,
                value=part,
            )
        elif unit_id is not None:
            ids.append(unit_id)
    # Registry units first; the town (a collective lead) only when no single unit is named.
    specific = [i for i in ids if town is None or i != town.id]
    return next(iter(specific or ids), None)


def _classify(
    name: str, matcher: UnitMatcher, on: date | None, town: UnitRef | None
) -> tuple[bool, int | None]:
    """(known, unit id) of one lead name; known with no id for a body outside the town."""
    name = _ASSIGN_VERB.sub("", name.strip())
    norm = normalize(name)
    if _COLLECTIVE.match(norm) and town is not None:
        return True, town.id
    unit = matcher.match(name, on)
    if unit is not None:
        return True, unit.id
    return is_outside_body(name) or not norm, None


def _deadline(row: Row, col: int, problems: Problems, sheet: str) -> Deadline | None:
    """The parsed deadline, or None after an error naming the cell."""
    try:
        return parse_deadline(row.cell(col))
    except ParseError as exc:
        problems.error(exc.code, exc.message, sheet=sheet, cell=cell_ref(row.index, col), value=row.cell(col))
        return None


def _status(row: Row, col: int | None, problems: Problems, sheet: str) -> tuple[str | None, bool | None]:
    """(status, late marker) from the status cell; not_started without the column; (None, None) on error."""
    if col is None:
        return "not_started", None
    norm = normalize(cell_text(row.cell(col)))
    if not norm:
        return "not_started", None
    for phrase in sorted(STATUSES, key=len, reverse=True):
        if norm == phrase or norm.startswith(phrase + " "):
            return STATUSES[phrase]
    problems.error(
        "bad_status",
        f"Tình trạng “{cell_text(row.cell(col))}” không hiểu được. Hãy ghi một trong: {ACCEPTED_STATUSES}.",
        sheet=sheet,
        cell=cell_ref(row.index, col),
        value=row.cell(col),
    )
    return None, None


def _completed_on(row: Row, col: int | None, problems: Problems, sheet: str) -> date | None:
    """The completion date, None when empty or unreadable (an error names the cell)."""
    if col is None:
        return None
    try:
        return parse_date(row.cell(col))
    except ParseError as exc:
        problems.error(
            exc.code,
            f"Ngày hoàn thành: {exc.message}",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=row.cell(col),
        )
        return None


def done_late(status: str, marker: bool | None, deadline: Deadline, completed: date | None) -> bool | None:
    """Whether a done task finished late: the dates when both are known, else the status's marker.

    An ongoing duty ("Thường xuyên") has no date to miss, so it is never late; a task whose deadline is another
    body's plan ("Theo kế hoạch của Sở …") cannot be told without a marker.
    """
    if status != "done":
        return None
    if deadline.kind == "date" and completed is not None and deadline.due is not None:
        return completed > deadline.due
    if marker is not None:
        return marker
    return False if deadline.kind == "ongoing" else None


__all__ = ["ACCEPTED_STATUSES", "KIND", "LABELS", "TITLE", "done_late", "looks_like", "read_sheet"]
