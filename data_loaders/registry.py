"""The report kinds the importer knows, tried in order on each sheet (the most specific first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.units import UnitMatcher
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
from data_loaders.problems import Problems
from data_loaders.workbook import Sheet, Workbook


@dataclass(frozen=True)
class Loader:
    """A report kind: how to recognise its sheet and how to read it."""

    kind: str
    title: str
    looks_like: Callable[[Sheet], int | None]
    read_sheet: Callable[[Sheet, int, UnitMatcher, Problems], ParsedSheet]


LOADERS: tuple[Loader, ...] = (
    Loader(dossier_list.KIND, dossier_list.TITLE, dossier_list.looks_like, dossier_list.read_sheet),
    Loader(dossier_report.KIND, dossier_report.TITLE, dossier_report.looks_like, dossier_report.read_sheet),
    Loader(tasks_sheet.KIND, tasks_sheet.TITLE, tasks_sheet.looks_like, tasks_sheet.read_sheet),
    Loader(targets_sheet.KIND, targets_sheet.TITLE, targets_sheet.looks_like, targets_sheet.read_sheet),
    Loader(
        disbursement_report.KIND,
        disbursement_report.TITLE,
        disbursement_report.looks_like,
        disbursement_report.read_sheet,
    ),
    # Budget sheets have a generic "Chỉ tiêu / Nội dung" header, so the more specific kinds go first.
    *(Loader(*info) for info in budget_report.LOADERS_INFO),
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
KIND_TITLES = {
    **{loader.kind: loader.title for loader in BOOK_LOADERS},
    **{loader.kind: loader.title for loader in LOADERS},
}


def detect_book(book: Workbook) -> BookLoader | None:
    """The whole-workbook format this file is in, if any."""
    return next((loader for loader in BOOK_LOADERS if loader.looks_like(book)), None)


def detect(sheet: Sheet) -> tuple[Loader, int] | None:
    """The first loader that recognises the sheet, with the header row it found."""
    for loader in LOADERS:
        header = loader.looks_like(sheet)
        if header is not None:
            return loader, header
    return None
