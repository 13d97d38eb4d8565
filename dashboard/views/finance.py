"""What the finance pages need beyond the query modules: monthly series, communes side by side, sources, curves.

Read-only and from active batches only. Money is in triệu đồng, rates in percent; unknown stays None (never 0).
Each `*_page` function returns the plain data one page shows, so the page only caches and arranges it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.capital_sources import SOURCE_GROUPS
from base.units import LOCAL_KINDS
from dashboard.kpis.budget import BudgetKind
from dashboard.kpis.common import percent, status
from dashboard.kpis.investment import ProjectAmounts, milestone_gap, totals, undisbursed
from dashboard.queries.budget import (
    UnitMonths,
    YearMonth,
    budget_summary,
    load_months,
    scope_unit_ids,
    section,
)
from dashboard.queries.investment import Snapshot, disbursement_section, snapshots
from dashboard.queries.provenance import source_line
from dashboard.queries.targets import milestones, target_for
from dashboard.store.models import Batch, BudgetLine, DisbursementProject
from dashboard.store.units import UnitMatcher, is_root

MAX_SOURCE_LINES = 6  # more lines than this on one chart stop being readable


def as_of_for(end: date, today: date | None = None) -> date:
    """The day a period's figures are read at: its end, or today while the period is still running."""
    return min(end, today or date.today())


# --- Budget (revenue, expenditure) ------------------------------------------------------------------------


def _not_land(line: BudgetLine) -> bool:
    return not line.is_land_use


def _sum(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def monthly_amounts(units: dict[int, UnitMonths], year: int, through: int) -> list[dict[str, Any]]:
    """Each month's own amount this year and in the same month last year, with and without land-use fees."""
    rows = []
    for m in range(1, through + 1):
        row: dict[str, Any] = {"month": m}
        for key, y in (("this_year", year), ("last_year", year - 1)):
            row[key] = _sum(u.month((y, m)) for u in units.values())
            row[f"{key}_excl_land"] = _sum(u.month((y, m), _not_land) for u in units.values())
        rows.append(row)
    return rows


def same_period_excl_land(units: dict[int, UnitMonths], ym: YearMonth) -> float | None:
    """Last year's year to date without land-use fees: the report's own column, else last year's report."""
    lines = [line for u in units.values() for line in u.by_month.get(ym, [])]
    from_column = _sum(line.same_period_last_year for line in lines if not line.is_land_use)
    if from_column is not None:
        return from_column
    return _sum(u.ytd((ym[0] - 1, ym[1]), _not_land) for u in units.values() if ym in u.by_month)


def batch_ids(units: dict[int, UnitMonths], months: Iterable[YearMonth]) -> list[int]:
    """The batches whose lines give these months (for the 'Nguồn: …' caption)."""
    wanted = set(months)
    found = {
        line.batch_id
        for u in units.values()
        for ym, lines in u.by_month.items()
        if ym in wanted
        for line in lines
    }
    return sorted(found)


def _budget_row(
    kind: BudgetKind, unit_id: int, start: date, end: date, as_of: date, *, session: Session
) -> dict[str, Any]:
    figures = section(
        budget_summary(session=session, kind=kind, unit_id=unit_id, start=start, end=end, as_of=as_of)
    )
    pct, tp = figures["pct_of_estimate"], figures["time_progress_pct"]
    return {
        **{k: figures[k] for k in ("as_of_month", "estimate", "ytd", "pct_of_estimate", "pct_vs_last_year")},
        "time_progress_pct": tp,
        "gap_pts": None if pct is None or tp is None else round(pct - tp, 2),
        "status": status(pct, tp),
    }


def commune_budgets(
    *, session: Session, kind: BudgetKind, start: date, end: date, as_of: date
) -> list[dict[str, Any]]:
    """Wards and communes that report this kind in the period's year, furthest behind time progress first."""
    matcher = UnitMatcher.load(session=session)
    reporting = set(
        session.exec(
            select(col(BudgetLine.unit_id))
            .join(Batch, col(Batch.id) == col(BudgetLine.batch_id))
            .where(
                col(Batch.status) == "active", col(BudgetLine.kind) == kind, col(BudgetLine.year) == end.year
            )
            .distinct()
        ).all()
    )
    rows = [
        {"name": u.name, "code": u.code, **_budget_row(kind, u.id, start, end, as_of, session=session)}
        for u in matcher.all()
        if u.id in reporting and u.kind in LOCAL_KINDS
    ]
    return sorted(rows, key=lambda r: (r["gap_pts"] is None, r["gap_pts"] or 0.0, r["name"]))


def budget_page(
    *, session: Session, kind: BudgetKind, unit_id: int | None, start: date, end: date, as_of: date
) -> dict[str, Any]:
    """Everything a revenue or expenditure page shows for the scope, as plain data."""
    summary = budget_summary(session=session, kind=kind, unit_id=unit_id, start=start, end=end, as_of=as_of)
    out: dict[str, Any] = {
        "section": section(summary),
        "notes": summary.notes,
        "monthly": [],
        "year": end.year,
    }
    target = target_for(session=session, indicator=f"{kind}_pct_of_estimate", year=end.year, unit_id=unit_id)
    out["target"] = None if target is None else {"value": target.value, "tolerance": target.tolerance}
    ym = summary.as_of_month
    units = load_months(
        kind, scope_unit_ids(UnitMatcher.load(session=session), unit_id), end.year, session=session
    )
    if ym is not None:
        out["year"] = ym[0]
        out["monthly"] = monthly_amounts(units, ym[0], ym[1])
        excl_last = same_period_excl_land(units, ym)
        out["same_period_excl_land"] = excl_last
        out["pct_vs_last_year_excl_land"] = _round(percent(out["section"]["ytd_excl_land"], excl_last))
        out["estimate_excl_land"] = _sum(
            i["estimate"] for i in out["section"]["items"] if not i["is_land_use"]
        )
    shown = [(y, m) for y in (out["year"] - 1, out["year"]) for m in range(1, (ym or (0, 0))[1] + 1)]
    out["source"] = source_line(batch_ids(units, [ym] if ym else []), session=session)
    out["monthly_source"] = source_line(batch_ids(units, shown), session=session)
    out["communes"] = commune_budgets(session=session, kind=kind, start=start, end=end, as_of=as_of)
    communes_months = [
        (int(r["as_of_month"][:4]), int(r["as_of_month"][5:])) for r in out["communes"] if r["as_of_month"]
    ]
    local = load_months(kind, _local_ids(session=session), end.year, session=session)
    out["communes_source"] = source_line(batch_ids(local, communes_months), session=session)
    return out


def _local_ids(*, session: Session) -> list[int]:
    return [u.id for u in UnitMatcher.load(session=session).all() if u.kind in LOCAL_KINDS]


# --- Public-investment disbursement -------------------------------------------------------------------------


def curve_snapshots(*, session: Session, start: date | None, end: date | None, as_of: date) -> list[Snapshot]:
    """The snapshots behind disbursement_section's curve: the chosen reporter's, one a day, oldest first."""
    found = snapshots(session=session, start=start, end=end, as_of=as_of)
    if not found:
        return []
    roots = {u.id for u in UnitMatcher.load(session=session).all() if is_root(u)}
    newest = [s for s in found if s.as_of == found[0].as_of]
    chosen = min(newest, key=lambda s: (s.unit_id not in roots, -s.batch_id))
    series: dict[date, Snapshot] = {}
    for s in found:
        if s.unit_id == chosen.unit_id and s.year == chosen.year:
            series.setdefault(s.as_of, s)
    return [series[d] for d in sorted(series)]


def source_curves(
    *, session: Session, unit_id: int | None, series: list[Snapshot]
) -> dict[str, list[dict[str, Any]]]:
    """Disbursement rate per snapshot for each capital-source family (the largest plans first, at most six)."""
    matcher = UnitMatcher.load(session=session)
    whole_town = unit_id is None or is_root(matcher.by_id(unit_id))
    family = frozenset() if whole_town or unit_id is None else matcher.family(unit_id)
    rows = session.exec(
        select(DisbursementProject).where(col(DisbursementProject.batch_id).in_([s.batch_id for s in series]))
    ).all()
    groups: dict[str, dict[int, list[ProjectAmounts]]] = {}
    for p in rows:
        if whole_town or p.investor_unit_id in family or p.commune_unit_id in family:
            amounts = ProjectAmounts(p.plan, p.plan_extended, p.disbursed)
            groups.setdefault(p.source_group, {}).setdefault(p.batch_id, []).append(amounts)
    last = series[-1].batch_id if series else -1
    size = {g: totals(by_batch.get(last, [])).plan or 0.0 for g, by_batch in groups.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for group in sorted(groups, key=lambda g: -size[g])[:MAX_SOURCE_LINES]:
        points = []
        for s in series:
            t = totals(groups[group].get(s.batch_id, []))
            points.append({"as_of": s.as_of.isoformat(), "pct": None if t.pct is None else round(t.pct, 2)})
        out[SOURCE_GROUPS.get(group, group or "Chưa rõ nguồn vốn")] = points
    return out


def milestone_markers(
    *, session: Session, year: int, unit_id: int | None, groups: Iterable[str]
) -> list[dict[str, Any]]:
    """The year's milestones for every source, then the ones a source family has of its own (40% for CTMTQG)."""
    out = [
        {"date": m.due.isoformat(), "target_pct": m.value, "source": ""}
        for m in milestones(session=session, year=year, unit_id=unit_id)
        if m.due is not None
    ]
    for group in groups:
        for m in milestones(session=session, year=year, source_group=group, unit_id=unit_id):
            if m.source_group == group and m.due is not None:
                out.append(
                    {
                        "date": m.due.isoformat(),
                        "target_pct": m.value,
                        "source": SOURCE_GROUPS.get(group, group),
                    }
                )
    return out


def _with_gap(row: dict[str, Any], target: float | None) -> dict[str, Any]:
    """The row with its milestone's target, the gap to it in points and its status."""
    gap = milestone_gap(row["pct"], target)
    return {**row, "target_pct": target, "gap_pts": _round(gap), "status": status(row["pct"], target)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def investment_page(
    *, session: Session, unit_id: int | None, start: date, end: date, as_of: date
) -> dict[str, Any]:
    """The disbursement section of the period, the year's curves (total and by source) and milestones, sources."""
    year_start = min(start, date(as_of.year, 1, 1))
    year_section = disbursement_section(
        session=session, unit_id=unit_id, start=year_start, end=end, as_of=as_of
    )
    latest = year_section["as_of"]
    in_period = latest is not None and date.fromisoformat(latest) >= start
    sec = (
        year_section
        if in_period
        else disbursement_section(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of)
    )
    series = curve_snapshots(session=session, start=year_start, end=end, as_of=as_of)
    matcher = UnitMatcher.load(session=session)
    target_unit = None if unit_id is None or is_root(matcher.by_id(unit_id)) else unit_id
    milestone = sec["next_milestone"]
    target = milestone["target_pct"] if milestone else None
    group_targets = {
        s["source_group"]: s["next_milestone"]["target_pct"] for s in sec["by_source"] if s["next_milestone"]
    }
    projects = [_with_gap(p, group_targets.get(p["source_group"], target)) for p in sec["by_project"]]
    projects.sort(key=lambda p: (p["gap_pts"] is None, p["gap_pts"] or 0.0, p["name"]))
    curves = source_curves(session=session, unit_id=unit_id, series=series)
    groups = sorted({p.get("source_group", "") for p in sec["by_project"]} | set(group_targets))
    chosen = [s.batch_id for s in series if s.as_of.isoformat() == sec["as_of"]]
    return {
        **sec,
        "undisbursed": _money(undisbursed(sec["plan"], sec["disbursed"])),
        "in_period": sec["as_of"] is not None,
        "latest_as_of": latest,
        "year_curve": year_section["curve"],
        "source_curves": curves,
        "milestones": milestone_markers(
            session=session,
            year=series[-1].year if series else as_of.year,
            unit_id=target_unit,
            groups=groups,
        ),
        "by_investor": [_with_gap(r, target) for r in sec["by_investor"]],
        "by_commune": [_with_gap(r, target) for r in sec["by_commune"]],
        "by_project": projects,
        "source": source_line(chosen, session=session),
        "curve_source": source_line([s.batch_id for s in series], session=session),
    }
