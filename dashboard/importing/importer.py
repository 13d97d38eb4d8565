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
from dashboard.importing.result import ImportResult, SheetNote
from dashboard.importing.sheet_notes import near_miss_text, unrecognised
from dashboard.importing.stored_text import clean_sheet_texts, column_length
from dashboard.importing.upload_preview import (
    Replacement,
    SheetPreview,
    replacements,
    sheet_previews,
    upload_guard,
)
from dashboard.settings import Settings, get_settings
from dashboard.store.audit import record
from dashboard.store.db import refresh_statistics
from dashboard.store.models import Batch
from dashboard.store.read_only import READ_ONLY_MESSAGE, is_read_only_error
from dashboard.store.units import UnitMatcher, area_label
from data_loaders.base import ParsedSheet
from data_loaders.date_window import DateWindow
from data_loaders.dossier_list import KIND as DOSSIER_LIST
from data_loaders.file_guard import FileRejected
from data_loaders.problems import Problem, Problems
from data_loaders.reasons import ReasonCode, template_hint
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


@dataclass
class ImportPlan:
    """One file read once: what storing it would write, replace and warn about, ready to be committed.

    It pickles (the parse worker plans, the page keeps the plan, the worker commits it). The problems are kept
    by stage, so a commit can redo the checks that depend on who stores it and on the database at that moment.
    """

    result: ImportResult  # the reading's notes, sheets and every problem so far; plans when looked up
    content: bytes
    sha256: str
    user: str  # as stored (printable)
    read_problems: Problems  # what reading the file found (fixed: the file does not change)
    refusals: list[Problem] = field(default_factory=list)  # sheets `allowed` refused when planning
    text_problems: Problems = field(default_factory=Problems)  # texts too long, units merged away
    looked_up: bool = False  # whether `result.plans` (replacements, overlaps) were looked up
    previews: list[SheetPreview] = field(default_factory=list)  # the preview table's rows (when asked for)
    replaced: list[Replacement] = field(default_factory=list)  # old vs new figures of what it replaces

    @property
    def file_name(self) -> str:
        return self.result.file_name


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
    """Read, validate and (unless dry_run or blocked) store a file in one transaction: a plan, then its commit.

    `allowed` may refuse a sheet (e.g. a unit the uploader does not answer for): its message becomes an error.
    `layouts` are the saved column layouts (None: those in the database); `draft`, the one being chosen on the
    upload page, is tried first.
    """
    settings = settings or get_settings()
    plan = plan_import(
        content,
        file_name,
        engine=engine,
        user=user,
        settings=settings,
        allowed=allowed,
        layouts=layouts,
        draft=draft,
        look_up=dry_run,  # a commit looks up what it replaces itself, under the import lock
    )
    if dry_run:
        plan.result.blocked_by_warnings = plan.result.blocked_by_warnings and not accept_warnings
        return plan.result
    if plan.result.problems.has_errors():
        return plan.result
    return commit_import(plan, engine=engine, accept_warnings=accept_warnings, settings=settings)


def plan_import(
    content: bytes,
    file_name: str,
    *,
    engine: Engine,
    user: str,
    settings: Settings | None = None,
    allowed: Callable[[ParsedSheet], str | None] | None = None,
    layouts: Sequence[Layout] | None = None,
    draft: Layout | None = None,
    look_up: bool = True,
    preview: bool = False,
) -> ImportPlan:
    """Read and validate a file once, storing nothing: the plan a commit stores.

    `look_up`: also find what each sheet replaces and the warnings that depend on stored data (without the
    import lock: a commit looks them up again under it). `preview`: also the preview table's rows and the old
    vs new figures of what it replaces, read in the same session as the plan.
    """
    settings = settings or get_settings()
    problems = Problems(cap_per_code=settings.max_problems_per_code)
    result = ImportResult(file_name, problems)
    sha256 = hashlib.sha256(content).hexdigest()
    user = printable(user)
    plan = ImportPlan(result, content, sha256, user, problems)
    try:
        book = open_workbook(content, file_name, settings)
    except FileRejected as exc:
        problems.error(exc.code, exc.message, sheet=exc.sheet, cell=exc.cell)
        return plan
    with Session(engine, expire_on_commit=False) as session:
        matcher = UnitMatcher.load(session=session)
        known = [
            *([draft] if draft else []),
            *(load_layouts(session=session) if layouts is None else layouts),
        ]
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
                    ReasonCode.FORMULA_WITHOUT_VALUE,
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
            if any(
                p.code == ReasonCode.MISSING_COLUMN for p in sheet_problems.errors
            ):  # the uploader may say which
                result.unread.append(_header_at(sheet, header, loader.title))
        empty = _account_rows(read, result)
        order = {sheet.name: i for i, sheet in enumerate(book.sheets)}
        result.notes.sort(key=lambda note: order.get(note.sheet, len(order)))  # workbook order
        if not result.sheets and empty:
            names = ", ".join(f"“{p.sheet}” ({KIND_TITLES.get(p.kind, p.kind)})" for p in empty)
            problems.error(
                ReasonCode.NO_DATA_ROWS,
                f"Tệp không có dòng số liệu nào: trang {names} chỉ có dòng tiêu đề. Không lưu gì, vì nhập lại sẽ "
                "thay thế số liệu đã lưu của cùng kỳ bằng một lô rỗng. Hãy xuất lại tệp có dữ liệu.",
                sheet=empty[0].sheet,
            )
            return plan
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
                ReasonCode.NO_TABLE,
                f"Không nhận ra bảng số liệu nào trong tệp (các trang: {names}).{closest} Hệ thống nhận: {kinds}. "
                + template_hint(),
            )
            return plan
        # From here on the problems depend on who stores the file and when: kept apart, so a commit redoes them.
        plan.read_problems = _copy(problems, settings)
        plan.refusals = _refusals(result.sheets, allowed)
        for refusal in plan.refusals:
            problems.add(refusal)
        checked = Problems(cap_per_code=settings.max_problems_per_code)
        for parsed in result.sheets:
            clean_sheet_texts(parsed, checked, user=user)
        window = DateWindow.around(today_local())
        for parsed in result.sheets:  # a unit merged away before the period began reports as its successor
            merged = (
                parsed.unit
                and parsed.period
                and window.holds(parsed.period.start)  # a year typed as 9999 is its own error (plan_sheet)
                and merged_unit_message(parsed.unit, parsed.period.start, matcher)
            )
            if merged:
                checked.error(ReasonCode.MERGED_UNIT, merged, sheet=parsed.sheet)
        plan.text_problems = checked
        problems.extend(checked)
        if look_up and not problems.has_errors():
            result.plans = _look_up(result.sheets, problems, settings, session=session)
            plan.looked_up = True
            # Stored only once the user accepts them: a dry run without acceptance is blocked by warnings.
            result.blocked_by_warnings = not problems.has_errors() and not may_store_warnings(
                problems, accepted=False
            )
        if preview:  # also of a file with errors: what was read, and what it would replace
            registry = matcher.all()
            unit_names = {u.id: u.name for u in registry}
            plan.previews = sheet_previews(result, unit_names, area_label(registry))
            plan.replaced = replacements(result, unit_names, session=session)
    return plan


def commit_import(
    plan: ImportPlan,
    *,
    engine: Engine,
    accept_warnings: bool = False,
    seen_warnings: Sequence[str] | None = None,
    settings: Settings | None = None,
    allowed: Callable[[ParsedSheet], str | None] | None = None,
) -> ImportResult:
    """Store a plan in one transaction, after checking again, under the import lock, what may have changed.

    Not read again: the file's sheets, rows and reading problems are the plan's. Checked again: `allowed` (when
    given: who stores it now; else the plan's refusals stand), the import lock, what each sheet replaces and
    every warning or error that depends on stored data or on today's date (a concurrent import may have stored
    or replaced the same report since), and whether the warnings may be stored (`may_store_warnings`).
    """
    settings = settings or get_settings()
    planned = plan.result
    problems = _copy(plan.read_problems, settings)
    result = ImportResult(
        planned.file_name, problems, notes=list(planned.notes), sheets=planned.sheets, unread=planned.unread
    )
    for refusal in plan.refusals if allowed is None else _refusals(result.sheets, allowed):
        problems.add(refusal)
    problems.extend(plan.text_problems)
    if problems.has_errors() or not result.sheets:
        return result
    with Session(engine, expire_on_commit=False) as session:
        try:  # held to the commit, so a concurrent import of the same report plans after this one stored
            take_import_lock(session=session, wait_seconds=settings.import_lock_wait_seconds)
        except ImportLockError as exc:
            problems.error(exc.code, exc.message)
            return result
        result.plans = _look_up(result.sheets, problems, settings, session=session)
        if problems.has_errors():
            return result
        if not may_store_warnings(problems, accepted=accept_warnings, seen=seen_warnings):
            result.blocked_by_warnings = True
            return result
        # The name is only shown (the sha256 identifies the file), so a long one is shortened, never refused.
        shown_name = shorten(printable(planned.file_name), column_length(Batch, "file_name") or 300)
        accepted = [printable(w.line(shown_name)) for w in problems.warnings]
        try:
            store_file(plan.content, plan.sha256, session=session)
            for parsed, sheet_plan in zip(result.sheets, result.plans, strict=True):
                batch = store_sheet(
                    parsed,
                    sheet_plan,
                    session=session,
                    file_name=shown_name,
                    sha256=plan.sha256,
                    size=len(plan.content),
                    user=plan.user,
                    accepted=accepted,
                )
                assert batch.id is not None
                result.batch_ids.append(batch.id)
                record(
                    plan.user,
                    "import",
                    session=session,
                    batch_id=batch.id,
                    detail=f"{shown_name} › {parsed.sheet}",
                )
            session.commit()
        except Exception as exc:
            session.rollback()
            result.batch_ids.clear()
            if not is_read_only_error(exc):
                raise
            problems.error(ReasonCode.READ_ONLY_DATABASE, READ_ONLY_MESSAGE)
            return result
        result.stored = True
    if any(parsed.kind == DOSSIER_LIST for parsed in result.sheets):  # thousands of new rows
        refresh_statistics(engine)
    return result


def warning_lines(problems: Problems) -> list[str]:
    """The warnings a user confirms, as comparable lines (what the user accepted must be what storing meets)."""
    return sorted(p.line("") for p in problems.warnings) + sorted(
        f"{code}:{n}" for (sev, code), n in problems.suppressed.items() if sev == "warning"
    )


def may_store_warnings(problems: Problems, *, accepted: bool, seen: Sequence[str] | None = None) -> bool:
    """Whether a file's warnings let it be stored: it has none, or they were accepted.

    `seen`: the warnings the user was shown and accepted (`warning_lines` of the plan). When given, only
    exactly those are accepted: a warning that appeared since (e.g. another import stored an overlapping
    report) needs a new confirmation. None accepts whatever warnings there are (the CLI's --accept-warnings).
    """
    if not problems.has_warnings():
        return True
    if not accepted:
        return False
    return seen is None or warning_lines(problems) == list(seen)


def _copy(problems: Problems, settings: Settings) -> Problems:
    out = Problems(cap_per_code=settings.max_problems_per_code)
    out.extend(problems)
    return out


def _refusals(
    sheets: Sequence[ParsedSheet], allowed: Callable[[ParsedSheet], str | None] | None
) -> list[Problem]:
    """The error of every sheet `allowed` refuses."""
    if allowed is None:
        return []
    return [
        Problem("error", ReasonCode.UNIT_NOT_ALLOWED, message, sheet=parsed.sheet)
        for parsed in sheets
        if (message := allowed(parsed))
    ]


def _look_up(
    sheets: Sequence[ParsedSheet], problems: Problems, settings: Settings, *, session: Session
) -> list[Plan]:
    """What each sheet replaces, and the problems that depend on stored data and today's date."""
    today = today_local()
    plans = [plan_sheet(parsed, problems, session=session, today=today) for parsed in sheets]
    for parsed, plan in zip(sheets, plans, strict=True):
        check_replacement(
            parsed, plan, problems, session=session, max_drop_pct=settings.replace_drop_warn_pct
        )
    return plans


def _owner_guard(matcher: UnitMatcher) -> Callable[[Layout, ParsedSheet], bool]:
    """Whether a sheet read by a layout has only units its owner answers for (an admin's: every unit)."""
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
