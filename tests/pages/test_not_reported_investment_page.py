"""AppTest: on the disbursement page a unit that owed the month's report and sent none is listed in the investor
and commune charts with no bar as "chưa báo cáo" and named under their tables; an investor with a real 0 shows 0%."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.reporting_status import save_calendar_entry
from dashboard.store.models import DisbursementProject
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch
from tests.pages.apptest_data import captions, run_page
from tests.pages.test_overview_first_screen import app_db  # noqa: F401  (the fixture)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "investment.py")


def test_investor_and_commune_charts_name_the_unit_that_did_not_report(app_db: Engine):  # noqa: F811
    with Session(app_db) as session:
        save_calendar_entry(
            session=session,
            dataset="disbursement",
            unit_codes=["thi-xa-duc-pho", "xa-pho-chau"],
            due_day=10,
            user="admin",
        )
        ids = {u.code: u.id for u in UnitMatcher.load(session=session).all()}
        batch = stored_batch(
            session, "disbursement", period_start=None, period_end=date(2023, 11, 30),
            unit_id=ids["thi-xa-duc-pho"], created_at=datetime(2023, 12, 5, tzinfo=UTC),
        )  # fmt: skip
        for row, (code, disbursed) in enumerate((("xa-pho-an", 40.0), ("xa-pho-cuong", 0.0))):
            session.add(
                DisbursementProject(
                    batch_id=batch, unit_id=ids["thi-xa-duc-pho"], year=2023, as_of=date(2023, 11, 30),
                    source="Ngân sách tỉnh", investor=code, investor_unit_id=ids[code], commune_unit_id=ids[code],
                    project=f"Đường {code}", plan=100.0, disbursed=disbursed, row=row,
                )
            )  # fmt: skip
        session.commit()
    at = run_page(PAGE, ky="m2023-11")
    bars = [json.loads(e.proto.spec)["data"][0] for e in at.get("plotly_chart")]
    investors = next(b for b in bars if b.get("y") and "UBND xã Phổ An" in b["y"])
    assert investors["y"] == ["UBND xã Phổ Cường", "UBND xã Phổ An", "UBND xã Phổ Châu"]
    assert investors["text"] == ["0,00%", "40,00%", "chưa báo cáo"]
    communes = next(b for b in bars if b.get("y") and "Phổ An" in b["y"])
    assert communes["y"] == ["Phổ Cường", "Phổ An", "Phổ Châu"]
    assert communes["text"] == ["0,00%", "40,00%", "chưa báo cáo"]
    assert "Chưa báo cáo tháng 11/2023: UBND xã Phổ Châu" in captions(at)  # under the investors' table
    assert "Chưa báo cáo tháng 11/2023: Phổ Châu" in captions(at)  # under the communes' table
