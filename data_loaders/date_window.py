"""The plausible window of dates a file may hold, and the capped warning for rows whose dates fall outside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from base import limits as read_limits
from base.limits import ReadLimits

# Rows named in the warning before "… và N dòng khác".
_LISTED_ROWS = 10
# Why such rows are not stored, in the batch's row accounting (data_loaders.row_counts).
SKIP_IMPLAUSIBLE_DATE = "dòng có ngày ngoài khoảng hợp lý (đã cảnh báo)"


def day_label(day: date) -> str:
    """dd/mm/yyyy with a four-digit year even for year 1 (strftime writes "1/1/1" there)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@dataclass(frozen=True)
class DateWindow:
    """From the earliest plausible date to a set number of days after the import date, both inclusive."""

    first: date
    last: date

    @classmethod
    def around(cls, today: date, limits: ReadLimits | None = None) -> DateWindow:
        """The window for an import made on `today` (under the current read limits unless given)."""
        limits = limits or read_limits.current()
        return cls(limits.plausible_date_from, today + timedelta(days=limits.plausible_days_ahead))

    def holds(self, when: date | datetime) -> bool:
        """Tell whether a date (or the day of a date-time) lies inside the window."""
        day = when.date() if isinstance(when, datetime) else when
        return self.first <= day <= self.last

    @property
    def label(self) -> str:
        return f"{day_label(self.first)} – {day_label(self.last)}"


@dataclass
class OutOfWindow:
    """Rows with a date outside the window: the first few named (row, column label, date), all counted."""

    window: DateWindow
    listed: list[tuple[int, str, date]] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, label: str, when: date | datetime) -> None:
        """Count a row (1-based) once, naming it while the list is short."""
        self.count += 1
        if len(self.listed) < _LISTED_ROWS:
            self.listed.append((row, label, when.date() if isinstance(when, datetime) else when))

    def message(self, what: str) -> str:
        """The warning: which rows, which dates, what happens if accepted and how to fix it."""
        shown = "; ".join(f"dòng {row} ({label} {day_label(day)})" for row, label, day in self.listed)
        more = f" … và {self.count - len(self.listed)} dòng khác" if self.count > len(self.listed) else ""
        return (
            f"{self.count} {what} có ngày nằm ngoài khoảng hợp lý {self.window.label}: {shown}{more}. Có thể năm "
            "bị gõ sai (ví dụ 0001, 1900, 2099, 9999). Nếu chấp nhận cảnh báo, các dòng này bị bỏ qua (không lưu); "
            "hãy sửa ngày trong tệp rồi nhập lại để lưu đủ."
        )
