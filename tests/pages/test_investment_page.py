"""AppTest: the disbursement page on the sample snapshots — seed 001's 24,70% against the 60% milestone, the
lagging investors named first, period and unit changes, Excel exports that reopen with the same numbers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.kpis.investment import INVESTMENT_KPIS
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
PAGE = str(ROOT / "pages" / "investment.py")
PATTERNS = ("giai_ngan_dtc_*.xlsx", "chi_tieu_*.xlsx")


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from loaded_once(tmp_path_factory, "investment", lambda: fresh_db(sample_files(*PATTERNS)))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, sample_dir)


def run(**params: str) -> AppTest:
    return run_page(PAGE, **params)


def titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_an_empty_database_reads_no_data_never_zero(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    fresh_db()
    at = run(ky="m2023-05")
    values = metrics(at)
    assert values["Tỷ lệ giải ngân"] == "chưa có dữ liệu"
    assert values["Kế hoạch vốn (tỷ đồng)"] == "chưa có dữ liệu"
    assert values["Mốc giải ngân kế tiếp"] == "chưa có dữ liệu"
    assert at.info[0].value == "Chưa có báo cáo giải ngân trong kỳ Tháng 5/2023: chưa có dữ liệu."
    assert "Nguồn: chưa có dữ liệu" in captions(at)
    assert titles(at) == ["Giải ngân vốn đầu tư công: chưa có dữ liệu"]
    assert len(at.dataframe) == 0


def test_31_may_2023_reads_seed_001_against_the_june_milestone(samples):
    at = run(ky="m2023-05")
    values = metrics(at)
    assert values["Kế hoạch vốn (tỷ đồng)"] == "270,780"
    assert values["Đã giải ngân (tỷ đồng)"] == "66,882"
    assert values["Vốn chưa giải ngân (tỷ đồng)"] == "203,898"
    assert values["Tỷ lệ giải ngân"] == "24,70%"
    assert values["Mốc giải ngân kế tiếp (60%)"] == "30/06/2023"
    assert values["Chênh lệch so với mốc giải ngân"] == "−35,30 điểm"
    texts = captions(at)
    assert "còn 30 ngày đến mốc 30/06/2023" in texts and "🔴 Chậm" in texts
    assert "Toàn thị xã · Tháng 5/2023 · số liệu ngày 31/05/2023 · mốc tính đến ngày 31/05/2023" in texts
    assert any(t.startswith("Nguồn: giai_ngan_dtc_2023_05_31.xlsx (lô #") for t in texts)
    helps = {m.label: m.help for m in at.metric}
    assert helps["Tỷ lệ giải ngân"] == INVESTMENT_KPIS["disbursement_pct"].formula
    assert helps["Chênh lệch so với mốc giải ngân"] == INVESTMENT_KPIS["milestone_gap"].formula
    assert titles(at) == [
        "Giải ngân 24,70% đến 31/05/2023: thấp hơn mốc 60% ngày 30/06/2023 là 35,30 điểm",
        "4/5 nguồn vốn dưới mốc giải ngân kế tiếp của nguồn",
        "10/10 chủ đầu tư dưới mốc 60% ngày 30/06/2023",
        "13/13 xã, phường dưới mốc 60% ngày 30/06/2023",
    ]


def test_the_investors_furthest_behind_are_named_first(samples):
    at = run(ky="m2023-05")
    warning = at.warning[0].value.replace("\\", "")
    assert warning.startswith(
        "10/10 chủ đầu tư dưới mốc 60% ngày 30/06/2023. Chậm nhất: UBND xã Phổ Khánh (1,63%, −58,37 điểm);"
    )
    sources, investors, projects, communes = (d.value for d in at.dataframe)
    assert list(sources["Nguồn vốn"])[-1] == "Chương trình MTQG giảm nghèo bền vững"
    assert investors["Chủ đầu tư"].iloc[0] == "UBND xã Phổ Khánh"
    assert investors["So với mốc kế tiếp (điểm)"].is_monotonic_increasing
    assert projects["Dự án"].iloc[0] == "Đường bê tông thôn Vĩnh Xuyên"
    assert projects["So với mốc kế tiếp (điểm)"].is_monotonic_increasing
    assert communes["Xã, phường"].iloc[0] == "Phổ Khánh"


def test_a_month_without_a_report_says_so_and_points_to_the_latest(samples):
    at = run(ky="m2023-07")
    assert at.info[0].value == (
        "Chưa có báo cáo giải ngân trong kỳ Tháng 7/2023: chưa có dữ liệu. Báo cáo gần nhất: ngày 30/06/2023."
    )
    values = metrics(at)
    assert values["Tỷ lệ giải ngân"] == "chưa có dữ liệu"
    assert values["Mốc giải ngân kế tiếp (100%)"] == "31/12/2023"
    assert len(at.dataframe) == 0
    assert len(at.get("plotly_chart")) == 1  # the year's curve up to 30/06 is still drawn


def test_changing_the_period_in_the_sidebar(samples):
    at = run(ky="m2023-05")
    at.sidebar.selectbox(key="scope_month").set_value(6).run()
    assert not at.exception and at.query_params["ky"] == "m2023-06"
    values = metrics(at)
    assert values["Mốc giải ngân kế tiếp (60%)"] == "30/06/2023"
    assert "còn 0 ngày đến mốc 30/06/2023" in captions(at)


def test_a_commune_in_the_url_narrows_to_its_projects(samples):
    at = run(ky="y2023", dv="xa-pho-khanh")
    values = metrics(at)
    assert values["Tỷ lệ giải ngân"] == "51,81%"
    assert values["Mốc giải ngân kế tiếp (100%)"] == "31/12/2023"
    assert set(at.dataframe[2].value["Địa điểm"]) == {"Phổ Khánh"}
    assert "Phổ Khánh · Năm 2023 · số liệu ngày 31/12/2023 · mốc tính đến ngày 31/12/2023" in captions(at)


def test_the_excel_exports_reopen_with_the_same_numbers(samples, monkeypatch):
    exported: dict[str, bytes] = {}

    def capture(**kwargs: Any) -> bytes:
        content = table_to_xlsx(**kwargs)
        exported[str(kwargs["title"])] = content
        return content

    monkeypatch.setattr("ui.components.table_to_xlsx", capture)
    run(ky="m2023-05")
    assert len(exported) == 4
    sheet = openpyxl.load_workbook(
        io.BytesIO(exported["Giải ngân vốn đầu tư công theo chủ đầu tư — Toàn thị xã"])
    ).active
    assert sheet["A2"].value == "Kỳ: Tháng 5/2023 (số liệu ngày 31/05/2023)"
    assert [sheet.cell(5, c).value for c in range(1, 7)] == [
        "Chủ đầu tư",
        "Tỷ lệ giải ngân (%)",
        "So với mốc kế tiếp (điểm)",
        "Kế hoạch vốn (triệu đồng)",
        "Đã giải ngân (triệu đồng)",
        "Chưa giải ngân (triệu đồng)",
    ]
    assert [sheet.cell(6, c).value for c in range(1, 7)] == [
        "UBND xã Phổ Khánh",
        1.63,
        -58.37,
        24500,
        400,
        24100,
    ]
    sources = openpyxl.load_workbook(
        io.BytesIO(exported["Giải ngân vốn đầu tư công theo nguồn vốn — Toàn thị xã"])
    ).active
    total = sum(sources.cell(r, 5).value for r in range(6, sources.max_row + 1))
    assert total == pytest.approx(66882.0)
