"""The data of the dossier tiles: the headline, online rate by commune, late and overdue by unit, the scorecard.

Figures come from dashboard.queries.kpi_report / dossier_query / kpis; this module only picks, ranks and pages them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from base.formatting import NOT_REPORTED, vn_number, vn_percent
from dashboard.kpis import DOSSIER_KPIS, dossier_kpis
from dashboard.queries.dossiers import select_scope
from dashboard.queries.kpi_report import dossier_section
from dashboard.queries.reporting_status import month_status
from dashboard.store.units import UnitMatcher
from dashboard.views.wall.model import Alert, Rated, rated
from dashboard.views.wall.scope import Window

MAX_ROWS = 12  # at most a dozen bars or lines on a tile
LATE_UNITS = 10
# View name -> (unit kind, heading of the group).
UNIT_GROUPS: dict[str, tuple[str, str]] = {
    "offices": ("office", "Phòng, ban thị xã"),
    "wards": ("ward", "Các phường"),
    "communes": ("commune", "Các xã"),
}


@dataclass(frozen=True)
class HeadlineData:
    """Tile 1: received, resolved, pending and overdue counts; online and on-time rates against targets."""

    received: int | None
    received_online: int | None
    resolved: int | None
    pending: int | None
    overdue: int | None
    online: Rated
    on_time: Rated


@dataclass(frozen=True)
class UnitRow:
    """One unit's dossier figures over a window (with its predecessors' under it)."""

    unit_id: int
    name: str
    kind: str
    online: Rated
    on_time: Rated
    late: int | None
    overdue: int | None
    not_reported: str = ""  # "chưa báo cáo tháng 11/2023": owed the newest due report and sent none

    @property
    def has_figures(self) -> bool:
        return any(v is not None for v in (self.online.value, self.on_time.value, self.late, self.overdue))

    @property
    def late_and_overdue(self) -> int:
        return (self.late or 0) + (self.overdue or 0)


def headline(*, session: Session, unit_id: int | None, window: Window) -> HeadlineData:
    """The scope's dossier KPIs (as dashboard.queries.kpi_report.kpi_report gives them) with their targets."""
    d = dossier_section(session=session, unit_id=unit_id, start=window.start, end=window.end)
    return HeadlineData(
        received=d["received_total"],
        received_online=d["received_online"],
        resolved=d["resolved_total"],
        pending=d["pending_total"],
        overdue=d["pending_overdue"],
        online=rated(
            session=session, indicator="online_rate", value=d["online_rate"], unit_id=unit_id, on=window.as_of
        ),
        on_time=rated(
            session=session,
            indicator="on_time_rate",
            value=d["on_time_rate"],
            unit_id=unit_id,
            on=window.as_of,
        ),
    )


def headline_alerts(data: HeadlineData) -> list[Alert]:
    """Rates behind their targets and the overdue backlog, for the status board."""
    alerts = []
    for label, measure in (
        (DOSSIER_KPIS["online_rate"].label, data.online),
        (DOSSIER_KPIS["on_time_rate"].label, data.on_time),
    ):
        if measure.status in ("behind", "close"):
            alerts.append(
                Alert(
                    measure.status,
                    f"{label} {vn_percent(measure.value)}, chỉ tiêu {vn_percent(measure.target, 0)}",
                )
            )
    if data.overdue:
        alerts.append(Alert("behind", f"{vn_number(data.overdue)} hồ sơ đang giải quyết quá hạn"))
    return alerts


def unit_rows(
    *,
    session: Session,
    window: Window,
    today: date | None = None,
    kinds: Sequence[str] = ("office", "ward", "commune"),
) -> list[UnitRow]:
    """Every unit of those kinds in force at the window's end, in registry order, with its KPIs and targets."""
    matcher = UnitMatcher.load(session=session)
    scope = select_scope(None, window.start, window.end, session=session)
    today = today or window.as_of
    # Owed the report of the window's last month, past its due day, and sent none (none before the due day).
    owed = month_status(
        session=session, dataset="dossiers", year=window.end.year, month=window.end.month, today=today
    )
    missing = {s.unit.id: f"{NOT_REPORTED} tháng {s.month}/{s.year}" for s in owed if s.state == "missing"}
    rows = []
    for unit in matcher.all():
        if unit.kind not in kinds or not unit.valid_on(window.end):
            continue
        members = {
            matcher.by_id(i).name: scope.per_unit[i] for i in matcher.family(unit.id) if i in scope.per_unit
        }
        values = dossier_kpis(members)
        rows.append(
            UnitRow(
                unit_id=unit.id,
                name=unit.name,
                kind=unit.kind,
                online=rated(
                    session=session,
                    indicator="online_rate",
                    value=values["online_rate"],
                    unit_id=unit.id,
                    on=window.as_of,
                ),
                on_time=rated(
                    session=session,
                    indicator="on_time_rate",
                    value=values["on_time_rate"],
                    unit_id=unit.id,
                    on=window.as_of,
                ),
                late=_count(values["resolved_late"]),
                overdue=_count(values["pending_overdue"]),
                not_reported=missing.get(unit.id, ""),
            )
        )
    return rows


def _count(value: float | int | None) -> int | None:
    return None if value is None else int(value)


def online_ranking(rows: Sequence[UnitRow], kind: str) -> list[UnitRow]:
    """Units of a kind with a known online rate, furthest behind first (ties by name)."""
    known = [r for r in rows if r.kind == kind and r.online.value is not None]
    return sorted(known, key=lambda r: (r.online.value or 0.0, r.name))[:MAX_ROWS]


def late_ranking(rows: Sequence[UnitRow], limit: int = LATE_UNITS) -> list[UnitRow]:
    """The units with the most late plus overdue dossiers (none listed with zero), most first."""
    found = [r for r in rows if r.late_and_overdue > 0]
    return sorted(found, key=lambda r: (-r.late_and_overdue, r.name))[: min(limit, MAX_ROWS)]


def scorecard_pages(rows: Sequence[UnitRow], kind: str, max_rows: int = MAX_ROWS) -> list[list[UnitRow]]:
    """A kind's units split into pages of at most `max_rows`, as even as possible, in registry order."""
    group = [r for r in rows if r.kind == kind]
    if not group:
        return []
    pages = -(-len(group) // max_rows)
    size = -(-len(group) // pages)
    return [group[i : i + size] for i in range(0, len(group), size)]


def not_reported_online(rows: Sequence[UnitRow], kind: str, room: int) -> list[str]:
    """Units of a kind with no online rate because they owed the report and sent none, as many as there is room
    for under the ranked bars."""
    return [r.name for r in rows if r.kind == kind and r.not_reported and r.online.value is None][
        : max(room, 0)
    ]


def known_target(rows: Sequence[UnitRow]) -> float | None:
    """The online target when every unit shares it (drawn as one line), else None (drawn per bar)."""
    targets = {r.online.target for r in rows}
    return next(iter(targets)) if len(targets) == 1 else None
