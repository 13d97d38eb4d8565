"""Units that owed a period's report and sent none, as the pages list them: named "chưa báo cáo", never as 0.

The reporting calendar (dashboard.queries.reporting_status) says who owes a dataset's report for a month; this module
turns its "missing" states into the names a unit chart appends with no bar and the line under a unit table.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlmodel import Session

from base.formatting import NOT_REPORTED
from base.units import LOCAL_KINDS
from dashboard.queries.reporting_status import month_status
from dashboard.store.units import UnitMatcher, is_root


def not_reported_names(
    *,
    session: Session,
    dataset: str,
    year: int,
    month: int,
    today: date,
    kinds: Collection[str] | None = None,
    as_agencies: bool = False,
    within: int | None = None,
) -> tuple[str, ...]:
    """Names of the units (of these kinds, or any) that owed the month's report and sent none, in display order;
    `as_agencies`: as lists of agencies (investors, lead agencies) name them, a commune in full ("UBND xã …").

    `within`: a page scoped to one unit names only that unit (the root unit's scope is the whole area).
    A month whose due day has not passed owes nothing yet, so nobody is named before the deadline."""
    statuses = month_status(session=session, dataset=dataset, year=year, month=month, today=today)
    if within is not None:
        matcher = UnitMatcher.load(session=session)
        if not is_root(matcher.by_id(within)):
            family = matcher.family(within)
            statuses = [s for s in statuses if s.unit.id in family]
    return tuple(
        s.unit.full_name if as_agencies and s.unit.kind in LOCAL_KINDS else s.unit.name
        for s in statuses
        if s.state == "missing" and (kinds is None or s.unit.kind in kinds)
    )


def not_reported_line(names: Sequence[str], *, year: int, month: int) -> str:
    """'Chưa báo cáo tháng 11/2023: Phổ Châu, Phổ Cường'; '' when every unit owing the report sent it."""
    if not names:
        return ""
    return f"{NOT_REPORTED[:1].upper()}{NOT_REPORTED[1:]} tháng {month}/{year}: {', '.join(names)}"


__all__ = ["not_reported_line", "not_reported_names"]
