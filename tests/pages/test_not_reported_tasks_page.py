"""AppTest: on the tasks page a unit that owed the month's task list and sent none is listed in the by-agency chart
with no bar as "chưa báo cáo" and named under the table; an agency with a real 0% completion shows its 0."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.reporting_status import save_calendar_entry
from dashboard.store.models import Task
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch
from tests.pages.apptest_data import captions, run_page
from tests.pages.test_overview_first_screen import app_db  # noqa: F401  (the fixture)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "tasks.py")


def _lists(engine: Engine) -> None:
    """The town's November list (Phổ An done, Phổ Cường not started past its deadline); Phổ Châu owed one too."""
    with Session(engine) as session:
        save_calendar_entry(
            session=session,
            dataset="tasks",
            unit_codes=["thi-xa-duc-pho", "xa-pho-chau"],
            due_day=10,
            user="admin",
        )
        ids = {u.code: u.id for u in UnitMatcher.load(session=session).all()}
        batch = stored_batch(
            session, "tasks", period_start=date(2023, 11, 1), period_end=date(2023, 11, 30),
            unit_id=ids["thi-xa-duc-pho"], created_at=datetime(2023, 12, 5, tzinfo=UTC),
        )  # fmt: skip
        for row, (code, state) in enumerate((("xa-pho-an", "done"), ("xa-pho-cuong", "not_started"))):
            session.add(
                Task(
                    batch_id=batch, title=f"Nhiệm vụ {code}", lead_unit_id=ids[code], deadline_kind="date",
                    deadline=date(2023, 11, 15), status=state, done_late=False if state == "done" else None,
                    row=row,
                )
            )  # fmt: skip
        session.commit()


def test_by_agency_chart_names_the_unit_that_did_not_report(app_db: Engine):  # noqa: F811
    _lists(app_db)
    at = run_page(PAGE, ky="m2023-11")
    (spec,) = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    bar = spec["data"][0]
    assert bar["y"] == ["UBND xã Phổ Cường", "UBND xã Phổ An", "UBND xã Phổ Châu"]
    assert bar["text"] == ["0,00%", "100,00%", "chưa báo cáo"]
    assert "Chưa báo cáo tháng 11/2023: UBND xã Phổ Châu" in captions(at)


def test_a_page_scoped_to_another_unit_names_nobody_else(app_db: Engine):  # noqa: F811
    _lists(app_db)
    at = run_page(PAGE, ky="m2023-11", dv="xa-pho-an")
    assert not [c for c in captions(at) if "Chưa báo cáo" in c]
    scoped_to_it = run_page(PAGE, ky="m2023-11", dv="xa-pho-chau")
    assert "Chưa báo cáo tháng 11/2023: UBND xã Phổ Châu" in captions(scoped_to_it)
