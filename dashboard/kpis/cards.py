"""A headline KPI as the pages show it: value, definition, status against its target, and its changes.

Changes are differences, never ratios: rates move in percentage points ("+2,1 điểm"), counts in their own unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from base.formatting import vn_percent, vn_signed
from dashboard.kpis.common import Kpi, Status
from dashboard.kpis.dossiers import DOSSIER_KPIS


class Goal(Protocol):
    """A target as a card is judged on it (a stored target, or the dossier page's detached one)."""

    @property
    def value(self) -> float: ...

    @property
    def tolerance(self) -> float: ...


@dataclass(frozen=True)
class Card:
    """One headline KPI: value, definition (tooltip), status against its target, changes and a note."""

    area: str
    key: str
    label: str
    value: float | None
    value_text: str
    definition: str
    status: Status | None = None
    target_text: str = ""
    delta_previous: str | None = None
    delta_last_year: str | None = None
    delta_color: str = "normal"  # st.metric's: normal (up is good) | inverse (down is good) | off
    note: str = ""

    @property
    def delta(self) -> str | None:
        """The change shown on the metric: on the previous period, else on the same period last year."""
        return self.delta_previous if self.delta_previous is not None else self.delta_last_year


def signed(value: float | None, decimals: int, unit: str) -> str | None:
    """'+2,1 điểm', '−3 hồ sơ', '0,0 điểm'; None when unknown (the formatting module's one way to write it)."""
    return vn_signed(value, decimals, unit)


def diff(now: float | int | None, before: float | int | None) -> float | None:
    return None if now is None or before is None else float(now) - float(before)


def card(
    area: str,
    kpi: Kpi,
    *,
    value_text: str,
    prev: float | int | None,
    last: float | int | None,
    **rest: Any,
) -> Card:
    """A measured KPI as a card with its changes: rates move in points ('+2,1 điểm'), counts in their own unit;
    label, definition (tooltip), decimals, direction and — unless `status` is given — status come from the KPI
    record."""
    rest.setdefault("status", kpi.status)
    value = kpi.value
    d_prev, d_last = diff(value, prev), diff(value, last)
    shown = d_prev if d_prev is not None else d_last
    still = shown is not None and round(shown, kpi.decimals) == 0
    return Card(
        area,
        kpi.key,
        kpi.label,
        None if value is None else float(value),
        value_text,
        kpi.formula,
        delta_previous=signed(d_prev, kpi.decimals, kpi.change_unit),
        delta_last_year=signed(d_last, kpi.decimals, kpi.change_unit),
        delta_color="off" if still else ("normal" if kpi.higher_is_better else "inverse"),
        **rest,
    )


def target_text(value: float | None, prefix: str = "Chỉ tiêu") -> str:
    return "" if value is None else f"{prefix} {vn_percent(value, 0 if value == int(value) else 2)}"


def dossier_rate_card(
    key: str,
    now: Mapping[str, Any],
    prev: Mapping[str, Any],
    last: Mapping[str, Any],
    *,
    goal: Goal | None,
    target_text: str,
    note: str = "",
) -> Card:
    """A dossier rate (online, on time, late, resolved) as a card: label, formula and direction from the KPI module,
    its status against the goal (none without one)."""
    kpi = DOSSIER_KPIS[key].measured(now[key])
    return card(
        "dossiers",
        kpi if goal is None else replace(kpi, target=goal.value, tolerance=goal.tolerance),
        value_text=vn_percent(now[key]),
        prev=prev[key],
        last=last[key],
        target_text=target_text,
        note=note,
    )
