"""The data of the finance and task tiles: revenue, revenue by item, disbursement, investors and tasks behind.

Figures come from budget_query, investment_query, tasks_query and targets; this module only picks and ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from base.formatting import vn_billions as billions
from base.formatting import vn_date, vn_number, vn_percent
from dashboard.kpis import status
from dashboard.kpis.common import Status
from dashboard.queries.budget import revenue_section
from dashboard.queries.investment import disbursement_section
from dashboard.queries.targets import milestones
from dashboard.queries.tasks import task_lists, tasks_section
from dashboard.store.units import UnitMatcher, area_label
from dashboard.views.wall.model import Alert
from dashboard.views.wall.scope import Window

MAX_ROWS = 12
LAGGARD_ROWS = 6


@dataclass(frozen=True)
class RevenueItem:
    name: str
    estimate: float | None
    ytd: float | None
    pct: float | None
    status: Status | None  # against time progress


@dataclass(frozen=True)
class RevenueData:
    """Tiles 6 and 7: revenue year to date against the estimate and the time gone by, and its items."""

    year: int
    month: int
    ytd: float | None
    estimate: float | None
    pct_of_estimate: float | None
    pct_excl_land: float | None
    pct_vs_last_year: float | None
    time_progress: float | None
    status: Status | None  # of pct_of_estimate against time progress
    status_excl_land: Status | None
    items: tuple[RevenueItem, ...]
    items_total: int


def revenue(*, session: Session, unit_id: int | None, window: Window) -> RevenueData | None:
    """The latest revenue report within the window (budget_query.revenue_section); None without one."""
    s = revenue_section(
        session=session, unit_id=unit_id, start=window.start, end=window.end, as_of=window.as_of
    )
    if s["as_of_month"] is None:
        return None
    year, month = (int(part) for part in s["as_of_month"].split("-"))
    progress = s["time_progress_pct"]
    items = [
        RevenueItem(
            i["name"], i["estimate"], i["ytd"], i["pct_of_estimate"], status(i["pct_of_estimate"], progress)
        )
        for i in s["items"]
    ]
    return RevenueData(
        year=year,
        month=month,
        ytd=s["ytd"],
        estimate=s["estimate"],
        pct_of_estimate=s["pct_of_estimate"],
        pct_excl_land=s["pct_of_estimate_excl_land"],
        pct_vs_last_year=s["pct_vs_last_year"],
        time_progress=progress,
        status=status(s["pct_of_estimate"], progress),
        status_excl_land=status(s["pct_of_estimate_excl_land"], progress),
        items=tuple(largest_items(items)),
        items_total=len(items),
    )


def largest_items(items: Sequence[RevenueItem], limit: int = MAX_ROWS) -> list[RevenueItem]:
    """The items with the largest estimates (at most a dozen bars), furthest behind first."""
    with_estimate = [i for i in items if i.pct is not None]
    biggest = sorted(with_estimate, key=lambda i: -(i.estimate or 0.0))[:limit]
    return sorted(biggest, key=lambda i: (i.pct or 0.0, i.name))


def revenue_alerts(data: RevenueData | None) -> list[Alert]:
    if data is None or data.status not in ("behind", "close"):
        return []
    return [
        Alert(
            data.status,
            f"Thu ngân sách {vn_percent(data.pct_of_estimate)} dự toán, tiến độ thời gian {vn_percent(data.time_progress)}",
        )
    ]


@dataclass(frozen=True)
class Milestone:
    due: date
    target: float
    source_group: str  # "" for the general milestone


@dataclass(frozen=True)
class Series:
    """A disbursement curve: the rate at each snapshot of the year."""

    name: str
    source_group: str
    points: tuple[tuple[date, float | None], ...]


@dataclass(frozen=True)
class Investor:
    name: str
    plan: float | None
    disbursed: float | None
    pct: float | None
    status: Status | None  # against the next general milestone


@dataclass(frozen=True)
class DisbursementData:
    """Tile 8 and the investors of tile 9: the latest snapshot, the curves by source, the milestones."""

    as_of: date
    year: int
    plan: float | None
    disbursed: float | None
    pct: float | None
    next_milestone: dict[str, Any] | None
    total: Series
    sources: tuple[Series, ...]
    milestones: tuple[Milestone, ...]
    investors: tuple[Investor, ...]


def disbursement(*, session: Session, unit_id: int | None, window: Window) -> DisbursementData | None:
    """The latest snapshot within the window and every earlier one of its year (investment_query)."""
    latest = disbursement_section(
        session=session, unit_id=unit_id, start=None, end=window.end, as_of=window.as_of
    )
    if latest["as_of"] is None:
        return None
    as_of = date.fromisoformat(latest["as_of"])
    if as_of != window.as_of:  # milestones and days left are counted from the day of the figures
        latest = disbursement_section(session=session, unit_id=unit_id, start=None, end=as_of, as_of=as_of)
    days = [date.fromisoformat(p["as_of"]) for p in latest["curve"]]
    by_day = {
        day: latest
        if day == as_of
        else disbursement_section(session=session, unit_id=unit_id, start=None, end=day, as_of=day)
        for day in days
    }
    named = {s["name"]: s["source_group"] for s in latest["by_source"]}  # report order, each source once
    sources = tuple(
        Series(name, group, tuple((day, _source_pct(by_day[day], name)) for day in days))
        for name, group in named.items()
    )
    year = as_of.year
    marks = [
        Milestone(m.due, m.value, "")
        for m in milestones(session=session, year=year, unit_id=unit_id)
        if m.due
    ]
    for group in sorted({g for g in named.values() if g}):
        marks += [
            Milestone(m.due, m.value, group)
            for m in milestones(session=session, year=year, source_group=group, unit_id=unit_id)
            if m.due and m.source_group == group
        ]
    target = (latest["next_milestone"] or {}).get("target_pct")
    investors = tuple(
        Investor(i["name"], i["plan"], i["disbursed"], i["pct"], status(i["pct"], target))
        for i in latest["by_investor"][:LAGGARD_ROWS]
    )
    return DisbursementData(
        as_of=as_of,
        year=year,
        plan=latest["plan"],
        disbursed=latest["disbursed"],
        pct=latest["pct"],
        next_milestone=latest["next_milestone"],
        total=Series(
            area_label(UnitMatcher.load(session=session).all()),
            "",
            tuple((date.fromisoformat(p["as_of"]), p["pct"]) for p in latest["curve"]),
        ),
        sources=sources[: MAX_ROWS - 2],
        milestones=tuple(marks),
        investors=investors,
    )


def _source_pct(section: dict[str, Any], name: str) -> float | None:
    return next((s["pct"] for s in section["by_source"] if s["name"] == name), None)


def disbursement_alerts(data: DisbursementData | None) -> list[Alert]:
    m = data.next_milestone if data else None
    if data is None or m is None or m.get("status") not in ("behind", "close"):
        return []
    return [
        Alert(
            m["status"],
            f"Giải ngân {vn_percent(data.pct)}, mốc {vn_percent(m['target_pct'], 0)} "
            f"ngày {vn_date(date.fromisoformat(m['date']))}",
        )
    ]


@dataclass(frozen=True)
class OverdueTask:
    title: str
    lead: str
    deadline: date | None
    days_overdue: int


@dataclass(frozen=True)
class TasksData:
    """The tasks view of tile 9: counts, completion rate and the longest-overdue tasks."""

    as_of: date
    total: int
    done: int
    overdue: int
    completion_rate: float | None
    longest_overdue: tuple[OverdueTask, ...]


def tasks(*, session: Session, unit_id: int | None, window: Window) -> TasksData | None:
    """The tasks of the lists overlapping the window, as of its day (tasks_query); None without any."""
    section = tasks_section(
        session=session, unit_id=unit_id, start=window.start, end=window.end, as_of=window.as_of
    )
    if not section["total"]:
        return None
    lists = task_lists(
        session=session, unit_id=unit_id, start=window.start, end=window.end, as_of=window.as_of
    )
    return TasksData(
        as_of=window.as_of,
        total=section["total"],
        done=section["done"],
        overdue=section["overdue"],
        completion_rate=section["completion_rate"],
        longest_overdue=tuple(
            OverdueTask(t["title"], t["lead"], t["deadline"], -(t["days_left"] or 0))
            for t in lists["overdue"][:LAGGARD_ROWS]
        ),
    )


def tasks_alerts(data: TasksData | None) -> list[Alert]:
    if data is None or not data.overdue:
        return []
    return [Alert("behind", f"{vn_number(data.overdue)}/{vn_number(data.total)} nhiệm vụ quá hạn")]


def money_pair(disbursed: float | None, plan: float | None) -> str:
    """'66,882 / 270,780 tỷ'."""
    return f"{billions(disbursed).removesuffix(' tỷ')} / {billions(plan)}"
