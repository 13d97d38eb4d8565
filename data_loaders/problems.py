"""Problems found in an uploaded file: where (file, sheet, cell), why (a ReasonCode), and a Vietnamese message."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from data_loaders.reasons import ReasonCode

Severity = Literal["error", "warning"]
# Codes listed once per distinct value on a sheet, with every place it occurs: one unknown unit name written
# on 300 rows is one thing to fix, not 300 identical lines.
MERGED_BY_VALUE = frozenset({ReasonCode.UNKNOWN_UNIT})
_MAX_PLACES = 10


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """An A1-style reference for 0-based row and column indexes."""
    return f"{column_letter(col)}{row + 1}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file; errors block the import, warnings block unless accepted."""

    severity: Severity
    code: str
    message: str
    sheet: str = ""
    cell: str = ""  # "F12", "dòng 12" or "" for the whole file
    value: str = ""

    def location(self) -> str:
        """'sheet › cell' as far as known."""
        return " › ".join(part for part in (self.sheet, self.cell) if part)

    def line(self, file_name: str) -> str:
        """The CLI form: 'ERROR file › sheet › cell [code] message'."""
        where = " › ".join(part for part in (file_name, self.sheet, self.cell) if part)
        return f"{self.severity.upper()} {where} [{self.code}] {self.message}"


@dataclass
class Problems:
    """Every problem of one file, capped per reason code so a broken column does not produce 100,000 lines."""

    cap_per_code: int = 20
    items: list[Problem] = field(default_factory=list)
    suppressed: Counter[tuple[Severity, str]] = field(default_factory=Counter)
    _places: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, problem: Problem) -> None:
        """Record a problem, or count it once its code has reached the cap."""
        if problem.code in MERGED_BY_VALUE and problem.value and self._merge(problem):
            return
        shown = sum(1 for p in self.items if p.code == problem.code and p.severity == problem.severity)
        if shown >= self.cap_per_code:
            self.suppressed[(problem.severity, problem.code)] += 1
        else:
            self.items.append(problem)

    def _merge(self, problem: Problem) -> bool:
        """Add the problem's cell to an earlier one with the same code, sheet and value; False if none."""
        for i, seen in enumerate(self.items):
            same = (seen.severity, seen.code, seen.sheet, seen.value)
            if same != (problem.severity, problem.code, problem.sheet, problem.value):
                continue
            places = self._places.setdefault(i, [seen.cell] if seen.cell else [])
            if problem.cell and problem.cell not in places:
                places.append(problem.cell)
            more = len(places) - _MAX_PLACES
            shown = ", ".join(places[:_MAX_PLACES]) + (f" và {more} ô khác" if more > 0 else "")
            self.items[i] = Problem(seen.severity, seen.code, seen.message, seen.sheet, shown, seen.value)
            return True
        return False

    def error(
        self, code: ReasonCode, message: str, *, sheet: str = "", cell: str = "", value: object = ""
    ) -> None:
        """Record a blocking problem."""
        self.add(Problem("error", code, message, sheet, cell, _show(value)))

    def warning(
        self, code: ReasonCode, message: str, *, sheet: str = "", cell: str = "", value: object = ""
    ) -> None:
        """Record a problem that blocks unless the user accepts it."""
        self.add(Problem("warning", code, message, sheet, cell, _show(value)))

    def extend(self, other: Problems) -> None:
        """Take over another list's problems and counts."""
        for p in other.items:
            self.add(p)
        self.suppressed.update(other.suppressed)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items) or any(
            sev == "error" for sev, _ in self.suppressed
        )

    def has_warnings(self) -> bool:
        return any(p.severity == "warning" for p in self.items) or any(
            sev == "warning" for sev, _ in self.suppressed
        )

    def summary_lines(self) -> list[str]:
        """One line per capped code: how many more of it were not listed."""
        return [
            f"{sev.upper()} … và {n} lỗi khác cùng loại [{code}] không liệt kê."
            if sev == "error"
            else f"{sev.upper()} … và {n} cảnh báo khác cùng loại [{code}] không liệt kê."
            for (sev, code), n in sorted(self.suppressed.items())
        ]


def _show(value: object) -> str:
    """A short printable form of a cell value for the problem table."""
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"
