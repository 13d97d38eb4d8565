"""A headline KPI as the pages show it: value, definition, status against its target, and its changes.

Changes are differences, never ratios: rates move in percentage points ("+2,1 điểm"), counts in their own unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from base.formatting import vn_percent, vn_signed
from dashboard.kpis.common import Status
from dashboard.kpis.dossiers import DOSSIER_KPIS


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
    key: str,
    label: str,
    value: float | int | None,
    definition: str,
    *,
    value_text: str,
    prev: float | int | None,
    last: float | int | None,
    decimals: int = 1,
    unit: str = "điểm",
    lower_is_better: bool = False,
    **rest: Any,
) -> Card:
    """A card with its changes: rates move in points ('+2,1 điểm'), counts in their own unit."""
    d_prev, d_last = diff(value, prev), diff(value, last)
    shown = d_prev if d_prev is not None else d_last
    still = shown is not None and round(shown, decimals) == 0
    return Card(
        area,
        key,
        label,
        None if value is None else float(value),
        value_text,
        definition,
        delta_previous=signed(d_prev, decimals, unit),
        delta_last_year=signed(d_last, decimals, unit),
        delta_color="off" if still else ("inverse" if lower_is_better else "normal"),
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
    status: Status | None,
    target_text: str,
    note: str = "",
) -> Card:
    """A dossier rate (online, on time, late, resolved) as a card: label and formula from the KPI module."""
    kpi = DOSSIER_KPIS[key]
    return card(
        "dossiers",
        key,
        kpi.label,
        now[key],
        kpi.formula,
        value_text=vn_percent(now[key]),
        prev=prev[key],
        last=last[key],
        lower_is_better=key == "late_rate",
        status=status,
        target_text=target_text,
        note=note,
    )
