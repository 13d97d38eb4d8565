"""The late and overdue dossiers themselves (from dossier lists): what leaders ask for weekly, worst first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from dashboard.models import Batch, Dossier, Unit

_OPEN = ("processing", "supplement")


@dataclass(frozen=True)
class LateDossier:
    """A dossier returned after its deadline (late) or still open past it (overdue) on the as-of date."""

    code: str
    procedure: str
    sector: str
    unit: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    state: str  # late | overdue
    days_overdue: int


def late_and_overdue(
    session: Session,
    *,
    unit_ids: Iterable[int] | None,
    start: date,
    end: date,
    as_of: date,
    limit: int = 1000,
) -> list[LateDossier]:
    """Returned late within [start, end], or still open and past due on `as_of`; most days overdue first."""
    day_after_end = datetime.combine(end + timedelta(days=1), datetime.min.time())
    as_of_start = datetime.combine(as_of, datetime.min.time())
    late = and_(
        col(Dossier.finished_at).is_not(None),
        col(Dossier.status) == "done",
        col(Dossier.finished_at) >= datetime.combine(start, datetime.min.time()),
        col(Dossier.finished_at) < day_after_end,
        col(Dossier.finished_at) > col(Dossier.due_at),
    )
    overdue = and_(
        col(Dossier.status).in_(_OPEN),
        col(Dossier.due_at) < as_of_start,
        col(Dossier.received_at) < day_after_end,
    )
    stmt = (
        select(Dossier, col(Unit.name))
        .join(Batch, col(Batch.id) == col(Dossier.batch_id))
        .join(Unit, col(Unit.id) == col(Dossier.unit_id))
        .where(col(Batch.status) == "active", col(Dossier.due_at).is_not(None), or_(late, overdue))
    )
    if unit_ids is not None:
        stmt = stmt.where(col(Dossier.unit_id).in_(sorted(set(unit_ids))))
    rows = []
    for dossier, unit_name in session.execute(stmt).all():
        due = dossier.due_at
        assert due is not None
        finished = dossier.finished_at if dossier.status == "done" else None
        until = finished or as_of_start
        rows.append(
            LateDossier(
                code=dossier.code,
                procedure=dossier.procedure,
                sector=dossier.sector,
                unit=unit_name,
                received_at=dossier.received_at,
                due_at=due,
                finished_at=finished,
                state="late" if finished else "overdue",
                days_overdue=max(1, (until.date() - due.date()).days),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.unit, r.code))
    return rows[:limit]
