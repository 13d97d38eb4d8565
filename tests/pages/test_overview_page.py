"""AppTest: the overview page renders the stored figures in Vietnamese formats."""

from pathlib import Path

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard import db, settings
from dashboard.importer import import_file
from dashboard.units import seed_units

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """Point the app's settings at a fresh SQLite file with the units seeded."""
    monkeypatch.setenv("IOC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IOC_DATABASE_URL", raising=False)
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()
    engine = db.get_engine()
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    yield engine
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()


def test_overview_without_data_shows_dashes_not_zero(app_db):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Tổng số hồ sơ nhận"] == "—"
    assert values["Tỷ lệ nộp trực tuyến"] == "—"


def test_overview_shows_a_stored_report(app_db, phoan_report_bytes):
    result = import_file(phoan_report_bytes, "phoan.xlsx", engine=app_db, user="test")
    assert result.stored, [p.message for p in result.problems.items]
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30).run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Tổng số hồ sơ nhận"] == "2.098"
    assert values["Tỷ lệ nộp trực tuyến"] == "44,23%"
