"""AppTest: the wall page draws a keyed container per panel, one panel alone, and says what is wrong with bad input."""

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from dashboard import settings
from dashboard.importing.importer import import_file
from tests.pages.apptest_data import forget_database, fresh_db, use_data_dir

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "wall.py")
SAMPLES = ROOT / "sample_data"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh SQLite file with the units seeded, the shipped wall config, and empty caches."""
    monkeypatch.delenv("IOC_WALL_CONFIG", raising=False)
    use_data_dir(monkeypatch, tmp_path)
    yield fresh_db()
    forget_database()
    st.cache_data.clear()


def _import(engine, *names):
    for name in names:
        result = import_file(
            (SAMPLES / name).read_bytes(), name, engine=engine, user="test", accept_warnings=True
        )
        assert result.stored


def _html(at):
    return "\n".join(h.value for h in at.get("html"))


def test_nine_panels_each_in_its_keyed_container(app_db):
    _import(app_db, "tthc_thi_xa_2023_12.xlsx", "thu_ngan_sach_thi_xa_2023_05.xlsx")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    grid = at.get_by_key("wall-grid")
    for n in range(1, 10):
        assert grid.get_by_key(f"wall-panel-{n}") is not None
    page = _html(at)
    assert "HỒ SƠ THỦ TỤC HÀNH CHÍNH" in page and "Tháng 12/2023" in page
    assert "Chưa có dữ liệu giải ngân đầu tư công" in page  # tile 8 without its dataset
    assert "grid-template-columns: repeat(3, calc(100vw / 3))" in page
    assert len(at.get("plotly_chart")) >= 4


def test_one_panel_alone(app_db):
    _import(app_db, "tthc_thi_xa_2023_12.xlsx")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["panel"] = "5"
    at.run()
    assert not at.exception
    assert at.get_by_key("wall-panel-5") is not None
    with pytest.raises(KeyError):
        at.get_by_key("wall-panel-4")
    assert "repeat(1, calc(100vw / 1))" in _html(at)


def test_a_panel_that_does_not_exist(app_db):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["panel"] = "10"
    at.run()
    assert [e.value for e in at.error] == ["Không có màn hình số “10”: dùng /wall?panel=1 … /wall?panel=9."]


def test_a_broken_config_file_lists_its_problems(app_db, tmp_path, monkeypatch):
    path = tmp_path / "wall.toml"
    path.write_text('[wall]\nrows = 7\n[panel.1]\ntile = "weather"\n', encoding="utf-8")
    monkeypatch.setenv("IOC_WALL_CONFIG", str(path))
    settings.get_settings.cache_clear()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    message = at.error[0].value
    assert "rows = 7" in message and "'weather'" in message


def test_a_new_upload_shows_at_the_next_refresh(app_db):
    _import(app_db, "tthc_thi_xa_2023_11.xlsx")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "Tháng 11/2023" in _html(at)
    _import(app_db, "tthc_thi_xa_2023_12.xlsx")
    at.run()
    assert "Tháng 12/2023" in _html(at)


def _database_down(monkeypatch):
    def down(*, session):
        raise OperationalError(
            "SELECT version FROM dataversion", {}, Exception("server closed the connection")
        )

    monkeypatch.setattr("dashboard.store.db.data_version", down)


def test_a_database_that_stops_answering_leaves_the_last_figures_up(app_db, monkeypatch):
    _import(app_db, "tthc_thi_xa_2023_12.xlsx")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "Mất kết nối cơ sở dữ liệu" not in _html(at)
    _database_down(monkeypatch)
    at.run()
    assert not at.exception
    page = _html(at)
    assert "Tháng 12/2023" in page and "Mất kết nối cơ sở dữ liệu" in page


def test_a_wall_started_without_its_database_says_it_is_waiting(app_db, monkeypatch):
    _database_down(monkeypatch)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert _html(at).count("Đang chờ kết nối cơ sở dữ liệu") == 8  # every tile but the status board
