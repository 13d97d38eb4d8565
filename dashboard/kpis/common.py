"""What every KPI shares: percentages, time progress, and the status of a figure against its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["met", "close", "behind"]
STATUS_LABELS: dict[str, tuple[str, str]] = {  # status -> (icon, Vietnamese word): never colour alone
    "met": ("✅", "Đạt"),
    "close": ("⚠️", "Gần đạt"),
    "behind": ("🔴", "Chậm"),
}
NOT_DUE = "chưa đến hạn"
NO_VERDICT = "—"


@dataclass(frozen=True)
class Verdict:
    """A status with the reason behind it (the tooltip); no status when there is nothing to judge yet."""

    status: Status | None
    reason: str

    @property
    def text(self) -> str:
        """'🔴 Chậm' — icon and word, never colour alone; '— chưa đến hạn' when nothing is due yet."""
        if self.status is None:
            return f"{NO_VERDICT} {NOT_DUE}" if self.reason.startswith(NOT_DUE.capitalize()) else NO_VERDICT
        icon, word = STATUS_LABELS[self.status]
        return f"{icon} {word}"


def percent(numerator: int | float | None, denominator: int | float | None) -> float | None:
    """100 × n ÷ d, or None when either is missing or d is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return 100.0 * numerator / denominator


def time_progress(months_elapsed: int) -> float:
    """Share of the year gone by — months elapsed ÷ 12 — the line revenue and spending are judged against."""
    return 100.0 * months_elapsed / 12


def status(
    value: float | None, target: float | None, *, tolerance: float = 5.0, higher_is_better: bool = True
) -> Status | None:
    """Met, close (within `tolerance` points) or behind; None when either side is missing."""
    if value is None or target is None:
        return None
    gap = value - target if higher_is_better else target - value
    if gap >= 0:
        return "met"
    return "close" if gap >= -tolerance else "behind"
