"""The disbursement section of a scope: the latest snapshot's rates by source, investor, project and commune."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from base.text import normalize
from dashboard.kpis.investment import (
    ProjectAmounts,
    Totals,
    days_left,
    furthest_behind,
    group_totals,
    milestone_gap,
    totals,
)
from dashboard.queries.targets import judge, milestones, next_milestone
from dashboard.store.models import Batch, DisbursementProject
from dashboard.store.read_memo import memoised
from dashboard.store.units import UnitMatcher, is_root

NO_INVESTOR = "Chưa ghi chủ đầu tư"
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Snapshot:
    """One stored report: its batch, reporting unit, plan year and date."""

    batch_id: int
    unit_id: int
    year: int
    as_of: date


def _money(value: float | None) -> float | None:
    """Triệu đồng to the nearest 1.000 đồng, for output (float sums carry noise)."""
    return None if value is None else round(value, 3)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _figures(t: Totals) -> dict[str, Any]:
    return {
        "plan": _money(t.plan),
        "disbursed": _money(t.disbursed),
        "pct": _rate(t.pct),
        "undisbursed": _money(t.undisbursed),
    }


def snapshots(*, session: Session, start: date | None, end: date | None, as_of: date) -> list[Snapshot]:
    """Active reports dated on or before `as_of` (and within [start, end] when given), newest first."""
    query = (
        select(
            col(DisbursementProject.batch_id),
            col(DisbursementProject.unit_id),
            col(DisbursementProject.year),
            col(DisbursementProject.as_of),
        )
        .join(Batch, col(Batch.id) == col(DisbursementProject.batch_id))
        .where(col(Batch.status) == "active", col(DisbursementProject.as_of) <= as_of)
        .distinct()
    )
    if start is not None:
        query = query.where(col(DisbursementProject.as_of) >= start)
    if end is not None:
        query = query.where(col(DisbursementProject.as_of) <= end)
    found = [Snapshot(*row) for row in session.exec(query).all()]
    return sorted(found, key=lambda s: (s.as_of, s.batch_id), reverse=True)


def _pick(found: list[Snapshot], matcher: UnitMatcher) -> Snapshot | None:
    """The newest snapshot; on the same day the root unit's own report before an office's or a commune's."""
    if not found:
        return None
    latest = [s for s in found if s.as_of == found[0].as_of]
    return min(latest, key=lambda s: (not is_root(matcher.by_id(s.unit_id)), -s.batch_id))


def _projects(batch_ids: Sequence[int], *, session: Session) -> list[DisbursementProject]:
    """The projects of these batches in report order; a read-only session reads each batch once (the wall's
    curves ask for every earlier snapshot of the year again for each day)."""
    ids = sorted(set(batch_ids))
    by_batch: dict[int, list[DisbursementProject]] = memoised("disbursement_projects", dict, session=session)
    missing = [b for b in ids if b not in by_batch]
    if missing:
        for b in missing:
            by_batch[b] = []
        rows = session.exec(
            select(DisbursementProject)
            .where(col(DisbursementProject.batch_id).in_(missing))
            .order_by(col(DisbursementProject.batch_id), col(DisbursementProject.row))
        ).all()
        for row in rows:
            by_batch[row.batch_id].append(row)
    return [p for b in ids for p in by_batch[b]]


def _amounts(p: DisbursementProject) -> ProjectAmounts:
    return ProjectAmounts(p.plan, p.plan_extended, p.disbursed)


def _grouped(
    projects: list[DisbursementProject],
    key: Callable[[DisbursementProject], K | None],
    name: Callable[[DisbursementProject], str],
    *,
    behind_first: bool,
) -> list[tuple[K, str, Totals]]:
    """(key, name, totals) per group (projects keyed None are left out), in report order or furthest behind first."""
    keyed = [(key(p), p) for p in projects]
    names: dict[K, str] = {}
    for k, p in keyed:
        if k is not None:
            names.setdefault(k, name(p))
    groups = group_totals((k, _amounts(p)) for k, p in keyed if k is not None)
    order = furthest_behind(groups, names) if behind_first else list(groups)
    return [(k, names[k], groups[k]) for k in order]


def _milestone(
    *, session: Session, year: int, source_group: str, unit_id: int | None, on: date, pct: float | None
) -> dict[str, Any] | None:
    """The next milestone for the scope (or a source family) and how far the rate is from it."""
    upcoming = next_milestone(
        milestones(session=session, year=year, source_group=source_group, unit_id=unit_id), on
    )
    if upcoming is None or upcoming.due is None:
        return None
    return {
        "date": upcoming.due.isoformat(),
        "target_pct": upcoming.value,
        "gap_pts": _rate(milestone_gap(pct, upcoming.value)),
        "days_left": days_left(on, upcoming.due),
        "status": judge(pct, upcoming),
    }


def disbursement_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, Any]:
    """Public-investment disbursement of the latest snapshot on or before `as_of`, for a unit or the town.

    A unit's scope is the projects it invests in or that are built on its territory (its predecessors too).
    """
    matcher = UnitMatcher.load(session=session)
    unit_names = {u.id: u.name for u in matcher.all()}
    # The investor of a commune's project is its People's Committee: "UBND xã Phổ Khánh", not "Phổ Khánh".
    investor_names = {u.id: u.full_name if u.kind in ("ward", "commune") else u.name for u in matcher.all()}
    whole_town = unit_id is None or is_root(matcher.by_id(unit_id))
    family = frozenset() if whole_town or unit_id is None else matcher.family(unit_id)
    target_unit = None if whole_town else unit_id

    def in_scope(p: DisbursementProject) -> bool:
        return whole_town or p.investor_unit_id in family or p.commune_unit_id in family

    found = snapshots(session=session, start=start, end=end, as_of=as_of)
    chosen = _pick(found, matcher)
    year = chosen.year if chosen else as_of.year
    if chosen is None:
        return {
            "as_of": None,
            **{k: None for k in ("plan", "disbursed", "pct")},
            "by_source": [],
            "by_investor": [],
            "next_milestone": _milestone(
                session=session, year=year, source_group="", unit_id=target_unit, on=as_of, pct=None
            ),
            "by_project": [],
            "by_commune": [],
            "curve": [],
        }
    # The curve: one snapshot a day of the same reporter and plan year, oldest first.
    series: dict[date, Snapshot] = {}
    for s in found:
        if s.unit_id == chosen.unit_id and s.year == chosen.year:
            series.setdefault(s.as_of, s)
    all_projects = [
        p for p in _projects([s.batch_id for s in series.values()], session=session) if in_scope(p)
    ]
    projects = [p for p in all_projects if p.batch_id == chosen.batch_id]
    overall = totals(_amounts(p) for p in projects)

    by_source = []
    for (_source, family_key), name, t in _grouped(
        projects, lambda p: (normalize(p.source), p.source_group), lambda p: p.source, behind_first=False
    ):
        by_source.append(
            {
                "name": name or "Chưa ghi nguồn vốn",
                "source_group": family_key,
                **_figures(t),
                "next_milestone": _milestone(
                    session=session,
                    year=year,
                    source_group=family_key,
                    unit_id=target_unit,
                    on=as_of,
                    pct=t.pct,
                ),
            }
        )
    by_investor = [
        {
            "name": name,
            "unit_code": matcher.by_id(key[0]).code if key[0] is not None else None,
            **_figures(t),
            "projects": t.projects,
        }
        for key, name, t in _grouped(
            projects,
            lambda p: (p.investor_unit_id, "" if p.investor_unit_id else normalize(p.investor)),
            lambda p: (
                investor_names[p.investor_unit_id] if p.investor_unit_id else (p.investor or NO_INVESTOR)
            ),
            behind_first=True,
        )
    ]
    by_commune = [
        {
            "name": name,
            "unit_code": matcher.by_id(key).code if key is not None else None,
            **_figures(t),
            "projects": t.projects,
        }
        for key, name, t in _grouped(
            projects,
            lambda p: p.commune_unit_id,
            lambda p: unit_names.get(p.commune_unit_id or 0, ""),
            behind_first=True,
        )
    ]
    by_project = [
        {
            "name": p.project,
            "source": p.source,
            "source_group": p.source_group,
            "investor": p.investor,
            "commune": unit_names.get(p.commune_unit_id) if p.commune_unit_id else None,
            **_figures(totals([_amounts(p)])),
            "row": p.row,
        }
        for p in projects
    ]
    curve = []
    for day in sorted(series):
        t = totals(_amounts(p) for p in all_projects if p.batch_id == series[day].batch_id)
        curve.append(
            {
                "as_of": day.isoformat(),
                "plan": _money(t.plan),
                "disbursed": _money(t.disbursed),
                "pct": _rate(t.pct),
            }
        )
    return {
        "as_of": chosen.as_of.isoformat(),
        "plan": _money(overall.plan),
        "disbursed": _money(overall.disbursed),
        "pct": _rate(overall.pct),
        "by_source": by_source,
        "by_investor": by_investor,
        "next_milestone": _milestone(
            session=session, year=year, source_group="", unit_id=target_unit, on=as_of, pct=overall.pct
        ),
        "by_project": by_project,
        "by_commune": by_commune,
        "curve": curve,
    }
