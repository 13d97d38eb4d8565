"""The KPI report of a scope (unit or whole town, period, as-of date) as plain data: the CLI's JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from base.units import predecessors_note
from dashboard.kpis import DOSSIER_KPIS
from dashboard.queries.budget import expenditure_section, revenue_section
from dashboard.queries.data_extent import data_extents, latest_month
from dashboard.queries.dossiers import DossierScope, scope_kpis, select_scope
from dashboard.queries.investment import disbursement_section
from dashboard.queries.service_index import service_index_section
from dashboard.queries.tasks import tasks_section
from dashboard.store.units import UnitMatcher, area_label


def round_rate(value: float | int | None) -> float | None:
    """Percent with 2 decimals for output; rounding happens only here, at the edge."""
    return None if value is None else round(float(value), 2)


def kpi_report(
    *,
    session: Session,
    unit_id: int | None,
    start: date | None,
    end: date | None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """`{"scope": …, "dossiers": …}` for one unit (with its predecessors) or the whole town (every unit)."""
    matcher = UnitMatcher.load(session=session)
    names = {u.id: u.name for u in matcher.all()}
    as_of = as_of or end or date.today()
    dossiers, scope = _dossiers(matcher, unit_id, start, end, session=session)
    unit = matcher.by_id(unit_id) if unit_id is not None else None
    return {
        "scope": {
            "unit": unit.name if unit else area_label(matcher.all()),
            "unit_code": unit.code if unit else None,
            "includes": predecessors_note(matcher, unit_id),
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "as_of": as_of.isoformat(),
            "units_with_data": sorted(names.get(u, str(u)) for u in scope.per_unit),
            "batches": sorted(scope.batch_ids),
        },
        "dossiers": dossiers,
        "revenue": revenue_section(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "expenditure": expenditure_section(
            session=session, unit_id=unit_id, start=start, end=end, as_of=as_of
        ),
        "disbursement": disbursement_section(
            session=session, unit_id=unit_id, start=start, end=end, as_of=as_of
        ),
        "tasks": tasks_section(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "service_index": service_index_section(
            session=session, unit_id=unit_id, start=start, end=end, as_of=as_of
        ),
    }


def latest_kpi_report(*, session: Session, unit_id: int | None, as_of: date | None = None) -> dict[str, Any]:
    """The report without dates: each section for the newest month of its own data, its `scope` saying which.

    One time frame per section: a leader reading "revenue" and "tasks" side by side must not get the revenue of
    May 2023 beside tasks judged today without being told.
    """
    matcher = UnitMatcher.load(session=session)
    unit = matcher.by_id(unit_id) if unit_id is not None else None
    extents = data_extents(session=session)
    sections: dict[str, Callable[[date, date, date], dict[str, Any]]] = {
        "dossiers": lambda s, e, a: _dossiers(matcher, unit_id, s, e, session=session)[0],
        "revenue": lambda s, e, a: revenue_section(session=session, unit_id=unit_id, start=s, end=e, as_of=a),
        "expenditure": lambda s, e, a: expenditure_section(
            session=session, unit_id=unit_id, start=s, end=e, as_of=a
        ),
        "disbursement": lambda s, e, a: disbursement_section(
            session=session, unit_id=unit_id, start=s, end=e, as_of=a
        ),
        "tasks": lambda s, e, a: tasks_section(session=session, unit_id=unit_id, start=s, end=e, as_of=a),
        "service_index": lambda s, e, a: service_index_section(
            session=session, unit_id=unit_id, start=s, end=e, as_of=a
        ),
    }
    report: dict[str, Any] = {
        "scope": {
            "unit": unit.name if unit else area_label(matcher.all()),
            "unit_code": unit.code if unit else None,
            "includes": predecessors_note(matcher, unit_id),
            "period": "each section: the newest month of its own data (see the section's scope)",
        }
    }
    for dataset, build in sections.items():
        month = latest_month(extents, dataset)
        if month is None:
            report[dataset] = {"scope": {"from": None, "to": None, "as_of": None, "basis": "no data"}}
            continue
        section_as_of = as_of or month.end
        section = build(month.start, month.end, section_as_of)
        report[dataset] = {
            "scope": {
                "from": month.start.isoformat(),
                "to": month.end.isoformat(),
                "as_of": section_as_of.isoformat(),
                "basis": f"newest month with data: {month.label}",
            },
            **section,
        }
    return report


def dossier_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None
) -> dict[str, Any]:
    """The report's "dossiers" part alone: counts, rates (2 decimals) and, per field, the units missing it."""
    return _dossiers(UnitMatcher.load(session=session), unit_id, start, end, session=session)[0]


def _dossiers(
    matcher: UnitMatcher, unit_id: int | None, start: date | None, end: date | None, *, session: Session
) -> tuple[dict[str, Any], DossierScope]:
    names = {u.id: u.name for u in matcher.all()}
    unit_ids = None if unit_id is None else matcher.family(unit_id)
    scope = select_scope(unit_ids, start, end, session=session)
    values, missing = scope_kpis(scope, names)
    dossiers: dict[str, Any] = {k: (round_rate(v) if k in DOSSIER_KPIS else v) for k, v in values.items()}
    dossiers["incomplete"] = missing
    return dossiers, scope
