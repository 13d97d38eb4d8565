"""The schema: migrations build what the models describe, and the late list is read through its partial indexes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel

from dashboard.importing.batches import insert_dossiers
from dashboard.queries.dossier_lists import late_and_overdue
from dashboard.store.db import refresh_statistics
from dashboard.store.units import seed_units
from tests.dashboard.stored_batches import stored_batch


def test_migrations_build_the_schema_the_models_describe(engine: Engine):
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert differences == []


def _many_dossiers(engine: Engine, count: int) -> None:
    """One active list batch of `count` dossiers of one unit: one in twenty returned late, one in fifty open."""
    with Session(engine) as session:
        seed_units(session=session)
        batch_id = stored_batch(
            session,
            "dossier_list",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            period_label="Năm 2023",
            row_count=count,
        )
        rows: list[dict[str, Any]] = []
        for i in range(count):
            received = datetime(2023, 1, 1, 8) + timedelta(hours=i)
            due = received + timedelta(days=5)
            late, still_open = i % 20 == 0, i % 50 == 1
            rows.append(
                {
                    "batch_id": batch_id,
                    "code": f"H{i:06d}",
                    "unit_id": 1,
                    "sector": "Hộ tịch",
                    "procedure": "Đăng ký khai sinh",
                    "channel": "online",
                    "status": "processing" if still_open else "done",
                    "received_at": received,
                    "due_at": due,
                    "finished_at": None if still_open else due + timedelta(days=(i % 7) + 1 if late else -1),
                    "row": i + 4,
                }
            )
        insert_dossiers(rows, session=session)
        session.commit()


def test_the_late_list_reads_the_partial_indexes_not_every_dossier(sqlite_engine: Engine):
    _many_dossiers(sqlite_engine, 5000)
    refresh_statistics(sqlite_engine)  # as import_file does after storing a dossier list
    statements: list[tuple[str, Any]] = []

    @event.listens_for(sqlite_engine, "before_cursor_execute")
    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    with Session(sqlite_engine) as session:
        rows = late_and_overdue(
            session=session,
            unit_ids=None,
            start=date(2023, 3, 1),
            end=date(2023, 3, 31),
            as_of=date(2023, 3, 31),
            limit=10,
        )
        event.remove(sqlite_engine, "before_cursor_execute", capture)
        plans = [
            " ".join(
                str(step[3])
                for step in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for sql, params in statements
        ]
    # The worst first, cut to the limit in the database: dossier 1 has been open since its deadline of 6 January.
    assert len(rows) == 10
    assert (rows[0].code, rows[0].state, rows[0].days_overdue) == ("H000001", "overdue", 84)
    assert len(plans) == 2
    assert "USING INDEX ix_dossier_late" in plans[0]
    assert "USING INDEX ix_dossier_open_due" in plans[1]
