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


def _active(kind: str, *, session: Session) -> Any:
    return select(Batch.id).where(col(Batch.kind) == kind, col(Batch.status) == "active")


def _ids(stmt: Any, *, session: Session) -> set[int]:
    return {b for b in session.exec(stmt).all() if b is not None}


def budget_batches(
    kind: str, unit_ids: Collection[int], as_of_month: str | None, *, session: Session
) -> set[int]:
    """The reports of the scope's units for the month the budget figures are taken from ("2023-05")."""
    if not as_of_month or not unit_ids:
        return set()
    y, m = (int(p) for p in as_of_month.split("-"))
    stmt = _active(kind, session=session).where(
        col(Batch.unit_id).in_(sorted(unit_ids)),
        col(Batch.period_start) <= month_end(y, m),
        col(Batch.period_end) >= date(y, m, 1),
    )
    return _ids(stmt, session=session)


def disbursement_batches(as_of: str | None, *, session: Session) -> set[int]:
    """The disbursement reports dated on the snapshot the section used."""
    if not as_of:
        return set()
    return _ids(
        _active(DISBURSEMENT_KIND, session=session).where(col(Batch.period_end) == date.fromisoformat(as_of)),
        session=session,
    )


def task_batches(start: date, end: date, *, session: Session) -> set[int]:
    """The task lists whose period overlaps the scope (the lists the task figures count)."""
    stmt = _active(TASKS_KIND, session=session).where(
        col(Batch.period_end) >= start, col(Batch.period_start) <= end
    )
    return _ids(stmt, session=session)


def area_sources(
    *,
    session: Session,
    report: Mapping[str, Any],
    unit_id: int | None,
    start: date,
    end: date,
) -> dict[str, str]:
    """A 'Nguồn: …' line per area of the kpi_report, plus the targets file the statuses are judged against."""
    matcher = UnitMatcher.load(session=session)
    ids = None if unit_id is None else matcher.family(unit_id)
    reports, lists = source_batches(ids, start, end, session=session)
    budget_units = scope_unit_ids(matcher, unit_id)
    service = (
        latest_batches([SERVICE_INDEX_KIND], session=session) if report["service_index"].get("total") else []
    )
    targets = latest_batches([TARGETS_KIND], session=session)
    batches = {
        "dossiers": reports | lists,
        "revenue": budget_batches(
            KIND_REVENUE, budget_units, report["revenue"].get("as_of_month"), session=session
        ),
        "expenditure": budget_batches(
            KIND_EXPENDITURE, budget_units, report["expenditure"].get("as_of_month"), session=session
        ),
        "disbursement": disbursement_batches(report["disbursement"].get("as_of"), session=session),
        "tasks": task_batches(start, end, session=session) if report["tasks"].get("total") else set(),
        "service_index": {b.id for b in service if b.id is not None},
        "targets": {b.id for b in targets if b.id is not None},
    }
    return {area: source_line(ids_, session=session) for area, ids_ in batches.items()}
