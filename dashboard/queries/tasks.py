"""Selects the stored tasks of a scope — the active lists whose period overlaps it — and reports their KPIs."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from base.kinds import TASKS as KIND
from dashboard.kpis.tasks import TaskFacts, by_lead, due_soon, overdue, task_kpis
from dashboard.store.models import Batch, Task
from dashboard.store.units import UnitMatcher

SECTION_RATES = ("completion_rate", "due_completion_rate")


def load_tasks(
    *, session: Session, unit_ids: Collection[int] | None, start: date | None, end: date | None
) -> list[TaskFacts]:
    """Tasks of active task lists whose period overlaps [start, end] (open ends: every list), by lead unit."""
    query = (
        select(Task)
        .join(Batch, col(Batch.id) == col(Task.batch_id))
        .where(col(Batch.status) == "active", col(Batch.kind) == KIND)
    )
    # A list belongs to its period (the plan's year), not to each task's deadline.
    if start is not None:
        query = query.where(col(Batch.period_end) >= start)
    if end is not None:
        query = query.where(col(Batch.period_start) <= end)
    if unit_ids is not None:
        query = query.where(col(Task.lead_unit_id).in_(sorted(unit_ids)))
    names = lead_names(session=session)
    rows = session.exec(query.order_by(col(Task.batch_id), col(Task.row))).all()
    return [
        TaskFacts(
            title=task.title,
            lead=names.get(task.lead_unit_id, task.lead_text) if task.lead_unit_id else task.lead_text,
            status=task.status,
            deadline_kind=task.deadline_kind,
            deadline=task.deadline,
            done_late=task.done_late,
            deadline_text=task.deadline_text,
        )
        for task in rows
    ]


def lead_names(*, session: Session) -> dict[int, str]:
    """Unit id → the name a lead agency is listed under."""
    # "UBND xã Phổ An" reads better in a list of agencies than the bare "Phổ An".
    return {
        u.id: u.full_name if u.kind in ("ward", "commune") else u.name
        for u in UnitMatcher.load(session=session).all()
    }


def lead_codes(*, session: Session) -> dict[str, str]:
    """The name a lead agency of ours is listed under → its unit code (a name two units share maps to none)."""
    units = {u.id: u.code for u in UnitMatcher.load(session=session).all()}
    listed = [(name, units[unit_id]) for unit_id, name in lead_names(session=session).items()]
    taken = [name for name, _code in listed]
    return {name: code for name, code in listed if taken.count(name) == 1}


def _scope_ids(unit_id: int | None, *, session: Session) -> frozenset[int] | None:
    """The unit and its predecessors, or None for the whole town."""
    return None if unit_id is None else UnitMatcher.load(session=session).family(unit_id)


def tasks_section(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, Any]:
    """The report's "tasks" section: counts, completion rate (percent, 2 decimals) and the by-lead table."""
    tasks = load_tasks(session=session, unit_ids=_scope_ids(unit_id, session=session), start=start, end=end)
    values = task_kpis(tasks, as_of)
    leads = by_lead(tasks, as_of)
    for row in leads:
        row["completion_rate"] = _round(row["completion_rate"])
    return {
        "as_of": as_of.isoformat(),
        **{k: (_round(v) if k in SECTION_RATES else v) for k, v in values.items()},
        "by_lead": leads,
    }


def task_lists(
    *, session: Session, unit_id: int | None, start: date | None, end: date | None, as_of: date
) -> dict[str, list[dict[str, Any]]]:
    """The overdue tasks and those due within two weeks, for the pages and meeting exports."""
    tasks = load_tasks(session=session, unit_ids=_scope_ids(unit_id, session=session), start=start, end=end)
    return {"overdue": overdue(tasks, as_of), "due_soon": due_soon(tasks, as_of)}


def _round(value: float | int | None) -> float | None:
    """Percent with 2 decimals for output; rounding happens only here, at the edge."""
    return None if value is None else round(float(value), 2)
