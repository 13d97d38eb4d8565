"""The wall's freshness names the units that owed the newest due report and sent none ("chưa báo cáo")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.models import DossierFigure
from dashboard.store.units import UnitMatcher
from dashboard.views.wall import html
from dashboard.views.wall.config import WallConfig
from dashboard.views.wall.tiles import build_wall
from tests.dashboard.stored_batches import stored_batch


def _report(session: Session, code: str, month: int) -> None:
    start = date(2023, month, 1)
    end = date(2023, month + 1, 1) - timedelta(days=1)
    unit_id = next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)
    batch = stored_batch(session, "dossier_report", period_start=start, period_end=end, unit_id=unit_id,
                         created_at=datetime(2023, month + 1, 5, tzinfo=UTC))  # fmt: skip
    session.add(DossierFigure(batch_id=batch, unit_id=unit_id, period_start=start, period_end=end,
                              source="report", resolved_total=3))  # fmt: skip
    session.flush()


def test_freshness_names_the_units_that_have_not_reported(seeded: Engine):
    with Session(seeded) as session:
        for code in ("xa-pho-an", "xa-pho-chau", "xa-pho-cuong"):
            _report(session, code, 4)
        _report(session, "xa-pho-an", 5)
        session.commit()
    with Session(seeded) as session:
        wall = build_wall(WallConfig(), date(2023, 6, 20), session=session)  # May's reports were due on 10/6
    dossiers = next(f for f in wall.freshness if f.kind == "dossier_report")
    assert dossiers.not_reported == ("xã Phổ Châu", "xã Phổ Cường")
    assert dossiers.not_reported_month == "tháng 5/2023"
    texts = [a.text for a in wall.alerts]
    assert "Báo cáo TTHC tháng 5/2023 chưa báo cáo: xã Phổ Châu, xã Phổ Cường" in texts
    body = html.status_body(
        title="IOC", subtitle="ĐỨC PHỔ", now=datetime(2023, 6, 20, 9, 0), freshness=wall.freshness, alerts=[]
    )
    assert "· 2 chưa báo cáo" in body
    listed = next(f for f in wall.freshness if f.kind == "dossier_list")
    assert listed.not_reported == ()  # the same dataset as the reports: its units are named once
    assert sum("chưa báo cáo" in t for t in texts) == 1
    revenue = next(f for f in wall.freshness if f.kind == "budget_revenue")
    assert revenue.not_reported == ()  # nobody owes revenue: nothing said
