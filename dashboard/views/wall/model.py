"""Small types every tile's data uses: a figure rated against its target, and an alert for the status board."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from dashboard.kpis import status
from dashboard.kpis.common import Status
from dashboard.queries.targets import target_for

MAX_ALERTS = 5


@dataclass(frozen=True)
class Rated:
    """A rate with the target in force and its status (None where either is missing)."""

    value: float | None
    target: float | None = None
    status: Status | None = None


@dataclass(frozen=True)
class Alert:
    """One line of the status board: what is behind (red) or close (amber), in plain Vietnamese."""

    severity: Status
    text: str


def rated(*, session: Session, indicator: str, value: float | None, unit_id: int | None, on: date) -> Rated:
    """The value against the indicator's target for the unit (or every unit) in force on the day."""
    target = target_for(session=session, indicator=indicator, year=on.year, unit_id=unit_id, on=on)
    if target is None:
        return Rated(value)
    return Rated(value, target.value, status(value, target.value, tolerance=target.tolerance))


def top_alerts(alerts: Iterable[Alert], limit: int = MAX_ALERTS) -> list[Alert]:
    """Red before amber, otherwise in the order the tiles raised them; duplicates once; capped."""
    unique = list(dict.fromkeys(a for a in alerts if a.severity in ("behind", "close")))
    return sorted(unique, key=lambda a: a.severity != "behind")[:limit]
