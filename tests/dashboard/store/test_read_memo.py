"""Read-only sessions answer repeated registry and target reads once; other sessions always read afresh."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.read_memo import read_only
from dashboard.store.units import UnitMatcher, seed_units


def test_a_read_only_session_reads_the_registry_once(sqlite_engine: Engine):
    with Session(sqlite_engine) as writer:
        seed_units(session=writer)
        writer.commit()
    with Session(sqlite_engine) as plain, read_only(session=Session(sqlite_engine)) as reader:
        first = UnitMatcher.load(session=reader)
        assert UnitMatcher.load(session=reader) is first
        assert UnitMatcher.load(session=plain) is not UnitMatcher.load(session=plain)
        assert [u.code for u in UnitMatcher.load(session=plain).all()] == [u.code for u in first.all()]
