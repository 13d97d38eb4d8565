"""Selects the stored dossier figures for a scope — each period of each unit counted once — and sums them."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, select
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from base.kinds import DOSSIER_LIST as LIST_KIND
from base.periods import month as month_period
from dashboard.kpis import combine_periods, dossier_kpis, missing_by_field
from dashboard.store.models import DOSSIER_FIELDS, Batch, DossierFigure, DossierMonthly

_SOURCE_PRIORITY = {"report": 0, "list": 1}  # the official report wins over figures computed from a list
ALL_SECTORS = None  # pass as `sector` to get every sector row instead of the units' totals


@dataclass(frozen=True)
class Candidate:
    """A stored figure row that might cover part of a unit's (or a unit's sector's) scope."""

    unit_id: int
    sector: str
    start: date
    end: date
    source: str
    batch_id: int | None
    counts: dict[str, int | None]


@dataclass
class DossierScope:
    """The figures chosen for a scope: per unit (or per (unit, sector)) combined over time."""

    per_unit: dict[int, dict[str, int | None]] = field(default_factory=dict)
    per_sector: dict[tuple[int, str], dict[str, int | None]] = field(default_factory=dict)
    batch_ids: set[int] = field(default_factory=set)
    periods: dict[int, list[tuple[date, date]]] = field(default_factory=dict)


def _restrict(
    stmt: Select[tuple[object, ...]],
    table: type[DossierFigure] | type[DossierMonthly],
    ids: list[int] | None,
    start: date | None,
    end: date | None,
    sector: str | None,
) -> Select[tuple[object, ...]]:
    stmt = (
        stmt.where(col(table.sector) != "")
        if sector is ALL_SECTORS
        else stmt.where(col(table.sector) == sector)
    )
    if ids is not None:
        stmt = stmt.where(col(table.unit_id).in_(ids))
    if start is not None:
        stmt = stmt.where(col(table.period_start) >= start)
    if end is not None:
        stmt = stmt.where(col(table.period_end) <= end)
    return stmt


def load_candidates(
    unit_ids: Iterable[int] | None,
    start: date | None,
    end: date | None,
    sector: str | None = "",
    *,
    session: Session,
) -> list[Candidate]:
    """Report rows of active batches and monthly list rows lying wholly inside [start, end]."""
    ids = None if unit_ids is None else sorted(set(unit_ids))
    report = (
        select(
            col(DossierFigure.unit_id),
            col(DossierFigure.sector),
            col(DossierFigure.period_start),
            col(DossierFigure.period_end),
            col(DossierFigure.batch_id),
            *[getattr(DossierFigure, f) for f in DOSSIER_FIELDS],
        )
        .join(Batch, col(Batch.id) == col(DossierFigure.batch_id))
        .where(col(Batch.status) == "active")
    )
    monthly = select(
        col(DossierMonthly.unit_id),
        col(DossierMonthly.sector),
        col(DossierMonthly.period_start),
        col(DossierMonthly.period_end),
        *[getattr(DossierMonthly, f) for f in DOSSIER_FIELDS],
    )
    report = _restrict(report, DossierFigure, ids, start, end, sector)
    monthly = _restrict(monthly, DossierMonthly, ids, start, end, sector)
    out = [
        Candidate(r[0], r[1], r[2], r[3], "report", r[4], dict(zip(DOSSIER_FIELDS, r[5:], strict=True)))
        for r in session.execute(report).all()
    ]
    out += [
        Candidate(r[0], r[1], r[2], r[3], "list", None, dict(zip(DOSSIER_FIELDS, r[4:], strict=True)))
        for r in session.execute(monthly).all()
    ]
    return out


def choose_non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Per unit and sector: reports before lists, longer periods first, newest batch first, no overlap."""
    chosen: list[Candidate] = []
    order = sorted(
        candidates,
        key=lambda c: (_SOURCE_PRIORITY[c.source], -(c.end - c.start).days, -(c.batch_id or 0)),
    )
    taken: dict[tuple[int, str], list[tuple[date, date]]] = {}
    for cand in order:
        spans = taken.setdefault((cand.unit_id, cand.sector), [])
        if all(cand.end < s or cand.start > e for s, e in spans):
            spans.append((cand.start, cand.end))
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.unit_id, c.sector, c.start))


def scope_of(candidates: list[Candidate]) -> DossierScope:
    """The scope made of these candidates: each period of each unit (and sector) counted once."""
    scope = DossierScope()
    grouped: dict[tuple[int, str], list[Candidate]] = {}
    for cand in choose_non_overlapping(candidates):
        grouped.setdefault((cand.unit_id, cand.sector), []).append(cand)
        if cand.batch_id is not None:
            scope.batch_ids.add(cand.batch_id)
    for (unit_id, sector), cands in grouped.items():
        combined = combine_periods([c.counts for c in cands])
        if sector:
            scope.per_sector[(unit_id, sector)] = combined
        else:
            scope.per_unit[unit_id] = combined
            scope.periods[unit_id] = [(c.start, c.end) for c in cands]
    return scope


def select_scope(
    unit_ids: Iterable[int] | None,
    start: date | None,
    end: date | None,
    sector: str | None = "",
    *,
    session: Session,
) -> DossierScope:
    """Each unit's (or each unit-sector's) figures over the scope, combined over time."""
    return scope_of(load_candidates(unit_ids, start, end, sector, session=session))


def scope_kpis(
    scope: DossierScope, names: dict[int, str]
) -> tuple[dict[str, float | int | None], dict[str, list[str]]]:
    """The dossier KPIs of a scope and, per field, the units that do not report it."""
    named = {names.get(u, str(u)): c for u, c in scope.per_unit.items()}
    return dossier_kpis(named), missing_by_field(named)


def kpis_by_unit(
    unit_ids: Iterable[int] | None, start: date | None, end: date | None, *, session: Session
) -> dict[int, dict[str, float | int | None]]:
    """Every unit's counts and rates over the scope (for ranking units)."""
    return unit_kpis(select_scope(unit_ids, start, end, session=session))


def unit_kpis(scope: DossierScope) -> dict[int, dict[str, float | int | None]]:
    """Each unit's counts and rates in a scope already selected."""
    return {u: dossier_kpis({str(u): counts}) for u, counts in scope.per_unit.items()}


def kpis_by_sector(
    unit_ids: Iterable[int] | None, start: date | None, end: date | None, *, session: Session
) -> dict[str, dict[str, float | int | None]]:
    """Counts and rates per sector (lĩnh vực), summed over the units that report sectors."""
    scope = select_scope(unit_ids, start, end, ALL_SECTORS, session=session)
    by_sector: dict[str, dict[str, dict[str, int | None]]] = {}
    for (unit_id, sector), counts in scope.per_sector.items():
        by_sector.setdefault(sector, {})[str(unit_id)] = counts
    return {sector: dossier_kpis(units) for sector, units in by_sector.items()}


def monthly_series(
    unit_ids: Iterable[int] | None, start: date, end: date, *, session: Session
) -> list[tuple[date, dict[str, float | int | None]]]:
    """The scope's KPIs month by month (months only a longer report covers are missing, not guessed)."""
    return series_of(load_candidates(unit_ids, start, end, session=session), start, end)


def series_of(
    candidates: list[Candidate], start: date, end: date
) -> list[tuple[date, dict[str, float | int | None]]]:
    """monthly_series over candidates already loaded for [start, end]."""
    series = []
    for year, month in _months(start, end):
        m = month_period(year, month)
        inside = [c for c in candidates if c.start >= m.start and c.end <= m.end]
        scope = scope_of(inside)
        series.append(
            (m.start, dossier_kpis({str(u): c for u, c in scope.per_unit.items()}) if inside else {})
        )
    return series


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


__all__ = ["kpis_by_sector", "kpis_by_unit", "monthly_series", "scope_kpis", "select_scope"]


def source_batches(
    ids: Collection[int] | None,
    start: date,
    end: date,
    candidates: list[Candidate] | None = None,
    *,
    session: Session,
) -> tuple[set[int], set[int]]:
    """(report batches, list batches) behind the scope's figures: the list only where its months were used.

    `candidates`: the scope's rows if the caller has already loaded them (load_candidates(ids, start, end)).
    """
    if candidates is None:
        candidates = load_candidates(ids, start, end, session=session)
    chosen = choose_non_overlapping(candidates)
    reports = {c.batch_id for c in chosen if c.batch_id is not None}
    used_list = {c.unit_id for c in chosen if c.source == "list"}
    lists = list_batches(used_list, start, end, session=session) if used_list else set()
    return reports, lists


def list_batches(ids: Collection[int] | None, start: date, end: date, *, session: Session) -> set[int]:
    """Active dossier lists overlapping [start, end]; for given units only if the lists give them figures there.

    The units' monthly rows (which only lists produce) answer "do the lists hold these units' dossiers" from an
    index, where asking the dossier table would read every dossier of a large list.
    """
    stmt = sqlmodel_select(Batch.id).where(
        col(Batch.kind) == LIST_KIND,
        col(Batch.status) == "active",
        col(Batch.period_start) <= end,
        col(Batch.period_end) >= start,
    )
    found = {b for b in session.exec(stmt).all() if b is not None}
    if not found or ids is None:
        return found
    listed = session.exec(
        sqlmodel_select(DossierMonthly.id)
        .where(
            col(DossierMonthly.unit_id).in_(sorted(ids)),
            col(DossierMonthly.sector) == "",
            col(DossierMonthly.period_start) <= end,
            col(DossierMonthly.period_end) >= start,
        )
        .limit(1)
    ).first()
    return found if listed is not None else set()
