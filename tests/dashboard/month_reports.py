"""A month of dossier reports for the freshness tests: three communes owe May 2023's report (they reported in
March); Phổ An sends it on time, Phổ Châu two days late, Phổ Cường not at all."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from base.periods import month_end
from dashboard.store.models import DossierFigure
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch


def unit_id(session: Session, code: str) -> int:
    return next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)


def dossier_report(session: Session, code: str, y: int, m: int, uploaded: datetime) -> None:
    """A one-unit dossier report for the month (y, m), uploaded at `uploaded` (UTC)."""
    start, end = date(y, m, 1), month_end(y, m)
    batch_id = stored_batch(
        session, "dossier_report", period_start=start, period_end=end, created_at=uploaded
    )
    session.add(
        DossierFigure(
            batch_id=batch_id,
            unit_id=unit_id(session, code),
            period_start=start,
            period_end=end,
            source="report",
        )
    )
    session.flush()


def may_2023(session: Session) -> None:
    for code in ("xa-pho-an", "xa-pho-chau", "xa-pho-cuong"):
        dossier_report(session, code, 2023, 3, datetime(2023, 4, 5, tzinfo=UTC))
    dossier_report(session, "xa-pho-an", 2023, 5, datetime(2023, 6, 9, 3, 0, tzinfo=UTC))
    dossier_report(session, "xa-pho-chau", 2023, 5, datetime(2023, 6, 12, 3, 0, tzinfo=UTC))
    session.commit()
