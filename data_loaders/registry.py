"""The report kinds the importer knows, tried in order on each sheet (the most specific first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from base.text import normalize
from base.units import UnitMatcher
from data_loaders import (
    budget_report,
    disbursement_report,
    dossier_list,
    dossier_report,
    service_index,
    targets_sheet,
    tasks_sheet,
)
from data_loaders.base import ParsedSheet
from data_loaders.columns import FieldSpec, header_hits
from data_loaders.problems import Problems
from data_loaders.table import MAX_TITLE_ROWS, cell_text
from data_loaders.workbook import Sheet, Workbook


@dataclass(frozen=True)
class Loader:
    """A report kind: how to recognise its sheet, how to read it, and the header words that mark it."""

    kind: str
    title: str
    looks_like: Callable[[Sheet], int | None]
    read_sheet: Callable[[Sheet, int, UnitMatcher, Problems], ParsedSheet]
    fields: tuple[FieldSpec, ...] = ()  # for telling which kind an unrecognised sheet came closest to


# The headers that mark the kinds whose loaders classify columns by rules rather than synonym lists.
_REPORT_FIELDS = (
    FieldSpec(
        "received", "Số hồ sơ nhận giải quyết", ("so ho so nhan giai quyet", "nhan giai quyet"), required=True
    ),
    FieldSpec(
        "resolved", "Số hồ sơ đã giải quyết", ("so ho so da giai quyet", "da giai quyet"), required=True
    ),
    FieldSpec("pending", "Số hồ sơ đang giải quyết", ("so ho so dang giai quyet", "dang giai quyet")),
    FieldSpec("online", "Trực tuyến", ("truc tuyen",)),
    FieldSpec("label", "Lĩnh vực / Đơn vị", ("linh vuc giai quyet", "linh vuc", "ten don vi")),
)
_TARGET_FIELDS = tuple(
    FieldSpec(name, targets_sheet.LABELS[name], synonyms, required=name in {"indicator", "year", "value"})
    for name, synonyms in targets_sheet.COLUMNS.items()
)
_DISBURSEMENT_FIELDS = (
    FieldSpec("project", "Tên dự án", ("ten du an", "ten cong trinh", "du an", "danh muc"), required=True),
    FieldSpec("investor", "Chủ đầu tư", ("chu dau tu",)),
    FieldSpec("plan", "Kế hoạch vốn", ("ke hoach von", "kh von", "ke hoach"), required=True),
    FieldSpec("disbursed", "Giải ngân", ("gia tri giai ngan", "giai ngan"), required=True),
    FieldSpec("total_investment", "Tổng mức đầu tư", ("tong muc dau tu",)),
)
_BUDGET_FIELDS = (
    FieldSpec("item", "Nội dung / Chỉ tiêu", ("noi dung", "chi tieu", "khoan muc"), required=True),
    FieldSpec("estimate", "Dự toán", ("du toan",)),  # optional: without it the rates are missing
    FieldSpec("ytd", "Lũy kế thực hiện", ("luy ke thuc hien", "luy ke"), required=True),
    FieldSpec("month", "Thực hiện", ("uoc thuc hien", "thuc hien")),
    FieldSpec("same_period", "Cùng kỳ", ("cung ky",)),
)

LOADERS: tuple[Loader, ...] = (
    Loader(
        dossier_list.KIND,
        dossier_list.TITLE,
        dossier_list.looks_like,
        dossier_list.read_sheet,
        dossier_list.FIELDS,
    ),
    Loader(
        dossier_report.KIND,
        dossier_report.TITLE,
        dossier_report.looks_like,
        dossier_report.read_sheet,
        _REPORT_FIELDS,
    ),
    Loader(
        tasks_sheet.KIND,
        tasks_sheet.TITLE,
        tasks_sheet.looks_like,
        tasks_sheet.read_sheet,
        tasks_sheet.FIELDS,
    ),
    Loader(
        targets_sheet.KIND,
        targets_sheet.TITLE,
        targets_sheet.looks_like,
        targets_sheet.read_sheet,
        _TARGET_FIELDS,
    ),
    Loader(
        disbursement_report.KIND,
        disbursement_report.TITLE,
        disbursement_report.looks_like,
        disbursement_report.read_sheet,
        _DISBURSEMENT_FIELDS,
    ),
    # Budget sheets have a generic "Chỉ tiêu / Nội dung" header, so the more specific kinds go first.
    *(Loader(*info, fields=_BUDGET_FIELDS) for info in budget_report.LOADERS_INFO),
)


@dataclass(frozen=True)
class BookLoader:
    """A format that spans a whole workbook (e.g. a portal export whose dates sit in another sheet)."""

    kind: str
    title: str
    looks_like: Callable[[Workbook], bool]
    read_book: Callable[[Workbook, str, UnitMatcher, Problems], list[ParsedSheet]]


BOOK_LOADERS: tuple[BookLoader, ...] = (
    BookLoader(
        service_index.KIND, service_index.TITLE, service_index.looks_like_book, service_index.read_book
    ),
)


def detect_book(book: Workbook) -> BookLoader | None:
    """The whole-workbook format this file is in, if any."""
    return next((loader for loader in BOOK_LOADERS if loader.looks_like(book)), None)


@dataclass(frozen=True)
class NearMiss:
    """The kind an unrecognised sheet came closest to: its title, the header row, the fields matched and lacking."""

    title: str
    row: int
    hits: int
    missing: list[str]


def closest_kind(sheet: Sheet) -> NearMiss | None:
    """The kind whose header words most cells of one row (and the row below it) match; None when none does."""
    best: NearMiss | None = None
    rows = sheet.rows[:MAX_TITLE_ROWS]
    for r in range(len(rows)):
        if not any(cell_text(v) for v in rows[r]):
            continue
        texts = [normalize(t) for row in rows[r : r + 2] for v in row if (t := cell_text(v))]
        for loader in LOADERS:
            hits, missing = header_hits(texts, loader.fields)
            if hits and (best is None or hits > best.hits):
                best = NearMiss(loader.title, r, hits, missing)
    return best


def detect(sheet: Sheet) -> tuple[Loader, int] | None:
    """The first loader that recognises the sheet, with the header row it found."""
    for loader in LOADERS:
        header = loader.looks_like(sheet)
        if header is not None:
            return loader, header
    return None


def loader_of(kind: str) -> Loader | None:
    """The sheet loader of a kind (None for a whole-workbook format or an unknown kind)."""
    return next((loader for loader in LOADERS if loader.kind == kind), None)
