"""AppTest: the expenditure page on the sample reports — seed 001's +18,02% on last year, period and unit
changes, items behind time progress, Excel export."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.kpis.budget import EXPENDITURE_KPIS
from dashboard.views.exports import table_to_xlsx
from tests.pages.apptest_data import (
    captions,
    fresh_db,
    loaded_once,
    metrics,
    pointed_at,
    run_page,
    sample_files,
    use_data_dir,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "expenditure.py")
PATTERNS = ("chi_ngan_sach_*.xlsx", "chi_tieu_*.xlsx")


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from loaded_once(tmp_path_factory, "expenditure", lambda: fresh_db(sample_files(*PATTERNS)))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, sample_dir)


def run(**params: str) -> AppTest:
    return run_page(PAGE, **params)


def test_an_empty_database_reads_no_data_never_zero(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    fresh_db()
    at = run(ky="y2023")
    values = metrics(at)
    assert values["Lũy kế chi (tỷ đồng)"] == "chưa có dữ liệu"
    assert values["Chi ngân sách so cùng kỳ"] == "chưa có dữ liệu"
    assert "Chưa có dữ liệu chi ngân sách của Toàn thị xã" in at.info[0].value
    assert "Nguồn: chưa có dữ liệu" in captions(at)


def test_january_to_may_2023_spending_is_up_18_02_percent(samples):
    at = run(ky="n2023-5")
    values = metrics(at)
    assert values["Lũy kế chi (tỷ đồng)"] == "227,025"
    assert values["Chi ngân sách so dự toán"] == "34,09%"
    assert values["Chi ngân sách so cùng kỳ"] == "118,02%"
    assert values["Tiến độ thời gian"] == "41,67%"
    assert values["So với tiến độ thời gian"] == "−7,58 điểm"
    assert len(at.toggle) == 0  # no land-use fees on the spending side
    helps = {m.label: m.help for m in at.metric}
    assert helps["Chi ngân sách so cùng kỳ"] == EXPENDITURE_KPIS["pct_vs_last_year"].formula
    texts = captions(at)
    assert "Toàn thị xã · 5 tháng đầu năm 2023 · số liệu đến hết tháng 5/2023" in texts
    assert any(t.startswith("Nguồn: chi_ngan_sach_thi_xa_2023_05.xlsx (lô #") for t in texts)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert titles == [
        "Chi đạt 34,09% dự toán, chậm 7,58 điểm so với tiến độ thời gian 41,67%",
        "Chi 5 tháng năm 2023 bằng 118,02% cùng kỳ năm 2022",
        "11/12 khoản chi dưới tiến độ thời gian 41,67%",
    ]
    items = at.dataframe[0].value
    assert items["Khoản chi"].iloc[0] == "Dự phòng ngân sách" and items["So dự toán"].iloc[0] == 0.0
    assert "Chưa có xã, phường nào gửi báo cáo chi ngân sách năm 2023" in at.info[0].value


def test_changing_the_period_in_the_url_and_the_sidebar(samples):
    at = run(ky="y2022")
    assert metrics(at)["Tiến độ thời gian"] == "100,00%"
    assert "Toàn thị xã · Năm 2022 · số liệu đến hết tháng 12/2022" in captions(at)
    at.sidebar.selectbox(key="scope_kind").set_value("quarter").run()
    at.sidebar.selectbox(key="scope_year").set_value(2023).run()
    at.sidebar.selectbox(key="scope_quarter").set_value(1).run()
    assert not at.exception and at.query_params["ky"] == "q2023-1"
    assert metrics(at)["Tiến độ thời gian"] == "25,00%"
    assert "Toàn thị xã · Quý I/2023 · số liệu đến hết tháng 3/2023" in captions(at)


def test_a_commune_without_an_expenditure_report(samples):
    at = run(ky="n2023-5", dv="xa-pho-an")
    assert metrics(at)["Lũy kế chi (tỷ đồng)"] == "chưa có dữ liệu"
    assert "Chưa có dữ liệu chi ngân sách của Phổ An" in at.info[0].value


def test_the_items_export_reopens_with_the_same_numbers(samples, monkeypatch):
    exported: dict[str, bytes] = {}

    def capture(**kwargs: Any) -> bytes:
        content = table_to_xlsx(**kwargs)
        exported[str(kwargs["title"])] = content
        return content

    monkeypatch.setattr("ui.components.table_to_xlsx", capture)
    run(ky="n2023-5")
    sheet = openpyxl.load_workbook(io.BytesIO(exported["Chi ngân sách theo khoản chi — Toàn thị xã"])).active
    assert sheet["A1"].value == "Chi ngân sách theo khoản chi — Toàn thị xã"
    rows = {
        sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in (3, 4, 5)]
        for r in range(6, sheet.max_row + 1)
    }
    assert rows["Chi đầu tư phát triển"] == [210000, 56988, 27.14]
    assert len(rows) == 12
