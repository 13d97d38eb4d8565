"""Fixtures for the loader tests: reading a sheet needs only the unit registry, so one seeded SQLite file serves."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from dashboard.store.db import make_engine, migrate
from dashboard.store.units import UnitMatcher, seed_units


@pytest.fixture(scope="session")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> UnitMatcher:
    """The seeded unit registry (a matcher needs no session once loaded, so every test can share it)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('units') / 'units.db'}")
    migrate(engine)
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
        loaded = UnitMatcher.load(session=session)
    engine.dispose()
    return loaded
