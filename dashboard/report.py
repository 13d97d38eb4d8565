"""The KPI report of a scope (unit or whole town, period, as-of date) as plain data: the CLI's JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from dashboard.budget_query import expenditure_section, revenue_section
from dashboard.dossier_query import DossierScope, scope_kpis, select_scope
from dashboard.investment_query import disbursement_section
from dashboard.kpis import DOSSIER_KPIS
from dashboard.service_index_query import service_index_section
from dashboard.tasks_query import tasks_section
from dashboard.units import UnitMatcher

TOWN_LABEL = "Toàn thị xã"


def round_rate(value: float | int | None) -> float | None:
    """Percent with 2 decimals for output; rounding happens only here, at the edge."""
    return None if value is None else round(float(value), 2)


def kpi_report(
    session: Session,
    *,
    unit_id: int | None,
    start: date | None,
    end: date | None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """`{"scope": …, "dossiers": …}` for one unit (with its predecessors) or the whole town (every unit)."""
    matcher = UnitMatcher.load(session)
    names = {u.id: u.name for u in matcher.all()}
    as_of = as_of or end or date.today()
    dossiers, scope = _dossiers(session, matcher, unit_id, start, end)
    unit = matcher.by_id(unit_id) if unit_id is not None else None
    return {
        "scope": {
            "unit": unit.name if unit else TOWN_LABEL,
            "unit_code": unit.code if unit else None,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "as_of": as_of.isoformat(),
            "units_with_data": sorted(names.get(u, str(u)) for u in scope.per_unit),
            "batches": sorted(scope.batch_ids),
        },
        "dossiers": dossiers,
        "revenue": revenue_section(session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "expenditure": expenditure_section(session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "disbursement": disbursement_section(session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "tasks": tasks_section(session, unit_id=unit_id, start=start, end=end, as_of=as_of),
        "service_index": service_index_section(session, unit_id=unit_id, start=start, end=end, as_of=as_of),
    }


def dossier_section(
    session: Session, *, unit_id: int | None, start: date | None, end: date | None
) -> dict[str, Any]:
    """The report's "dossiers" part alone: counts, rates (2 decimals) and, per field, the units missing it."""
    return _dossiers(session, UnitMatcher.load(session), unit_id, start, end)[0]


def _dossiers(
    session: Session, matcher: UnitMatcher, unit_id: int | None, start: date | None, end: date | None
) -> tuple[dict[str, Any], DossierScope]:
    names = {u.id: u.name for u in matcher.all()}
    unit_ids = None if unit_id is None else matcher.family(unit_id)
    scope = select_scope(session, unit_ids, start, end)
    values, missing = scope_kpis(scope, names)
    dossiers: dict[str, Any] = {k: (round_rate(v) if k in DOSSIER_KPIS else v) for k, v in values.items()}
    dossiers["incomplete"] = missing
    return dossiers, scope
