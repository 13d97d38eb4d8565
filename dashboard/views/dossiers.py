"""The data of the dossiers page as plain values: KPIs, targets, breakdowns, trend, late list and sources.

Everything comes from the stored monthly figures (dossier_query) and, for the late and overdue dossiers
themselves, from dossier_lists; this module only gathers and labels them so the page can stay layout only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from sqlmodel import Session

from base.formatting import vn_number
from dashboard.kpis import COUNT_KPIS, DOSSIER_KPIS
from dashboard.kpis.cards import Card, card, dossier_rate_card, target_text
from dashboard.queries.dossier_lists import LateDossier, late_and_overdue
from dashboard.queries.dossiers import (
    DossierScope,
    kpis_by_sector,
    list_batches,
    load_candidates,
    scope_kpis,
    scope_of,
    select_scope,
    series_of,
    source_batches,
    unit_kpis,
)
from dashboard.queries.provenance import source_line
from dashboard.queries.targets import target_for
from dashboard.store.units import UnitMatcher

LATE_LIMIT = 1000  # rows of the late/overdue table: the worst first, enough for any weekly meeting
TREND_MONTHS = 12
Figures = dict[str, float | int | None]


@dataclass(frozen=True)
class Goal:
    """A target detached from the database: value and the tolerance that still counts as 'close'."""

    value: float
    tolerance: float


@dataclass(frozen=True)
class UnitFigures:
    """One unit's counts and rates over the period."""

    unit_id: int
    code: str
    name: str
    kind: str
    figures: Figures


@dataclass(frozen=True)
class DossierView:
    """Everything the dossiers page shows for one period and unit."""

    kpis: Figures
    previous: Figures
    last_year: Figures
    online_goal: Goal | None
    on_time_goal: Goal | None
    late_goal: Goal | None
    by_unit: list[UnitFigures]
    by_sector: dict[str, Figures]
    trend: list[tuple[date, Figures]]
    late: list[LateDossier]
    figures_source: str
    trend_source: str  # the trend covers more months than the period, from more uploads
    list_source: str
    incomplete: dict[str, list[str]] = field(default_factory=dict)

    @property
    def late_truncated(self) -> bool:
        return len(self.late) >= LATE_LIMIT


def scope_ids(matcher: UnitMatcher, unit_id: int | None) -> frozenset[int] | None:
    """The unit and its predecessors, or None for the whole town."""
    return None if unit_id is None else matcher.family(unit_id)


def dossier_figures(
    matcher: UnitMatcher, ids: Collection[int] | None, start: date, end: date, *, session: Session
) -> tuple[Figures, dict[str, list[str]]]:
    """The scope's counts and rates (and the units missing a field), as kpi_report computes them."""
    names = {u.id: u.name for u in matcher.all()}
    return scope_kpis(select_scope(ids, start, end, session=session), names)


def goal(indicator: str, unit_id: int | None, on: date, *, session: Session) -> Goal | None:
    """The target in force on the day for the unit (its own, else every unit's)."""
    ref = target_for(session=session, indicator=indicator, year=on.year, unit_id=unit_id, on=on)
    return None if ref is None else Goal(ref.value, ref.tolerance)


def late_goal(unit_id: int | None, on: date, *, session: Session) -> Goal | None:
    """A late-rate target if one is set, else what the on-time target leaves (late = 100 − in time)."""
    own = goal("late_rate", unit_id, on, session=session)
    if own is not None:
        return own
    on_time = goal("on_time_rate", unit_id, on, session=session)
    return None if on_time is None else Goal(100.0 - on_time.value, on_time.tolerance)


def trend_window(start: date, end: date, months: int = TREND_MONTHS) -> tuple[date, date]:
    """The months drawn in the trend: the period, or the last `months` months up to its end if it is shorter."""
    y, m = end.year, end.month - (months - 1)
    while m < 1:
        y, m = y - 1, m + 12
    return min(start, date(y, m, 1)), end


def unit_rows(matcher: UnitMatcher, scope: DossierScope) -> list[UnitFigures]:
    """Every unit with figures in the period (all units, so a selected one can be seen among its peers)."""
    out = []
    for unit_id, figures in unit_kpis(scope).items():
        unit = matcher.by_id(unit_id)
        out.append(UnitFigures(unit_id, unit.code, unit.name, unit.kind, figures))
    return out


def dossier_view(
    *,
    session: Session,
    unit_id: int | None,
    start: date,
    end: date,
    previous: tuple[date, date],
    last_year: tuple[date, date],
    as_of: date,
) -> DossierView:
    """Gather the page's data for the unit (None: the town) over [start, end], judged as of `as_of`.

    The stored rows of the period and of the trend's window are each read once and serve the figures, the
    breakdowns and the source lines alike: on a freshly changed database this is most of the page's time.
    """
    matcher = UnitMatcher.load(session=session)
    names = {u.id: u.name for u in matcher.all()}
    ids = scope_ids(matcher, unit_id)
    every_unit = load_candidates(None, start, end, session=session)
    family = every_unit if ids is None else [c for c in every_unit if c.unit_id in ids]
    kpis, incomplete = scope_kpis(scope_of(family), names)
    reports, lists = source_batches(ids, start, end, family, session=session)
    window = trend_window(start, end)
    in_window = load_candidates(ids, *window, session=session)
    trend_reports, trend_lists = source_batches(ids, *window, in_window, session=session)
    on = min(end, as_of)
    before = dossier_figures(matcher, ids, *previous, session=session)[0]
    return DossierView(
        kpis=kpis,
        previous=before,
        # For a year (or a run of years) the previous period is the same period last year: read it once.
        last_year=before
        if last_year == previous
        else dossier_figures(matcher, ids, *last_year, session=session)[0],
        online_goal=goal("online_rate", unit_id, on, session=session),
        on_time_goal=goal("on_time_rate", unit_id, on, session=session),
        late_goal=late_goal(unit_id, on, session=session),
        by_unit=unit_rows(matcher, scope_of(every_unit)),
        by_sector=kpis_by_sector(ids, start, end, session=session),
        trend=series_of(in_window, *window),
        late=late_and_overdue(
            session=session, unit_ids=ids, start=start, end=end, as_of=as_of, limit=LATE_LIMIT
        ),
        figures_source=source_line(reports | lists, session=session),
        trend_source=source_line(trend_reports | trend_lists, session=session),
        list_source=source_line(list_batches(ids, start, end, session=session), session=session),
        incomplete=incomplete,
    )


def as_of_for(end: date, today: date) -> date:
    """The day overdue is judged on: the period's end, or today while the period is still running."""
    return min(end, today)


def page_cards(view: DossierView) -> list[Card]:
    """The page's headline figures: counts and rates with their targets and changes on the earlier periods."""
    now, prev, last = view.kpis, view.previous, view.last_year
    total = "received_total"
    cards = [
        card(
            "dossiers",
            COUNT_KPIS[total].measured(now[total]),
            value_text=vn_number(now[total]),
            prev=prev[total],
            last=last[total],
        ),
    ]
    goals = {"online_rate": view.online_goal, "on_time_rate": view.on_time_goal, "late_rate": view.late_goal}
    for key in ("online_rate", "on_time_rate", "late_rate", "resolution_rate"):
        goal_, lower = goals.get(key), not DOSSIER_KPIS[key].higher_is_better
        limit = "" if goal_ is None else target_text(goal_.value, "Ngưỡng" if lower else "Chỉ tiêu")
        cards.append(dossier_rate_card(key, now, prev, last, goal=goal_, target_text=limit))
    overdue = "pending_overdue"
    cards.append(
        card(
            "dossiers",
            replace(COUNT_KPIS[overdue], value=now[overdue], target=0, tolerance=0),
            value_text=vn_number(now[overdue]),
            prev=prev[overdue],
            last=last[overdue],
            target_text="Mục tiêu 0 hồ sơ",
        )
    )
    return cards
