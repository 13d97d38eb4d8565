"""AppTest: one click to the unit. A chart bar or a table row naming a unit opens that unit's view (dv=) with the
period kept (ky=), on the dossiers, finance, disbursement and tasks pages; the picker offers the whole area once;
the breadcrumb leads back to it.

AppTest cannot click inside a Plotly chart or a grid, so a click is given as the selection state Streamlit would
receive; each test first reads the drawn chart or table to find what the user would click, so the unit code on
the bar (customdata) and the row order are checked too, not assumed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.store import db
from tests.dashboard.views.test_overview import load_samples
from tests.pages.apptest_data import loaded_once, pointed_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every sample workbook, imported once for the module."""
    yield from loaded_once(tmp_path_factory, "drill", lambda: load_samples(db.get_engine()))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, sample_dir)


def run(page: str, selection: dict[str, Any] | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in (selection or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def params(at: AppTest) -> dict[str, str]:
    """The URL's query parameters after the run (AppTest keeps each as a list)."""
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def bar_code(at: AppTest, key: str, label: str) -> str:
    """The unit code the chart `key` carries on the bar labelled `label` (what a click on it sends)."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    bar = json.loads(chart.proto.spec)["data"][0]
    labels = bar["y"] if bar.get("orientation") == "h" else bar["x"]
    return str(bar["customdata"][labels.index(label)])


def clicked_bar(code: str) -> dict[str, Any]:
    return {"selection": {"points": [{"customdata": code}], "point_indices": [0], "box": [], "lasso": []}}


def picked_row(index: int) -> dict[str, Any]:
    return {"selection": {"rows": [index], "columns": [], "cells": []}}


def row_of(at: AppTest, column: str, name: str) -> int:
    """The position of the row naming `name` in the first table that has `column`."""
    for table in at.dataframe:
        frame = table.value
        if column in frame.columns:
            return list(frame[column]).index(name)
    raise AssertionError(f"no table with a column {column}")


def captions(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption]


def test_a_bar_of_the_dossier_chart_opens_that_units_dossiers_with_the_period(samples):
    at = run("dossiers.py", ky="m2023-05")
    code = bar_code(at, "online_unit-all", "Phổ Khánh")  # the lowest online rate, at the top
    assert code == "xa-pho-khanh"
    at = run("dossiers.py", {"online_unit-all": clicked_bar(code)}, ky="m2023-05")
    assert params(at) == {"ky": "m2023-05", "dv": "xa-pho-khanh"}
    assert any(c.startswith("Phổ Khánh · Tháng 5/2023") for c in captions(at))


def test_a_row_of_the_dossier_table_opens_that_unit(samples):
    at = run("dossiers.py", ky="m2023-05")
    index = row_of(at, "Đơn vị", "Phổ Châu")
    at = run("dossiers.py", {"table_unit-all": picked_row(index)}, ky="m2023-05")
    assert params(at) == {"ky": "m2023-05", "dv": "xa-pho-chau"}


def test_a_commune_bar_and_row_of_the_revenue_page_open_that_commune(samples):
    at = run("revenue.py", ky="n2023-5")
    code = bar_code(at, "thu-ngan-sach_communes-all", "Phổ An")
    assert code == "xa-pho-an"
    bar = run("revenue.py", {"thu-ngan-sach_communes-all": clicked_bar(code)}, ky="n2023-5")
    assert params(bar) == {"ky": "n2023-5", "dv": "xa-pho-an"}
    index = row_of(at, "Xã, phường", "Phổ An")
    row = run("revenue.py", {"thu-ngan-sach_communes_table-all": picked_row(index)}, ky="n2023-5")
    assert params(row) == {"ky": "n2023-5", "dv": "xa-pho-an"}


def test_an_investor_bar_and_a_commune_row_of_the_disbursement_page_open_that_unit(samples):
    at = run("investment.py", ky="m2023-05")
    code = bar_code(at, "giai-ngan_chu-dau-tu-all", "UBND xã Phổ Khánh")
    assert code == "xa-pho-khanh"
    bar = run("investment.py", {"giai-ngan_chu-dau-tu-all": clicked_bar(code)}, ky="m2023-05")
    assert params(bar) == {"ky": "m2023-05", "dv": "xa-pho-khanh"}
    index = row_of(at, "Xã, phường", "Phổ Khánh")
    row = run("investment.py", {"giai-ngan_xa-phuong_table-all": picked_row(index)}, ky="m2023-05")
    assert params(row) == {"ky": "m2023-05", "dv": "xa-pho-khanh"}


def test_an_outside_agency_opens_nothing(samples):
    at = run("tasks.py", ky="y2022")
    assert bar_code(at, "tasks_by_lead-all", "Sở Nội vụ") == ""  # a provincial body: no view of ours
    at = run("tasks.py", {"tasks_by_lead-all": clicked_bar("")}, ky="y2022")
    assert params(at) == {"ky": "y2022"}


def test_a_lead_agency_bar_and_row_of_the_tasks_page_open_that_unit(samples):
    at = run("tasks.py", ky="y2022")
    code = bar_code(at, "tasks_by_lead-all", "Phòng Tư pháp")
    assert code == "phong-tu-phap"
    bar = run("tasks.py", {"tasks_by_lead-all": clicked_bar(code)}, ky="y2022")
    assert params(bar) == {"ky": "y2022", "dv": "phong-tu-phap"}
    index = row_of(at, "Cơ quan chủ trì", "Phòng Tư pháp")
    row = run("tasks.py", {"tasks_lead_table-all": picked_row(index)}, ky="y2022")
    assert params(row) == {"ky": "y2022", "dv": "phong-tu-phap"}


def test_the_picker_offers_the_whole_area_once_and_the_breadcrumb_leads_back(samples):
    at = run("dossiers.py", ky="m2023-05", dv="xa-pho-an")
    options = at.sidebar.selectbox(key="scope_unit").options
    assert options[0] == "Toàn thị xã" and "Thị xã Đức Phổ" not in options
    assert len(options) == len(set(options))  # one entry per unit, each told apart
    assert {"phường Nguyễn Nghiêm", "xã Nguyễn Nghiêm"} <= set(options)
    assert any(m.value.replace("\\", "") == "› **xã Phổ An**" for m in at.markdown)
    at = at.button(key="scope_breadcrumb_root").click().run()
    assert not at.exception
    assert params(at) == {"ky": "m2023-05"}
    assert at.sidebar.selectbox(key="scope_unit").index == 0  # "Toàn thị xã"
    assert any(c.startswith("Toàn thị xã · Tháng 5/2023") for c in captions(at))


def test_the_root_units_code_in_the_url_is_the_whole_area(samples):
    at = run("dossiers.py", ky="m2023-05", dv="thi-xa-duc-pho")
    assert "dv" not in params(at)
    assert any(c.startswith("Toàn thị xã · Tháng 5/2023") for c in captions(at))
