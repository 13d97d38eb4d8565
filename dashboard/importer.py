"""Import one Excel file: check it, read every recognised sheet, gather all problems, store all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.audit import record
from dashboard.batches import Plan, plan_sheet, store_file, store_sheet, today_local
from dashboard.db import refresh_statistics
from dashboard.settings import Settings, get_settings
from dashboard.units import UnitMatcher
from data_loaders.base import ParsedSheet
from data_loaders.dossier_list import KIND as DOSSIER_LIST
from data_loaders.file_guard import FileRejected
from data_loaders.problems import Problems
from data_loaders.registry import KIND_TITLES, detect, detect_book
from data_loaders.workbook import open_workbook


@dataclass
class ImportResult:
    """What happened to one file: its problems, what was (or would be) stored and replaced."""

    file_name: str
    problems: Problems
    sheets: list[ParsedSheet] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    stored: bool = False
    blocked_by_warnings: bool = False


def import_file(
    content: bytes,
    file_name: str,
    *,
    engine: Engine,
    user: str,
    accept_warnings: bool = False,
    dry_run: bool = False,
    settings: Settings | None = None,
    allowed: Callable[[ParsedSheet], str | None] | None = None,
) -> ImportResult:
    """Read, validate and (unless dry_run or blocked) store a file in one transaction.

    `allowed` may refuse a sheet (e.g. a unit the uploader does not answer for): its message becomes an error.
    """
    settings = settings or get_settings()
    problems = Problems(cap_per_code=settings.max_problems_per_code)
    result = ImportResult(file_name, problems)
    try:
        book = open_workbook(content, file_name, settings)
    except FileRejected as exc:
        problems.error(exc.code, exc.message)
        return result
    with Session(engine, expire_on_commit=False) as session:
        matcher = UnitMatcher.load(session)
        book_loader = detect_book(book)
        if book_loader is not None:
            result.sheets.extend(book_loader.read_book(book, file_name, matcher, problems))
        for sheet in [] if book_loader else book.sheets:
            found = detect(sheet)
            if found is None:
                continue
            loader, header = found
            for cell in sheet.formulas_without_value:
                problems.error(
                    "formula_without_value",
                    f"Ô {cell} có công thức nhưng chưa có giá trị đã tính (tệp được tạo bằng phần mềm không tính "
                    "công thức). Hãy mở tệp bằng Excel, nhấn Lưu (Ctrl+S) rồi tải lên lại.",
                    sheet=sheet.name,
                    cell=cell,
                )
            # Each sheet decides on its own problems, so one broken sheet never hides another's.
            sheet_problems = Problems(cap_per_code=settings.max_problems_per_code)
            result.sheets.append(loader.read_sheet(sheet, header, matcher, sheet_problems))
            problems.extend(sheet_problems)
        if not result.sheets:
            kinds = "; ".join(KIND_TITLES.values())
            names = ", ".join(f"“{s.name}”" for s in book.sheets) or "không có trang tính nào"
            problems.error(
                "no_table",
                f"Không nhận ra bảng số liệu nào trong tệp (các trang: {names}). Hệ thống nhận: {kinds}. "
                "Hãy dùng mẫu tải từ trang Dữ liệu, giữ nguyên dòng tiêu đề cột.",
            )
            return result
        refusals = [(p.sheet, allowed(p)) for p in result.sheets] if allowed is not None else []
        for sheet_name, refusal in refusals:
            if refusal:
                problems.error("unit_not_allowed", refusal, sheet=sheet_name)
        if problems.has_errors():
            return result
        today = today_local()
        result.plans = [plan_sheet(session, parsed, problems, today=today) for parsed in result.sheets]
        if problems.has_errors():
            return result
        if problems.has_warnings() and not accept_warnings:
            result.blocked_by_warnings = True
            return result
        if dry_run:
            return result
        sha256 = hashlib.sha256(content).hexdigest()
        accepted = [w.line(file_name) for w in problems.warnings]
        try:
            store_file(session, content, sha256)
            for parsed, plan in zip(result.sheets, result.plans, strict=True):
                batch = store_sheet(
                    session,
                    parsed,
                    plan,
                    file_name=file_name,
                    sha256=sha256,
                    size=len(content),
                    user=user,
                    accepted=accepted,
                )
                assert batch.id is not None
                result.batch_ids.append(batch.id)
                record(session, user, "import", batch_id=batch.id, detail=f"{file_name} › {parsed.sheet}")
            session.commit()
        except Exception:
            session.rollback()
            result.batch_ids.clear()
            raise
        result.stored = True
    if any(parsed.kind == DOSSIER_LIST for parsed in result.sheets):  # thousands of new rows
        refresh_statistics(engine)
    return result
