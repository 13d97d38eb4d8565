"""Which target applies: a unit's own before the all-units one, a source family's before the general one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from dashboard.kpis.common import Status, status
from dashboard.store.models import Batch, Target
from dashboard.store.read_memo import memoised

DISBURSEMENT = "disbursement_pct"


@dataclass(frozen=True)
class TargetRef:
    """A stored target, detached from its session."""

    indicator: str
    year: int
    unit_id: int | None  # None: every unit
    source_group: str  # "": every capital source
    due: date | None  # None: the whole year
    value: float
    tolerance: float
    batch_id: int
    row: int


def active_targets(*, session: Session, indicator: str, year: int) -> list[TargetRef]:
    """The indicator's targets for the year from active batches."""
    return memoised(
        ("targets", indicator, year), lambda: _read_targets(indicator, year, session=session), session=session
    )


def _read_targets(indicator: str, year: int, *, session: Session) -> list[TargetRef]:
    rows = session.exec(
        select(Target)
        .join(Batch, col(Batch.id) == col(Target.batch_id))
        .where(col(Batch.status) == "active", col(Target.indicator) == indicator, col(Target.year) == year)
    ).all()
    return [
        TargetRef(
            t.indicator, t.year, t.unit_id, t.source_group, t.due, t.value, t.tolerance, t.batch_id, t.row
        )
        for t in rows
    ]


def merge_by_date(
    targets: list[TargetRef], *, unit_id: int | None, source_group: str
) -> dict[date | None, TargetRef]:
    """One target per date: the unit's own beats all-units, a family's beats the general, a newer file an older."""
    usable = [t for t in targets if t.unit_id in (None, unit_id) and t.source_group in ("", source_group)]
    merged: dict[date | None, TargetRef] = {}
    for t in sorted(usable, key=lambda t: (t.unit_id is not None, t.source_group != "", t.batch_id, t.row)):
        merged[t.due] = t  # later in this order wins
    return merged


def target_for(
    *,
    session: Session,
    indicator: str,
    year: int,
    unit_id: int | None,
    on: date | None = None,
    source_group: str = "",
) -> TargetRef | None:
    """The target in force: on a day, the first milestone due on or after it; else the year's own target,
    else the last milestone (the year-end one)."""
    merged = merge_by_date(
        active_targets(session=session, indicator=indicator, year=year),
        unit_id=unit_id,
        source_group=source_group,
    )
    dated = sorted(d for d in merged if d is not None)
    if on is not None:
        upcoming = next((d for d in dated if d >= on), None)
        if upcoming is not None:
            return merged[upcoming]
    if None in merged:
        return merged[None]
    return merged[dated[-1]] if dated else None


def milestones(
    *,
    session: Session,
    year: int,
    source_group: str = "",
    unit_id: int | None = None,
    indicator: str = DISBURSEMENT,
) -> list[TargetRef]:
    """The dated targets of the year (disbursement milestones by default), earliest first."""
    merged = merge_by_date(
        active_targets(session=session, indicator=indicator, year=year),
        unit_id=unit_id,
        source_group=source_group,
    )
    return [merged[d] for d in sorted(d for d in merged if d is not None)]


def next_milestone(milestone_list: list[TargetRef], on: date) -> TargetRef | None:
    """The first milestone due on or after the day."""
    return next((m for m in milestone_list if m.due is not None and m.due >= on), None)


def judge(value: float | None, target: TargetRef | None, *, higher_is_better: bool = True) -> Status | None:
    """Met, close (within the target's tolerance) or behind; None without a value or a target."""
    if target is None:
        return None
    return status(value, target.value, tolerance=target.tolerance, higher_is_better=higher_is_better)
