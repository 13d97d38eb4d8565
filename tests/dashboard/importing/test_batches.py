"""The bulk insert of dossier lists stores what the ORM would: same values back, same text on SQLite."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from dashboard.importing.batches import insert_dossiers
from dashboard.store.models import Dossier
from dashboard.store.units import seed_units
from tests.dashboard.stored_batches import stored_batch


def _batch(session: Session) -> int:
    seed_units(session=session)
    return stored_batch(
        session,
        "dossier_list",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        period_label="Năm 2023",
    )


def test_bulk_inserted_dossiers_read_back_as_the_orm_stores_them(engine: Engine):
    received, finished = datetime(2023, 1, 14, 16, 44), datetime(2023, 1, 19, 10, 57, 7, 316000)
    fields: dict[str, Any] = {
        "unit_id": 1,
        "sector": "Hộ tịch",
        "procedure": "Khai sinh",
        "channel": "online",
        "status": "done",
    }
    with Session(engine) as session:
        batch_id = _batch(session)
        insert_dossiers(
            [
                {
                    "batch_id": batch_id,
                    "code": "BULK",
                    **fields,
                    "received_at": received,
                    "due_at": received,
                    "finished_at": finished,
                    "row": 4,
                },
                {
                    "batch_id": batch_id,
                    "code": "OPEN",
                    **fields,
                    "received_at": received,
                    "due_at": None,
                    "finished_at": None,
                    "row": 5,
                },
            ],
            session=session,
        )
        session.add(
            Dossier(
                batch_id=batch_id,
                code="ORM",
                **fields,
                received_at=received,
                due_at=received,
                finished_at=finished,
                row=6,
            )
        )
        session.commit()
        stored = {d.code: d for d in session.exec(select(Dossier)).all()}
        assert (stored["BULK"].received_at, stored["BULK"].finished_at) == (received, finished)
        assert (stored["OPEN"].due_at, stored["OPEN"].finished_at) == (None, None)
        as_text: dict[str, str] = dict(
            session.connection()
            .execute(text("SELECT code, CAST(finished_at AS VARCHAR(40)) FROM dossier"))
            .all()
        )
    assert as_text["BULK"] == as_text["ORM"]  # compared as text on SQLite, so it must be the very same text


def test_monthly_figures_read_the_stored_times_as_the_orm_stores_them(engine: Engine):
    """A dossier closed at 23:59:59.5 on the last day of a month is closed in that month, however it was stored."""
    import pandas as pd

    from dashboard.store.dossier_monthly import compute_monthly, months_between, refresh_monthly
    from dashboard.store.models import DossierMonthly

    received, finished = datetime(2023, 1, 31, 8, 0), datetime(2023, 1, 31, 23, 59, 59, 500000)
    fields: dict[str, Any] = {
        "unit_id": 1,
        "sector": "Hộ tịch",
        "procedure": "Khai sinh",
        "channel": "online",
    }
    with Session(engine) as session:
        batch_id = _batch(session)
        bulk = {"batch_id": batch_id, "code": "BULK", **fields, "status": "done", "received_at": received}
        insert_dossiers([{**bulk, "due_at": finished, "finished_at": finished, "row": 4}], session=session)
        session.add(
            Dossier(batch_id=batch_id, code="ORM", **fields, status="processing", received_at=received, row=5)
        )
        session.flush()
        written = refresh_monthly([1], session=session)
        session.commit()
        stored = {
            (m.sector, m.period_start): (
                m.received_new,
                m.resolved_total,
                m.resolved_on_time,
                m.pending_total,
            )
            for m in session.exec(select(DossierMonthly)).all()
        }
    frame = pd.DataFrame(
        {
            "unit_id": [1, 1],
            "sector": ["Hộ tịch", "Hộ tịch"],
            "channel": ["online", "online"],
            "status": ["done", "processing"],
            "received_at": pd.to_datetime([received, received]),
            "due_at": pd.Series([finished, pd.NaT], dtype="datetime64[ns]"),
            "finished_at": pd.Series([finished, pd.NaT], dtype="datetime64[ns]"),
        }
    )
    expected = compute_monthly(frame, months_between(date(2023, 1, 1), date(2023, 12, 31)), has_due=True)
    assert written == len(expected) and len(stored) == len(expected)
    january = stored[("Hộ tịch", date(2023, 1, 1))]
    assert january == (2, 1, 1, 1)  # received 2, resolved 1 (on its due day), 1 still pending


def test_a_frame_is_stored_as_its_rows_would_be(engine: Engine):
    """The loader's frame, inserted column by column, reads back (and on SQLite as text) like the same rows."""
    import pandas as pd

    from dashboard.importing.batches import dossier_rows, insert_dossier_frame

    frame = pd.DataFrame(
        {
            "row": [4, 5],
            "code": ["A-1", "A-2"],
            "unit_id": [1, 1],
            "sector": ["Hộ tịch", ""],
            "procedure": ["Khai sinh", "Kết hôn"],
            "channel": ["online", None],
            "status": ["done", "processing"],
            "received_at": pd.Series([datetime(2023, 1, 14, 16, 44), datetime(2023, 2, 1, 8)]),
            "due_at": pd.Series([datetime(2023, 1, 19, 10, 57, 7, 316000), pd.NaT], dtype="datetime64[ns]"),
            "finished_at": pd.Series(
                [datetime(2023, 1, 18, 23, 59, 59, 999999), pd.NaT], dtype="datetime64[ns]"
            ),
        }
    )
    query = text(
        "SELECT code, unit_id, sector, procedure, channel, status, CAST(received_at AS VARCHAR(40)), "
        "CAST(due_at AS VARCHAR(40)), CAST(finished_at AS VARCHAR(40)), row FROM dossier WHERE batch_id = :b "
        "ORDER BY code"
    )
    with Session(engine) as session:
        seed_units(session=session)
        by_frame, by_rows = (
            stored_batch(
                session, "dossier_list", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31)
            )
            for _ in range(2)
        )
        insert_dossier_frame(frame, by_frame, session=session)
        insert_dossiers(dossier_rows(frame, by_rows), session=session)
        session.commit()
        stored = [session.connection().execute(query, {"b": b}).all() for b in (by_frame, by_rows)]
    assert stored[0] == stored[1] and len(stored[0]) == 2
    assert stored[0][1][4] is None and stored[0][1][7] is None  # missing stays missing
