"""The audit log: lines added in the caller's transaction, cut to their columns, read newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.audit import recent, record


def test_lines_are_read_newest_first_and_limited(engine: Engine):
    with Session(engine) as session:
        for n in range(5):
            record(
                "an", "import", session=session, detail=f"tệp {n}", at=datetime(2023, 5, 1, 8, n, tzinfo=UTC)
            )
        session.commit()
        assert [e.detail for e in recent(session=session)] == ["tệp 4", "tệp 3", "tệp 2", "tệp 1", "tệp 0"]
        assert [e.detail for e in recent(session=session, limit=2)] == ["tệp 4", "tệp 3"]


def test_a_line_is_cut_to_its_columns_and_keeps_where_a_sign_in_came_from(engine: Engine):
    with Session(engine) as session:
        record("u" * 150, "signin", session=session, detail="d" * 2500, address="10.0.0." + "1" * 80)
        record("an", "revert", session=session)
        session.commit()
        newest, first = recent(session=session)
        assert (len(first.user), len(first.detail), len(first.address or "")) == (100, 2000, 64)
        assert (newest.user, newest.action, newest.detail, newest.address, newest.batch_id) == (
            "an",
            "revert",
            "",
            None,
            None,
        )
        assert newest.at is not None


def test_nothing_is_written_until_the_caller_commits(engine: Engine):
    with Session(engine) as session:
        record("an", "import", session=session)
        session.rollback()
        assert recent(session=session) == []
