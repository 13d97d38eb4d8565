"""The late and overdue dossiers themselves (from dossier lists): what leaders ask for weekly, worst first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, and_, cast, func, literal_column, select, type_coerce
from sqlmodel import Session, col

from dashboard.store.models import Batch, Dossier, Unit

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


def days_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[int]:
    """Calendar days from `earlier` to `later` (datetime columns), computed by the database."""
    if dialect == "postgresql":
        return type_coerce(cast(later, Date) - cast(earlier, Date), Integer)
    return cast(func.julianday(func.date(later)) - func.julianday(func.date(earlier)), Integer)


def late_and_overdue(
    *,
    session: Session,
    unit_ids: Iterable[int] | None,
    start: date,
    end: date,
    as_of: date,
    limit: int = 1000,
) -> list[LateDossier]:
    """Returned late within [start, end], or still open and past due on `as_of`; most days overdue first.

    Both halves are ordered and cut to `limit` in the database, reading the partial indexes over late and open
    dossiers (models.Dossier), so a long period of a large list costs a few milliseconds, not a full scan.
    """
    as_of_start = datetime.combine(as_of, datetime.min.time())
    late, overdue = _late_and_overdue_terms(start, end, as_of)
    columns = (
        col(Dossier.code),
        col(Dossier.procedure),
        col(Dossier.sector),
        col(Unit.name),
        col(Dossier.received_at),
        col(Dossier.due_at),
        col(Dossier.finished_at),
        col(Dossier.status),
    )
    base = (
        select(*columns)
        .join(Batch, col(Batch.id) == col(Dossier.batch_id))
        .join(Unit, col(Unit.id) == col(Dossier.unit_id))
        .where(col(Batch.status) == "active", col(Dossier.due_at).is_not(None))
    )
    if unit_ids is not None:
        base = base.where(col(Dossier.unit_id).in_(sorted(set(unit_ids))))
    days_late = days_between(col(Dossier.finished_at), col(Dossier.due_at), session.get_bind().dialect.name)
    found = [
        *session.execute(
            base.where(late).order_by(days_late.desc(), col(Unit.name), col(Dossier.code)).limit(limit)
        ).all(),
        *session.execute(
            base.where(overdue).order_by(col(Dossier.due_at), col(Unit.name), col(Dossier.code)).limit(limit)
        ).all(),
    ]
    rows = []
    for code, procedure, sector, unit_name, received, due, finished_at, status in found:
        finished = finished_at if status == "done" else None
        until = finished or as_of_start
        rows.append(
            LateDossier(
                code=code,
                procedure=procedure,
                sector=sector,
                unit=unit_name,
                received_at=received,
                due_at=due,
                finished_at=finished,
                state="late" if finished else "overdue",
                days_overdue=max(1, (until.date() - due.date()).days),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.unit, r.code))
    return rows[:limit]


def _late_and_overdue_terms(
    start: date, end: date, as_of: date
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The conditions of a late dossier (returned within [start, end] after its due day) and of an overdue one."""
    day_after_end = datetime.combine(end + timedelta(days=1), datetime.min.time())
    as_of_start = datetime.combine(as_of, datetime.min.time())
    # The same terms as the partial indexes' conditions, so the planner can use them.
    late = and_(
        col(Dossier.status) == "done",
        col(Dossier.finished_at) > col(Dossier.due_at),
        col(Dossier.finished_at) >= datetime.combine(start, datetime.min.time()),
        col(Dossier.finished_at) < day_after_end,
    )
    overdue = and_(
        col(Dossier.status).in_(
            [literal_column(f"'{state}'") for state in _OPEN]
        ),  # literal, as in the index
        col(Dossier.due_at) < as_of_start,
        col(Dossier.received_at) < day_after_end,
    )
    return late, overdue


def late_and_overdue_counts(
    *, session: Session, unit_ids: Iterable[int] | None, start: date, end: date, as_of: date
) -> dict[str, int]:
    """How many dossiers late_and_overdue would list without its cap, per unit name (counted by the database)."""
    counts: dict[str, int] = {}
    for terms in _late_and_overdue_terms(start, end, as_of):
        query = (
            select(col(Unit.name), func.count())
            .select_from(Dossier)
            .join(Batch, col(Batch.id) == col(Dossier.batch_id))
            .join(Unit, col(Unit.id) == col(Dossier.unit_id))
            .where(col(Batch.status) == "active", col(Dossier.due_at).is_not(None), terms)
            .group_by(col(Unit.name))
        )
        if unit_ids is not None:
            query = query.where(col(Dossier.unit_id).in_(sorted(set(unit_ids))))
        for name, n in session.execute(query).all():
            counts[name] = counts.get(name, 0) + int(n)
    return counts
