"""Selects the stored dossier figures for a scope — each period of each unit counted once — and sums them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from dashboard.kpis import combine_periods, dossier_kpis, missing_by_field
from dashboard.models import DOSSIER_FIELDS, Batch, DossierFigure, DossierMonthly

_SOURCE_PRIORITY = {"report": 0, "list": 1}  # the official report wins over figures computed from a list


@dataclass(frozen=True)
class Candidate:
    """A stored figure row that might cover part of a unit's scope."""

    unit_id: int
    start: date
    end: date
    source: str
    batch_id: int | None
    counts: dict[str, int | None]


@dataclass
class DossierScope:
    """The figures chosen for a scope and what they add up to."""

    per_unit: dict[int, dict[str, int | None]] = field(default_factory=dict)
    batch_ids: set[int] = field(default_factory=set)
    periods: dict[int, list[tuple[date, date]]] = field(default_factory=dict)


def load_candidates(
    session: Session, unit_ids: Iterable[int] | None, start: date | None, end: date | None, sector: str = ""
) -> list[Candidate]:
    """Report rows of active batches and monthly list rows lying wholly inside [start, end]."""
    ids = None if unit_ids is None else sorted(set(unit_ids))
    fields = [getattr(DossierFigure, f) for f in DOSSIER_FIELDS]
    report = (
        select(
            col(DossierFigure.unit_id),
            col(DossierFigure.period_start),
            col(DossierFigure.period_end),
            col(DossierFigure.batch_id),
            *fields,
        )
        .join(Batch, col(Batch.id) == col(DossierFigure.batch_id))
        .where(col(Batch.status) == "active", col(DossierFigure.sector) == sector)
    )
    monthly_fields = [getattr(DossierMonthly, f) for f in DOSSIER_FIELDS]
    monthly = select(
        col(DossierMonthly.unit_id),
        col(DossierMonthly.period_start),
        col(DossierMonthly.period_end),
        *monthly_fields,
    ).where(col(DossierMonthly.sector) == sector)
    if ids is not None:
        report = report.where(col(DossierFigure.unit_id).in_(ids))
        monthly = monthly.where(col(DossierMonthly.unit_id).in_(ids))
    if start is not None:
        report = report.where(col(DossierFigure.period_start) >= start)
        monthly = monthly.where(col(DossierMonthly.period_start) >= start)
    if end is not None:
        report = report.where(col(DossierFigure.period_end) <= end)
        monthly = monthly.where(col(DossierMonthly.period_end) <= end)
    out = [
        Candidate(r[0], r[1], r[2], "report", r[3], dict(zip(DOSSIER_FIELDS, r[4:], strict=True)))
        for r in session.execute(report).all()
    ]
    out += [
        Candidate(r[0], r[1], r[2], "list", None, dict(zip(DOSSIER_FIELDS, r[3:], strict=True)))
        for r in session.execute(monthly).all()
    ]
    return out


def choose_non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Per unit, the figures to use: reports before lists, longer periods first, newest batch first, no overlap."""
    chosen: list[Candidate] = []
    order = sorted(
        candidates,
        key=lambda c: (_SOURCE_PRIORITY[c.source], -(c.end - c.start).days, -(c.batch_id or 0)),
    )
    taken: dict[int, list[tuple[date, date]]] = {}
    for cand in order:
        spans = taken.setdefault(cand.unit_id, [])
        if all(cand.end < s or cand.start > e for s, e in spans):
            spans.append((cand.start, cand.end))
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.unit_id, c.start))


def select_scope(
    session: Session, unit_ids: Iterable[int] | None, start: date | None, end: date | None, sector: str = ""
) -> DossierScope:
    """Each unit's figures over the scope, combined over time (flows add, stocks first/last)."""
    scope = DossierScope()
    by_unit: dict[int, list[Candidate]] = {}
    for cand in choose_non_overlapping(load_candidates(session, unit_ids, start, end, sector)):
        by_unit.setdefault(cand.unit_id, []).append(cand)
        if cand.batch_id is not None:
            scope.batch_ids.add(cand.batch_id)
    for unit_id, cands in by_unit.items():
        scope.per_unit[unit_id] = combine_periods([c.counts for c in cands])
        scope.periods[unit_id] = [(c.start, c.end) for c in cands]
    return scope


def scope_kpis(
    scope: DossierScope, names: dict[int, str]
) -> tuple[dict[str, float | int | None], dict[str, list[str]]]:
    """The dossier KPIs of a scope and, per field, the units that do not report it."""
    named = {names.get(u, str(u)): c for u, c in scope.per_unit.items()}
    return dossier_kpis(named), missing_by_field(named)
