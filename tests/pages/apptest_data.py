"""AppTest helpers for the leaders' pages: point the app at a fresh database and load sample files into it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard import db, settings
from dashboard.importer import import_file
from dashboard.units import seed_units

ROOT = Path(__file__).resolve().parents[2]


def use_data_dir(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """Point the app's settings at a data folder and empty every cache that could hold another database."""
    monkeypatch.setenv("IOC_DATA_DIR", str(data_dir))
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()
    st.cache_data.clear()


def fresh_db(patterns: tuple[str, ...]) -> None:
    """A new database where the settings point, units seeded, the matching sample files imported."""
    engine = db.get_engine()
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for pattern in patterns:
        for path in sorted((ROOT / "sample_data").glob(pattern)):
            result = import_file(
                path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True
            )
            assert result.stored, [p.message for p in result.problems.items]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption]
