"""AppTest helpers for the pages: point the app at a fresh database, load sample files into it, run a page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard import settings
from dashboard.importing.importer import import_file
from dashboard.store import db
from dashboard.store.units import seed_units

ROOT = Path(__file__).resolve().parents[2]


def use_data_dir(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """Point the app at a data folder (its SQLite file, default settings) and empty every cache that could hold
    another database's figures."""
    monkeypatch.setenv("IOC_DATA_DIR", str(data_dir))
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("IOC_ANONYMOUS_VIEWERS", raising=False)
    forget_database()
    st.cache_data.clear()
    st.cache_resource.clear()


def forget_database() -> None:
    """Drop the settings and engine the app cached, so the next test's environment applies."""
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()


def sample_files(*patterns: str) -> list[tuple[str, bytes]]:
    """(name, content) of the sample workbooks matching the patterns, in name order per pattern."""
    return [
        (path.name, path.read_bytes())
        for pattern in patterns
        for path in sorted((ROOT / "sample_data").glob(pattern))
    ]


def fresh_db(files: Iterable[tuple[str, bytes]] = ()) -> Engine:
    """A new database where the settings point, units seeded, the files imported (each must be stored)."""
    engine = db.get_engine()
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for name, content in files:
        result = import_file(content, name, engine=engine, user="mẫu", accept_warnings=True)
        assert result.stored, [p.message for p in result.problems.items]
    return engine


def loaded_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, fill: Callable[[], object]
) -> Iterator[Path]:
    """For a module-scoped fixture: a data folder filled once by `fill()` (with the app pointed at it)."""
    data_dir = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        use_data_dir(mp, data_dir)
        fill()
    forget_database()
    yield data_dir


def pointed_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Iterator[None]:
    """For a test fixture: the app reads the database of `data_dir` for the test's duration."""
    use_data_dir(monkeypatch, data_dir)
    yield
    forget_database()


def run_page(script: str, **params: str) -> AppTest:
    """Run the page with these query parameters; it must not raise."""
    at = AppTest.from_file(script, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption]
