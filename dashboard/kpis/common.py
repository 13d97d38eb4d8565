"""What every KPI shares: the one KPI record, percentages, time progress, and the status of a figure against its
target."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

Status = Literal["met", "close", "behind"]
STATUS_LABELS: dict[str, tuple[str, str]] = {  # status -> (icon, Vietnamese word): never colour alone
    "met": ("✅", "Đạt"),
    "close": ("⚠️", "Gần đạt"),
    "behind": ("🔴", "Chậm"),
}
NOT_DUE = "chưa đến hạn"
NO_VERDICT = "—"
PERCENT = "%"
POINTS = "điểm"  # a rate moves in percentage points, never in %
MONEY = "triệu đồng"

Measure = Callable[[Mapping[str, Any]], int | float | None]


@dataclass(frozen=True)
class Kpi:
    """One KPI of any area (dossiers, budget, investment, tasks, service index): what it is, how a rate is taken
    from counts, how its status and changes are read, and — once measured — its value.

    `formula` is the definition shown as the tooltip. `unit` is "%" for a rate, else the unit of the amount or
    count ("triệu đồng", "hồ sơ", "nhiệm vụ", "điểm"), "" for a rank or a name. `numerator` and `denominator` are
    given where the KPI is a rate of two counts. `value` is None until measured, and None when missing (never 0);
    `target` and `tolerance` (with `higher_is_better`) are what its status is judged on.
    """

    key: str
    label: str
    formula: str
    unit: str = PERCENT
    numerator: Measure | None = None
    denominator: Measure | None = None
    higher_is_better: bool = True
    decimals: int = 1  # of its changes: '+2,1 điểm', '−3 hồ sơ'
    value: float | int | None = None
    target: float | None = None  # what the value is judged against: a target, time progress, 0 overdue
    tolerance: float = 5.0  # how far short of the target is still 'close', in the KPI's unit

    @property
    def change_unit(self) -> str:
        """What a change of the KPI is counted in: points for a rate, else its own unit."""
        return POINTS if self.unit == PERCENT else self.unit

    def parts(self, counts: Mapping[str, Any]) -> tuple[int | float | None, int | float | None]:
        """Numerator and denominator of a rate from counts; (None, None) for a KPI that is not such a rate."""
        if self.numerator is None or self.denominator is None:
            return None, None
        return self.numerator(counts), self.denominator(counts)

    def rate_of(self, counts: Mapping[str, Any]) -> float | None:
        """100 × numerator ÷ denominator of the counts; None when either is missing or the denominator is 0."""
        return percent(*self.parts(counts))

    @property
    def status(self) -> Status | None:
        """Met, close or behind its target, in its direction; None without a value or a target."""
        return status(
            self.value, self.target, tolerance=self.tolerance, higher_is_better=self.higher_is_better
        )

    def measured(self, value: float | int | None) -> Kpi:
        """The KPI with its value (None stays None: missing, never 0)."""
        return replace(self, value=value)


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
