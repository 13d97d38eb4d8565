"""AppTest: the revenue page on the sample reports — seed 001's figures, land-use fees out, period and unit
changes, communes side by side, Excel exports that reopen with the same numbers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.kpis.budget import REVENUE_KPIS
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
PAGE = str(ROOT / "pages" / "revenue.py")
PATTERNS = ("thu_ngan_sach_*.xlsx", "chi_ngan_sach_*.xlsx", "giai_ngan_dtc_*.xlsx", "chi_tieu_*.xlsx")


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from loaded_once(tmp_path_factory, "revenue", lambda: fresh_db(sample_files(*PATTERNS)))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, sample_dir)


def run(**params: str) -> AppTest:
    return run_page(PAGE, **params)


def test_an_empty_database_reads_no_data_never_zero(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    fresh_db()
    at = run(ky="n2023-5")
    values = metrics(at)
    assert values["Lũy kế thu (tỷ đồng)"] == "chưa có dữ liệu"
    assert values["Thu ngân sách so dự toán"] == "chưa có dữ liệu"
    assert "Chưa có dữ liệu thu ngân sách của Toàn thị xã" in at.info[0].value
    assert "Nguồn: chưa có dữ liệu" in captions(at)
    assert len(at.get("plotly_chart")) == 0


def test_january_to_may_2023_reads_seed_001(samples):
    at = run(ky="n2023-5")
    values = metrics(at)
    assert values["Lũy kế thu (tỷ đồng)"] == "70,264"
    assert values["Thu ngân sách so dự toán"] == "27,73%"
    assert values["Thu ngân sách so cùng kỳ"] == "90,87%"
    assert values["Tiến độ thời gian"] == "41,67%"
    assert values["Thu tháng 5 (tỷ đồng)"] == "3,271"
    assert values["So với tiến độ thời gian"] == "−13,94 điểm"
    texts = captions(at)
    assert "Toàn thị xã · 5 tháng đầu năm 2023 · số liệu đến hết tháng 5/2023" in texts
    assert "🔴 Chậm" in texts and "Chỉ tiêu năm: 100% dự toán" in texts
    assert any(t.startswith("Nguồn: thu_ngan_sach_thi_xa_2023_05.xlsx (lô #") for t in texts)
    helps = {m.label: m.help for m in at.metric}
    assert helps["Thu ngân sách so dự toán"] == REVENUE_KPIS["pct_of_estimate"].formula
    assert helps["Tiến độ thời gian"] == REVENUE_KPIS["time_progress_pct"].formula
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(titles) == 4
    assert titles[:3] == [
        "Thu đạt 27,73% dự toán, chậm 13,94 điểm so với tiến độ thời gian 41,67%",
        "Thu 5 tháng năm 2023 bằng 90,87% cùng kỳ năm 2022",
        "7/13 khoản thu dưới tiến độ thời gian 41,67%",
    ]


def test_items_are_ranked_behind_first_and_communes_sit_side_by_side(samples):
    at = run(ky="n2023-5")
    items = at.dataframe[0].value
    assert list(items.columns)[:5] == [
        "Khoản thu",
        "Nhóm",
        "Dự toán năm (triệu đồng)",
        "Lũy kế từ đầu năm (triệu đồng)",
        "So dự toán",
    ]
    assert len(items) == 13 and items["So dự toán"].is_monotonic_increasing
    land = items[items["Khoản thu"] == "Thu tiền sử dụng đất"].iloc[0]
    assert (land["Dự toán năm (triệu đồng)"], land["Lũy kế từ đầu năm (triệu đồng)"]) == (185000.0, 40829.0)
    communes = at.dataframe[1].value
    assert communes["Xã, phường"].iloc[0] == "Phổ An"
    assert communes["So dự toán"].iloc[0] == pytest.approx(52.01)
    assert list(communes["Số liệu đến tháng"]) == [
        "5/2023",
        "chưa có dữ liệu",
        "chưa có dữ liệu",
        "chưa có dữ liệu",
    ]


def test_without_land_use_fees_from_a_bookmark_and_from_the_toggle(samples):
    bookmarked = run(ky="n2023-5", tru_sdd="true")
    toggled = run(ky="n2023-5")
    toggled.toggle(key="tru_sdd").set_value(True).run()
    for at in (bookmarked, toggled):
        values = metrics(at)
        assert values["Lũy kế trừ SDĐ (tỷ đồng)"] == "29,435"
        assert values["So dự toán, trừ SDĐ"] == "43,04%"
        assert values["So cùng kỳ, trừ SDĐ"] == "112,86%"
        assert values["Tháng 5 trừ SDĐ (tỷ đồng)"] == "3,271"
        assert "Các số dưới đây không kể tiền sử dụng đất (SDĐ)." in captions(at)
        helps = {m.label: m.help for m in at.metric}
        assert helps["So dự toán, trừ SDĐ"] == REVENUE_KPIS["pct_of_estimate_excl_land"].formula
        assert "Thu tiền sử dụng đất" not in set(at.dataframe[0].value["Khoản thu"])
        assert len(at.dataframe[0].value) == 12


def test_changing_the_period_in_the_sidebar(samples):
    at = run(ky="n2023-5")
    at.sidebar.selectbox(key="scope_kind").set_value("month").run()
    at.sidebar.selectbox(key="scope_month").set_value(4).run()
    assert not at.exception
    assert at.query_params["ky"] == "m2023-04"
    values = metrics(at)
    assert (
        values["Lũy kế thu (tỷ đồng)"],
        values["Thu ngân sách so dự toán"],
        values["Tiến độ thời gian"],
    ) == (
        "66,993",
        "26,44%",
        "33,33%",
    )


def test_a_commune_in_the_url_shows_its_own_budget_in_ty_dong_like_the_town(samples):
    at = run(ky="n2023-7", dv="xa-pho-an")
    values = metrics(at)
    assert values["Lũy kế thu (tỷ đồng)"] == "5,373"
    assert values["Dự toán năm (tỷ đồng)"] == "7,722"
    assert values["Thu ngân sách so dự toán"] == "69,58%"
    assert "Phổ An · 7 tháng đầu năm 2023 · số liệu đến hết tháng 7/2023" in captions(at)
    communes = at.dataframe[1].value
    assert set(communes["Số liệu đến tháng"]) == {"7/2023", "6/2023"}


def test_an_office_has_no_budget_report(samples):
    at = run(ky="n2023-5", dv="phong-tu-phap")
    assert metrics(at)["Lũy kế thu (tỷ đồng)"] == "chưa có dữ liệu"
    assert "Chưa có dữ liệu thu ngân sách của Phòng Tư pháp" in at.info[0].value


def test_the_excel_exports_reopen_with_the_same_numbers(samples, monkeypatch):
    exported: dict[str, bytes] = {}

    def capture(**kwargs: Any) -> bytes:
        content = table_to_xlsx(**kwargs)
        exported[str(kwargs["title"])] = content
        return content

    monkeypatch.setattr("ui.components.table_to_xlsx", capture)
    run(ky="n2023-5")
    sheet = openpyxl.load_workbook(io.BytesIO(exported["Thu ngân sách theo khoản thu — Toàn thị xã"])).active
    assert sheet["A2"].value == "Kỳ: 5 tháng đầu năm 2023"
    assert str(sheet["A3"].value).startswith("Nguồn: thu_ngan_sach_thi_xa_2023_05.xlsx")
    assert [sheet.cell(5, c).value for c in range(1, 7)] == [
        "Khoản thu",
        "Nhóm",
        "Dự toán năm (triệu đồng)",
        "Lũy kế từ đầu năm (triệu đồng)",
        "So dự toán (%)",
        "So tiến độ thời gian (điểm)",
    ]
    rows = {
        sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in (3, 4, 5)]
        for r in range(6, sheet.max_row + 1)
    }
    assert rows["Thu tiền sử dụng đất"] == [185000, 40829, 22.07]
    communes = openpyxl.load_workbook(io.BytesIO(exported["Thu ngân sách các xã, phường"])).active
    assert [communes.cell(6, c).value for c in (1, 3, 4, 5)] == ["Phổ An", 7722.4, 4016.5, 52.01]
    assert communes.cell(7, 3).value is None  # no report in the period: empty, never 0
