"""The bulk insert of dossier lists stores what the ORM would: same values back, same text on SQLite."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from dashboard.batches import insert_dossiers
from dashboard.models import Dossier
from dashboard.units import seed_units
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
            session,
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
