"""A read-only or locked database: dry runs, KPIs and pages still work; a real import ends in a clear message."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard import settings
from dashboard.importing.importer import import_file
from dashboard.settings import Settings
from dashboard.store import db
from dashboard.store.db import make_engine, migrate, refresh_statistics
from dashboard.store.units import seed_units
from tests.dashboard.cli.test_bad_inputs import clean_dossiers, list_xlsx, report_xlsx, row_counts, run_import
from tests.pages.apptest_data import run_page, sample_files

ROOT = Path(__file__).resolve().parents[3]
# Root ignores file permissions, so the database is made read-only the way SQLite enforces for everyone.
MODES = ["uri", "setting"]


def _forget() -> None:
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()


def _filled(data_dir: Path) -> Path:
    """A writable SQLite file under data_dir with the units and one stored dossier list."""
    path = data_dir / "ioc.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with Session(engine) as s:
        seed_units(session=s)
        s.commit()
    stored = import_file(list_xlsx(clean_dossiers(5)), "ds.xlsx", engine=engine, user="an")
    assert stored.stored, stored.problems.items
    engine.dispose()
    return path


def _read_only_env(mode: str, path: Path) -> dict[str, str]:
    if mode == "uri":
        return {"IOC_DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true"}
    return {"IOC_DATA_DIR": str(path.parent), "IOC_DATABASE_READ_ONLY": "true"}


@pytest.fixture(params=MODES)
def read_only(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The app pointed at a filled database it may only read; yields the file's path."""
    path = _filled(tmp_path)
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    for key, value in _read_only_env(request.param, path).items():
        monkeypatch.setenv(key, value)
    _forget()
    yield path
    _forget()


def _writable(path: Path) -> Engine:
    return make_engine(f"sqlite:///{path}")


def test_the_database_really_refuses_writes(read_only: Path) -> None:
    engine = db.get_engine()
    with pytest.raises(Exception, match="readonly"), engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM batch")


def test_a_dry_run_works_on_a_read_only_database(
    read_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bc.xlsx"
    path.write_bytes(report_xlsx())

    run = run_import(capsys, path, "--dry-run")

    assert run.status == 0, run.out + run.err
    assert run.lines[-1].startswith("OK bc.xlsx: hợp lệ"), run.out


def test_a_real_import_on_a_read_only_database_says_so(
    read_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bc.xlsx"
    path.write_bytes(report_xlsx())
    before = row_counts(_writable(read_only))

    run = run_import(capsys, path, "--accept-warnings")

    assert run.status == 1
    assert any(line.startswith("ERROR bc.xlsx [read_only_database] Cơ sở dữ liệu") for line in run.lines), (
        run.out
    )
    assert run.lines[-1].startswith("FAILED bc.xlsx")
    assert "Traceback" not in run.out + run.err
    assert row_counts(_writable(read_only)) == before


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "command",
    [["kpis"], ["kpis", "--unit", "Phổ An", "--from", "2023-03-01", "--to", "2023-03-31"], ["units"]],
)
def test_commands_that_read_run_on_a_read_only_database(
    mode: str, command: list[str], tmp_path: Path
) -> None:
    """In a fresh process, as a user runs it: no ANALYZE or migration traceback."""
    path = _filled(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")} | _read_only_env(mode, path)

    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if command[0] == "kpis":
        assert json.loads(done.stdout)["scope"]


def test_statistics_and_migrations_skip_a_read_only_database(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")

    migrate(engine)
    refresh_statistics(engine)

    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM dossier").scalar_one() == 5
    engine.dispose()


def test_a_locked_database_neither_fails_statistics_nor_stores_half(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=200)
    before = row_counts(engine)
    holder = sqlite3.connect(path, timeout=0.1)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        refresh_statistics(engine)
        result = import_file(
            report_xlsx(),
            "bc.xlsx",
            engine=engine,
            user="an",
            accept_warnings=True,
            settings=Settings(import_lock_wait_seconds=0.2),
        )
    finally:
        holder.rollback()
        holder.close()

    assert [p.code for p in result.problems.errors] == ["import_busy"]
    assert not result.stored
    assert row_counts(engine) == before
    engine.dispose()


@pytest.mark.parametrize("page", ["pages/dossiers.py", "pages/overview.py"])
def test_viewing_pages_work_on_a_read_only_database(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    path = _filled(tmp_path)
    engine = _writable(path)
    for name, content in sample_files("tthc_pho_an*.xlsx"):
        assert import_file(content, name, engine=engine, user="mẫu", accept_warnings=True).stored
    engine.dispose()
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    monkeypatch.delenv("IOC_ANONYMOUS_VIEWERS", raising=False)
    for key, value in _read_only_env("setting", path).items():
        monkeypatch.setenv(key, value)
    _forget()
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = run_page(str(ROOT / page))
        assert at.metric, "the page shows no figure"
    finally:
        _forget()
