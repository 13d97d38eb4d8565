"""AppTest: on the revenue and expenditure pages a commune that owed the month's report and sent none is listed in
the communes chart with no bar as "chưa báo cáo" and named under the table; a commune with a real 0 shows 0%."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.reporting_status import save_calendar_entry
from dashboard.store.models import BudgetLine
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch
from tests.pages.apptest_data import captions, run_page
from tests.pages.test_overview_first_screen import app_db  # noqa: F401  (the fixture)

PAGES = Path(__file__).resolve().parents[2] / "pages"
OWING = ("xa-pho-an", "xa-pho-chau", "xa-pho-cuong")


def _budget_report(engine: Engine, kind: str, code: str, ytd: float) -> None:
    """A commune's November 2023 report: its total row against an estimate of 100 triệu đồng."""
    with Session(engine) as session:
        unit_id = next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)
        batch = stored_batch(
            session, f"budget_{kind}", period_start=date(2023, 1, 1), period_end=date(2023, 11, 30),
            unit_id=unit_id, created_at=datetime(2023, 12, 5, tzinfo=UTC),
        )  # fmt: skip
        session.add(
            BudgetLine(
                batch_id=batch, unit_id=unit_id, kind=kind, year=2023, month=11, item_path="", role="total",
                item_name="Tổng", estimate_council=100.0, month_amount=ytd, ytd_amount=ytd,
            )
        )  # fmt: skip
        session.commit()


@pytest.mark.parametrize("kind", ["revenue", "expenditure"])
def test_communes_chart_names_the_commune_that_did_not_report(app_db: Engine, kind: str):  # noqa: F811
    with Session(app_db) as session:
        save_calendar_entry(session=session, dataset=kind, unit_codes=OWING, due_day=10, user="admin")
        session.commit()
    _budget_report(app_db, kind, "xa-pho-an", 50.0)
    _budget_report(app_db, kind, "xa-pho-cuong", 0.0)  # reported, and nothing collected yet: a real 0
    at = run_page(str(PAGES / f"{kind}.py"), ky="m2023-11")
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    communes = next(s for s in specs if "xã, phường" in s["layout"]["title"]["text"])
    bar = communes["data"][0]
    assert bar["y"] == ["Phổ Cường", "Phổ An", "Phổ Châu"]
    assert bar["text"] == ["0,00%", "50,00%", "chưa báo cáo"]
    assert "Chưa báo cáo tháng 11/2023: Phổ Châu" in captions(at)
