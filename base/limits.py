"""How much a file may hold and which values are plausible: the limits every reader is given.

The app's settings (dashboard.settings, env prefix IOC_) satisfy `ReadLimits`; the readers take one as an
argument where they open a file, and the cell-level checks (number size, dossier counts, dates) read the
limits of the workbook being read, which `open_workbook` makes current.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class ReadLimits(Protocol):
    """The limits a reader needs (the settings' fields of the same names)."""

    @property
    def max_upload_mb(self) -> float: ...
    @property
    def max_uncompressed_mb(self) -> float: ...
    @property
    def max_compression_ratio(self) -> float: ...
    @property
    def max_cells(self) -> int: ...
    @property
    def max_cell_chars(self) -> int: ...
    @property
    def max_text_chars(self) -> int: ...
    @property
    def max_number(self) -> float: ...
    @property
    def max_count(self) -> int: ...
    @property
    def plausible_date_from(self) -> date: ...
    @property
    def plausible_days_ahead(self) -> int: ...


@dataclass(frozen=True)
class Limits:
    """A plain set of limits; `DEFAULTS` are the settings' defaults."""

    max_upload_mb: float = 25.0
    max_uncompressed_mb: float = 400.0
    max_compression_ratio: float = 200.0
    max_cells: int = 5_000_000
    max_cell_chars: int = 32_767  # Excel's own limit
    max_text_chars: int = 50_000_000
    max_number: float = 1e18
    max_count: int = 100_000_000  # dossier counts are 32-bit integers: sums of cells must fit too
    plausible_date_from: date = date(2000, 1, 1)
    plausible_days_ahead: int = 366


DEFAULTS = Limits()
_CURRENT: ContextVar[ReadLimits] = ContextVar("read_limits", default=DEFAULTS)


def current() -> ReadLimits:
    """The limits of the workbook being read (the defaults outside any)."""
    return _CURRENT.get()


def make_current(limits: ReadLimits) -> None:
    """Make these the limits cell-level checks use from now on in this thread or task."""
    _CURRENT.set(limits)
