"""Which uploads stand behind each area of the overview, as 'Nguồn: …' lines (file, batch, when, by whom)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.kinds import BUDGET_EXPENDITURE as KIND_EXPENDITURE
from base.kinds import BUDGET_REVENUE as KIND_REVENUE
from base.kinds import DISBURSEMENT as DISBURSEMENT_KIND
from base.kinds import SERVICE_INDEX as SERVICE_INDEX_KIND
from base.kinds import TARGETS as TARGETS_KIND
from base.kinds import TASKS as TASKS_KIND
from base.periods import month_end
from dashboard.queries.budget import scope_unit_ids
from dashboard.queries.dossiers import source_batches
from dashboard.queries.provenance import latest_batches, source_line
from dashboard.store.models import Batch
from dashboard.store.units import UnitMatcher


def _active(session: Session, kind: str) -> Any:
    return select(Batch.id).where(col(Batch.kind) == kind, col(Batch.status) == "active")


def _ids(session: Session, stmt: Any) -> set[int]:
    return {b for b in session.exec(stmt).all() if b is not None}


def budget_batches(
    session: Session, kind: str, unit_ids: Collection[int], as_of_month: str | None
) -> set[int]:
    """The reports of the scope's units for the month the budget figures are taken from ("2023-05")."""
    if not as_of_month or not unit_ids:
        return set()
    y, m = (int(p) for p in as_of_month.split("-"))
    stmt = _active(session, kind).where(
        col(Batch.unit_id).in_(sorted(unit_ids)),
        col(Batch.period_start) <= month_end(y, m),
        col(Batch.period_end) >= date(y, m, 1),
    )
    return _ids(session, stmt)


def disbursement_batches(session: Session, as_of: str | None) -> set[int]:
    """The disbursement reports dated on the snapshot the section used."""
    if not as_of:
        return set()
    return _ids(
        session, _active(session, DISBURSEMENT_KIND).where(col(Batch.period_end) == date.fromisoformat(as_of))
    )


def task_batches(session: Session, start: date, end: date) -> set[int]:
    """The task lists whose period overlaps the scope (the lists the task figures count)."""
    stmt = _active(session, TASKS_KIND).where(col(Batch.period_end) >= start, col(Batch.period_start) <= end)
    return _ids(session, stmt)


def area_sources(
    session: Session,
    *,
    report: Mapping[str, Any],
    unit_id: int | None,
    start: date,
    end: date,
) -> dict[str, str]:
    """A 'Nguồn: …' line per area of the kpi_report, plus the targets file the statuses are judged against."""
    matcher = UnitMatcher.load(session)
    ids = None if unit_id is None else matcher.family(unit_id)
    reports, lists = source_batches(session, ids, start, end)
    budget_units = scope_unit_ids(matcher, unit_id)
    service = latest_batches(session, [SERVICE_INDEX_KIND]) if report["service_index"].get("total") else []
    targets = latest_batches(session, [TARGETS_KIND])
    batches = {
        "dossiers": reports | lists,
        "revenue": budget_batches(session, KIND_REVENUE, budget_units, report["revenue"].get("as_of_month")),
        "expenditure": budget_batches(
            session, KIND_EXPENDITURE, budget_units, report["expenditure"].get("as_of_month")
        ),
        "disbursement": disbursement_batches(session, report["disbursement"].get("as_of")),
        "tasks": task_batches(session, start, end) if report["tasks"].get("total") else set(),
        "service_index": {b.id for b in service if b.id is not None},
        "targets": {b.id for b in targets if b.id is not None},
    }
    return {area: source_line(session, ids_) for area, ids_ in batches.items()}
