"""Loading a locality's unit registry from an uploaded CSV: every bad row reported, nothing half-loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from base.units import KINDS
from dashboard.store.models import Unit
from dashboard.store.portal_codes import record_portal_codes
from dashboard.store.units import REGISTRY_COLUMNS, insert_units, read_registry_csv
from data_loaders.problems import Problems

_REQUIRED = ("code", "name", "kind")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_FIX = "Sửa tệp CSV rồi tải lên lại; chưa có đơn vị nào được thêm."


@dataclass
class RegistryLoad:
    """What loading a registry CSV did: units added, codes already there (kept as they are), problems."""

    added: int
    kept: list[str]
    problems: Problems


def load_registry_csv(*, session: Session, content: bytes, file_name: str) -> RegistryLoad:
    """Check every row of the CSV; only when none is wrong, add the units whose code is new (in the session)."""
    problems = Problems()
    rows = _read(content, file_name, problems)
    if rows is None:
        return RegistryLoad(0, [], problems)
    stored = set(session.exec(select(Unit.code)).all())
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        _check_row(row, f"dòng {number}", stored, {r["code"] for r in rows}, problems, file_name)
    _check_duplicates(rows, problems, file_name)
    if problems.has_errors():
        return RegistryLoad(0, [], problems)
    kept = [r["code"] for r in rows if r["code"] in stored]
    added = insert_units(session=session, rows=rows)
    record_portal_codes(session=session, rows=rows)  # a new unit's code, or an older unit's first one
    return RegistryLoad(added, kept, problems)


def _read(content: bytes, file_name: str, problems: Problems) -> list[dict[str, str]] | None:
    """The rows, or None with an error when the file is not a UTF-8 CSV with the needed columns."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.error(
            "not_utf8",
            "Tệp không phải văn bản UTF-8. Trong Excel chọn Lưu thành › “CSV UTF-8 (Comma delimited)”. "
            + _FIX,
            sheet=file_name,
        )
        return None
    header = text.removeprefix("\ufeff").splitlines()[0] if text.strip() else ""
    columns = [c.strip() for c in header.split(",")]
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        problems.error(
            "missing_column",
            f"Dòng tiêu đề thiếu cột {', '.join(missing)} (thấy: {header or 'tệp trống'}). Dòng đầu phải là: "
            f"{','.join(REGISTRY_COLUMNS)}. " + _FIX,
            sheet=file_name,
            cell="dòng 1",
            value=header,
        )
        return None
    rows = read_registry_csv(text)
    if not rows:
        problems.error("no_units", "Tệp chỉ có dòng tiêu đề, không có đơn vị nào. " + _FIX, sheet=file_name)
        return None
    return [{c: row.get(c, "") for c in REGISTRY_COLUMNS} for row in rows]


def _date(row: dict[str, str], column: str, where: str, problems: Problems, file_name: str) -> date | None:
    """A YYYY-MM-DD date from a column, None when empty; an error when it is not a date."""
    text = row[column]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.error(
            "bad_date",
            f"Cột {column} ghi “{text}”, không phải ngày. Ghi theo dạng năm-tháng-ngày, ví dụ 2025-06-30. "
            + _FIX,
            sheet=file_name,
            cell=where,
            value=text,
        )
        return None


def _check_row(
    row: dict[str, str], where: str, stored: set[str], in_file: set[str], problems: Problems, file_name: str
) -> None:
    """Record every problem of one row: code, name, kind, dates, order and successor."""

    def error(code: str, message: str, value: str) -> None:
        problems.error(code, f"{message} {_FIX}", sheet=file_name, cell=where, value=value)

    if not _CODE.match(row["code"]):
        error(
            "bad_code",
            f"Mã đơn vị “{row['code']}” không hợp lệ: cần chữ thường không dấu, số và dấu gạch ngang "
            "(tối đa 64 ký tự), ví dụ xa-pho-an.",
            row["code"],
        )
    if not row["name"] or len(row["name"]) > 200 or len(row["full_name"]) > 300:
        error("bad_name", "Tên đơn vị phải có (tối đa 200 ký tự; tên đầy đủ tối đa 300).", row["name"])
    if row["kind"] not in KINDS:
        error(
            "bad_kind",
            f"Loại đơn vị “{row['kind']}” không hợp lệ; chọn một trong: {', '.join(KINDS)}.",
            row["kind"],
        )
    start = _date(row, "valid_from", where, problems, file_name)
    end = _date(row, "valid_to", where, problems, file_name)
    if start and end and start > end:
        error(
            "bad_dates", f"Ngày bắt đầu hiệu lực {start:%d/%m/%Y} sau ngày hết hiệu lực {end:%d/%m/%Y}.", ""
        )
    if row["sort_order"] and not row["sort_order"].lstrip("-").isdigit():
        error(
            "bad_sort_order", f"Thứ tự hiển thị “{row['sort_order']}” phải là số nguyên.", row["sort_order"]
        )
    successor = row["successor_code"]
    if successor:
        if successor == row["code"]:
            error("bad_successor", "Đơn vị không thể sáp nhập vào chính nó.", successor)
        elif successor not in in_file and successor not in stored:
            error(
                "unknown_successor",
                f"Đơn vị kế thừa “{successor}” không có trong tệp cũng như trong danh mục.",
                successor,
            )
        if not row["valid_to"]:
            error(
                "successor_without_end", "Đơn vị có đơn vị kế thừa phải có ngày hết hiệu lực (valid_to).", ""
            )


def _check_duplicates(rows: list[dict[str, str]], problems: Problems, file_name: str) -> None:
    """A code may appear once in the file."""
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        code = row["code"]
        if code and code in seen:
            problems.error(
                "duplicate_code",
                f"Mã “{code}” đã có ở dòng {seen[code]}; mỗi đơn vị một dòng. {_FIX}",
                sheet=file_name,
                cell=f"dòng {number}",
                value=code,
            )
        seen.setdefault(code, number)
