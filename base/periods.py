"""Reporting periods: a report's period, and the periods leaders pick (month, quarter, first N months, year,
custom) with their URL tokens."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal


def month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """A reporting period with inclusive start and end dates and a Vietnamese display label."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        """Refuse periods that end before they start."""
        if self.end < self.start:
            raise ValueError(f"Period {self.label!r} ends before it starts")

    @property
    def months(self) -> list[tuple[int, int]]:
        """List the (year, month) pairs the period touches, in order."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [(index // 12, index % 12 + 1) for index in range(first, last + 1)]

    def contains(self, other: Period) -> bool:
        """Tell whether the other period lies entirely within this one."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        """Tell whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end


PeriodKind = Literal["month", "quarter", "months", "year", "custom"]
KIND_LABELS: dict[str, str] = {
    "month": "Tháng",
    "quarter": "Quý",
    "months": "Lũy kế từ đầu năm",
    "year": "Năm",
    "custom": "Tùy chọn",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_TOKEN = re.compile(
    r"^(?:m(?P<my>\d{4})-(?P<mm>\d{1,2})|q(?P<qy>\d{4})-(?P<qq>[1-4])|n(?P<ny>\d{4})-(?P<nn>\d{1,2})"
    r"|y(?P<yy>\d{4})|c(?P<cs>\d{4}-\d{2}-\d{2})_(?P<ce>\d{4}-\d{2}-\d{2}))$"
)


@dataclass(frozen=True)
class Selected:
    """A chosen period: its kind, dates, Vietnamese label and URL token (e.g. 'm2023-05')."""

    kind: PeriodKind
    start: date
    end: date
    label: str
    token: str

    def previous(self) -> Selected:
        """The period just before, of the same kind and length (for 'change on the previous period')."""
        if self.kind == "month":
            prev_end = self.start - timedelta(days=1)
            return month(prev_end.year, prev_end.month)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return quarter(self.start.year - 1, 4) if q == 1 else quarter(self.start.year, q - 1)
        if self.kind in ("months", "year"):
            return self.same_period_last_year()
        length = self.end - self.start
        return custom(self.start - length - timedelta(days=1), self.start - timedelta(days=1))

    def same_period_last_year(self) -> Selected:
        """The same dates one year earlier."""
        if self.kind == "month":
            return month(self.start.year - 1, self.start.month)
        if self.kind == "quarter":
            return quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "months":
            return first_months(self.start.year - 1, self.end.month)
        if self.kind == "year":
            return year(self.start.year - 1)
        return custom(_minus_year(self.start), _minus_year(self.end))


def _minus_year(d: date) -> date:
    return d.replace(year=d.year - 1, day=min(d.day, 28 if d.month == 2 else d.day))


def month(y: int, m: int) -> Selected:
    return Selected("month", date(y, m, 1), month_end(y, m), f"Tháng {m}/{y}", f"m{y}-{m:02d}")


def quarter(y: int, q: int) -> Selected:
    return Selected(
        "quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q), f"Quý {_ROMAN[q]}/{y}", f"q{y}-{q}"
    )


def first_months(y: int, n: int) -> Selected:
    label = f"Năm {y}" if n == 12 else f"{n} tháng đầu năm {y}"
    return Selected("months", date(y, 1, 1), month_end(y, n), label, f"n{y}-{n}")


def year(y: int) -> Selected:
    return Selected("year", date(y, 1, 1), date(y, 12, 31), f"Năm {y}", f"y{y}")


def custom(start: date, end: date) -> Selected:
    return Selected(
        "custom", start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}", f"c{start.isoformat()}_{end.isoformat()}"
    )


def from_token(token: str | None) -> Selected | None:
    """Read a URL token back; None for anything malformed (the page then falls back to its default)."""
    match = _TOKEN.match(token or "")
    if not match:
        return None
    g = match.groupdict()
    try:
        if g["my"]:
            return month(int(g["my"]), int(g["mm"]))
        if g["qy"]:
            return quarter(int(g["qy"]), int(g["qq"]))
        if g["ny"]:
            return first_months(int(g["ny"]), int(g["nn"]))
        if g["yy"]:
            return year(int(g["yy"]))
        start, end = date.fromisoformat(g["cs"]), date.fromisoformat(g["ce"])
        return custom(start, end) if start <= end else None
    except ValueError:  # month 13, 30 February …
        return None


def months_elapsed(end: date) -> int:
    """Whole months of the year gone by at `end` (31/5 → 5; 20/7 → 6, July is not over)."""
    return end.month if end == month_end(end.year, end.month) else end.month - 1
