"""Import one Excel file: check it, read every recognised sheet, gather all problems, store all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session

from base.kinds import KIND_TITLES
from base.text import printable, shorten
from base.units import merged_unit_message
from dashboard.access.auth import Account
from dashboard.importing.batches import (
    Plan,
    check_sheets_claim_once,
    plan_sheet,
    store_file,
    store_sheet,
    today_local,
)
from dashboard.importing.import_lock import ImportLockError, take_import_lock
from dashboard.importing.layouts import load_layouts
from dashboard.importing.replace_check import check_replacement, stored_rows
from dashboard.importing.sheet_notes import near_miss_text, unrecognised
from dashboard.importing.stored_text import clean_sheet_texts, column_length
from dashboard.settings import Settings, get_settings
from dashboard.store.audit import record
from dashboard.store.db import refresh_statistics
from dashboard.store.models import Batch
from dashboard.store.read_only import READ_ONLY_MESSAGE, is_read_only_error
from dashboard.store.units import UnitMatcher
from data_loaders.base import ParsedSheet
from data_loaders.date_window import DateWindow
from data_loaders.dossier_list import KIND as DOSSIER_LIST
from data_loaders.file_guard import FileRejected
from data_loaders.problems import Problems
from data_loaders.registry import Loader, closest_kind, detect, detect_book, loader_of
from data_loaders.saved_layout import (
    HeaderFound,
    Layout,
    apply_layout,
    find_layouts,
    likely_header,
    row_cells,
    title_words_above,
    used_note,
)
from data_loaders.table import cell_text
from data_loaders.workbook import Sheet, open_workbook


@dataclass(frozen=True)
class SheetNote:
    """A fact about one sheet that blocks nothing (a sheet skipped and why, the rows read): an INFO line."""

    sheet: str
    message: str

    def line(self, file_name: str) -> str:
        """The CLI form: 'INFO file › sheet: message'."""
        return f"INFO {file_name} › {self.sheet}: {self.message}"


@dataclass
class ImportResult:
    """What happened to one file: its problems, what was (or would be) stored and replaced."""

    file_name: str
    problems: Problems
    notes: list[SheetNote] = field(default_factory=list)  # every sheet not read says here why
    sheets: list[ParsedSheet] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    stored: bool = False
    blocked_by_warnings: bool = False
    unread: list[HeaderFound] = field(default_factory=list)  # sheets the uploader may say how to read


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
    layouts: Sequence[Layout] | None = None,
    draft: Layout | None = None,
) -> ImportResult:
    """Read, validate and (unless dry_run or blocked) store a file in one transaction.

    `allowed` may refuse a sheet (e.g. a unit the uploader does not answer for): its message becomes an error.
    `layouts` are the saved column layouts (None: those in the database); `draft`, the one being chosen on the
    upload page, is tried first.
    """
    settings = settings or get_settings()
    problems = Problems(cap_per_code=settings.max_problems_per_code)
    result = ImportResult(file_name, problems)
    try:
        book = open_workbook(content, file_name, settings)
    except FileRejected as exc:
        problems.error(exc.code, exc.message, sheet=exc.sheet, cell=exc.cell)
        return result
    with Session(engine, expire_on_commit=False) as session:
        matcher = UnitMatcher.load(session)
        known = [*([draft] if draft else []), *(load_layouts(session) if layouts is None else layouts)]
        owner_fits = _owner_guard(matcher)
        book_loader = detect_book(book)
        read: list[ParsedSheet] = []
        if book_loader is not None:
            read.extend(book_loader.read_book(book, file_name, matcher, problems))
        for sheet in [] if book_loader else book.sheets:
            if not any(cell_text(v) for row in sheet.rows for v in row):
                result.notes.append(SheetNote(sheet.name, "trang trống, bỏ qua."))
                continue
            by_layout = _read_by_layout(sheet, known, matcher, settings, allowed_units=owner_fits)
            found = detect(sheet) if by_layout is None else None
            if by_layout is None and found is None:
                result.notes.append(SheetNote(sheet.name, f"bỏ qua: {unrecognised(sheet)}"))
                if (header_found := _header_found(sheet)) is not None:
                    result.unread.append(header_found)
                continue
            for cell in sheet.formulas_without_value:
                problems.error(
                    "formula_without_value",
                    f"Ô {cell} có công thức nhưng chưa có giá trị đã tính (tệp được tạo bằng phần mềm không tính "
                    "công thức). Hãy mở tệp bằng Excel, nhấn Lưu (Ctrl+S) rồi tải lên lại.",
                    sheet=sheet.name,
                    cell=cell,
                )
            if by_layout is not None:
                result.notes.append(SheetNote(sheet.name, by_layout.notes[0]))
                read.append(by_layout)
                problems.extend(by_layout.problems)
                continue
            assert found is not None
            loader, header = found
            # Each sheet decides on its own problems, so one broken sheet never hides another's.
            sheet_problems = Problems(cap_per_code=settings.max_problems_per_code)
            read.append(loader.read_sheet(sheet, header, matcher, sheet_problems))
            problems.extend(sheet_problems)
            if any(p.code == "missing_column" for p in sheet_problems.errors):  # the uploader may say which
                result.unread.append(_header_at(sheet, header, loader.title))
        empty = _account_rows(read, result)
        order = {sheet.name: i for i, sheet in enumerate(book.sheets)}
        result.notes.sort(key=lambda note: order.get(note.sheet, len(order)))  # workbook order
        if not result.sheets and empty:
            names = ", ".join(f"“{p.sheet}” ({KIND_TITLES.get(p.kind, p.kind)})" for p in empty)
            problems.error(
                "no_data_rows",
                f"Tệp không có dòng số liệu nào: trang {names} chỉ có dòng tiêu đề. Không lưu gì, vì nhập lại sẽ "
                "thay thế số liệu đã lưu của cùng kỳ bằng một lô rỗng. Hãy xuất lại tệp có dữ liệu.",
                sheet=empty[0].sheet,
            )
            return result
        if book_loader is None:  # a book loader's sheets are parts of one report, not rival copies
            check_sheets_claim_once(result.sheets, problems)
        if not result.sheets:
            kinds = "; ".join(KIND_TITLES.values())
            names = ", ".join(f"“{s.name}”" for s in book.sheets) or "không có trang tính nào"
            near = max(
                ((s, miss) for s in book.sheets if (miss := closest_kind(s)) is not None),
                key=lambda found: found[1].hits,
                default=None,
            )
            closest = f" {near_miss_text(near[0], near[1])}" if near else ""
            problems.error(
                "no_table",
                f"Không nhận ra bảng số liệu nào trong tệp (các trang: {names}).{closest} Hệ thống nhận: {kinds}. "
                "Hãy dùng mẫu tải từ trang Dữ liệu, giữ nguyên dòng tiêu đề cột.",
            )
            return result
        refusals = [(p.sheet, allowed(p)) for p in result.sheets] if allowed is not None else []
        for sheet_name, refusal in refusals:
            if refusal:
                problems.error("unit_not_allowed", refusal, sheet=sheet_name)
        user = printable(user)
        for parsed in result.sheets:
            clean_sheet_texts(parsed, problems, user=user)
        window = DateWindow.around(today_local())
        for parsed in result.sheets:  # a unit merged away before the period began reports as its successor
            merged = (
                parsed.unit
                and parsed.period
                and window.holds(parsed.period.start)  # a year typed as 9999 is its own error (plan_sheet)
                and merged_unit_message(parsed.unit, parsed.period.start, matcher)
            )
            if merged:
                problems.error("merged_unit", merged, sheet=parsed.sheet)
        if problems.has_errors():
            return result
        if not dry_run:
            try:  # held to the commit, so a concurrent import of the same report plans after this one stored
                take_import_lock(session, wait_seconds=settings.import_lock_wait_seconds)
            except ImportLockError as exc:
                problems.error(exc.code, exc.message)
                return result
        today = today_local()
        result.plans = [plan_sheet(session, parsed, problems, today=today) for parsed in result.sheets]
        for parsed, plan in zip(result.sheets, result.plans, strict=True):
            check_replacement(session, parsed, plan, problems, max_drop_pct=settings.replace_drop_warn_pct)
        if problems.has_errors():
            return result
        if problems.has_warnings() and not accept_warnings:
            result.blocked_by_warnings = True
            return result
        if dry_run:
            return result
        sha256 = hashlib.sha256(content).hexdigest()
        # The name is only shown (the sha256 identifies the file), so a long one is shortened, never refused.
        shown_name = shorten(printable(file_name), column_length(Batch, "file_name") or 300)
        accepted = [printable(w.line(shown_name)) for w in problems.warnings]
        try:
            store_file(session, content, sha256)
            for parsed, plan in zip(result.sheets, result.plans, strict=True):
                batch = store_sheet(
                    session,
                    parsed,
                    plan,
                    file_name=shown_name,
                    sha256=sha256,
                    size=len(content),
                    user=user,
                    accepted=accepted,
                )
                assert batch.id is not None
                result.batch_ids.append(batch.id)
                record(session, user, "import", batch_id=batch.id, detail=f"{shown_name} › {parsed.sheet}")
            session.commit()
        except Exception as exc:
            session.rollback()
            result.batch_ids.clear()
            if not is_read_only_error(exc):
                raise
            problems.error("read_only_database", READ_ONLY_MESSAGE)
            return result
        result.stored = True
    if any(parsed.kind == DOSSIER_LIST for parsed in result.sheets):  # thousands of new rows
        refresh_statistics(engine)
    return result


def _owner_guard(matcher: UnitMatcher) -> Callable[[Layout, ParsedSheet], bool]:
    """Whether a sheet read by a layout has only units its owner answers for (an admin's: every unit)."""
    from dashboard.importing.upload_preview import upload_guard  # the preview module imports this one

    registry = matcher.all()

    def fits(layout: Layout, parsed: ParsedSheet) -> bool:
        if layout.owner_units is None:
            return True
        owner = Account(layout.owner, "", "uploader", layout.owner_units)
        return upload_guard(owner, registry)(parsed) is None

    return fits


def _read_by_layout(
    sheet: Sheet,
    layouts: Sequence[Layout],
    matcher: UnitMatcher,
    settings: Settings,
    *,
    allowed_units: Callable[[Layout, ParsedSheet], bool],
) -> ParsedSheet | None:
    """The sheet read with the first layout whose header it has and whose owner's units it keeps to; else None."""
    for layout, row in find_layouts(sheet, layouts):
        loader: Loader | None = loader_of(layout.kind)
        if loader is None:
            continue
        view = apply_layout(sheet, row, layout, loader.fields)
        header = loader.looks_like(view)
        problems = Problems(cap_per_code=settings.max_problems_per_code)
        parsed = loader.read_sheet(view, row if header is None else header, matcher, problems)
        if not allowed_units(layout, parsed):
            continue
        parsed.notes.insert(0, used_note(layout))
        return parsed
    return None


def _header_found(sheet: Sheet) -> HeaderFound | None:
    """The header row an unrecognised sheet most likely has, for the upload page to ask about."""
    near = closest_kind(sheet)
    row = likely_header(sheet, near.row if near else None)
    if row is None:
        return None
    return _header_at(sheet, row, near.title if near else None)


def _header_at(sheet: Sheet, row: int, kind_title: str | None) -> HeaderFound:
    return HeaderFound(sheet.name, row, row_cells(sheet, row), title_words_above(sheet, row), kind_title)


def _account_rows(read: list[ParsedSheet], result: ImportResult) -> list[ParsedSheet]:
    """Count each sheet's rows; keep the sheets with rows (or errors), note the others; return those without rows.

    A recognised sheet without a data row is never stored: it would replace a good period with nothing.
    """
    empty: list[ParsedSheet] = []
    for parsed in read:
        parsed.rows.settle(stored_rows(parsed))
        if parsed.rows.stored == 0 and not parsed.problems.has_errors():
            empty.append(parsed)
            title = KIND_TITLES.get(parsed.kind, parsed.kind)
            result.notes.append(
                SheetNote(
                    parsed.sheet, f"bỏ qua: nhận ra {title} nhưng không có dòng số liệu nào dưới tiêu đề."
                )
            )
            continue
        result.sheets.append(parsed)
        result.notes.append(SheetNote(parsed.sheet, parsed.rows.line() + "."))
    return empty
