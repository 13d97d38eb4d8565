"""AppTest: the tasks page on the sample lists — completion, by lead agency, overdue and due-soon lists, exports."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views.exports import table_to_xlsx
from dashboard.workbooks.tasks import TaskLine, write_tasks
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
PAGE = str(ROOT / "pages" / "tasks.py")
SAMPLES = ("nhiem_vu_cchc_2022.xlsx", "nhiem_vu_ket_luan_2023_06.xlsx", "chi_tieu_2022_2023.xlsx")
HOSTILE = '=HYPERLINK("http://evil.example","Bấm vào đây")'


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder with the sample task lists and targets, imported once for the module."""
    yield from loaded_once(tmp_path_factory, "tasks", lambda: fresh_db(sample_files(*SAMPLES)))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The sample database as the one the app reads."""
    yield from pointed_at(monkeypatch, sample_dir)


def run(**params: str) -> AppTest:
    return run_page(PAGE, **params)


def test_without_task_lists_every_card_reads_no_data(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    fresh_db()
    at = run(ky="y2022")
    values = metrics(at)
    assert values["Tổng số nhiệm vụ"] == "chưa có dữ liệu"
    assert values["Tỷ lệ hoàn thành nhiệm vụ"] == "chưa có dữ liệu"
    assert "Chưa có dữ liệu nhiệm vụ" in at.info[0].value
    assert "Nguồn: chưa có dữ liệu" in captions(at)
    assert len(at.dataframe) == 0


def test_the_2022_plan_reads_53_33_percent_against_its_target(samples):
    at = run(ky="y2022")
    values = metrics(at)
    assert (values["Tổng số nhiệm vụ"], values["Đã hoàn thành"]) == ("45", "24")
    assert values["Tỷ lệ hoàn thành nhiệm vụ"] == "53,33%"
    assert (values["Hoàn thành đúng hạn"], values["Hoàn thành trễ hạn"]) == ("18", "4")
    assert (values["Đang thực hiện"], values["Không có thời hạn cụ thể"]) == ("13", "21")
    assert values["Quá hạn"] == "8"  # as of 31/12/2022: the fourth-quarter deadline day is still in time
    texts = captions(at)
    assert "🔴 Chậm" in texts and "Chỉ tiêu: 100%" in texts
    assert "Toàn thị xã · Năm 2022, tính đến 31/12/2022" in texts
    assert any(t.startswith("Nguồn: nhiem_vu_cchc_2022.xlsx") for t in texts)
    help_texts = {m.label: m.help for m in at.metric}
    # The status is judged on the 32 tasks due (24 done + 8 overdue), the reason in the tooltip.
    assert help_texts["Tỷ lệ hoàn thành nhiệm vụ"] == (
        "Số nhiệm vụ đã hoàn thành ÷ tổng số nhiệm vụ. Đánh giá: Đã hoàn thành 24/32 nhiệm vụ đã đến hạn "
        "(75,00%; 4 trễ hạn, 8 quá hạn), chỉ tiêu 100%; 13 nhiệm vụ chưa đến hạn không tính"
    )


def test_completion_by_lead_agency_table(samples):
    leads = run(ky="y2022").dataframe[0].value
    assert list(leads.columns) == [
        "Cơ quan chủ trì",
        "Tổng số nhiệm vụ",
        "Đã đến hạn",
        "Đã hoàn thành",
        "Quá hạn",
        "Tỷ lệ hoàn thành",
        "Đánh giá",
    ]
    assert leads["Tổng số nhiệm vụ"].sum() == 45
    tu_phap = leads[leads["Cơ quan chủ trì"] == "Phòng Tư pháp"].iloc[0]
    assert (tu_phap["Tổng số nhiệm vụ"], tu_phap["Đã hoàn thành"], tu_phap["Quá hạn"]) == (7, 3, 2)
    assert tu_phap["Tỷ lệ hoàn thành"] == pytest.approx(42.86)
    assert tu_phap["Đã đến hạn"] == 5
    assert tu_phap["Đánh giá"] == "🔴 Chậm"  # 3 of the 5 due done: 60% against 100%


def test_an_as_of_date_in_the_url_counts_overdue_on_that_day(samples):
    at = run(ky="y2022", ngay="2022-06-16")
    assert metrics(at)["Quá hạn"] == "2"
    overdue = at.dataframe[1].value
    assert sorted(overdue["Cơ quan chủ trì"]) == ["Cơ quan Tổ chức – Nội vụ", "Văn phòng HĐND và UBND thị xã"]
    assert list(overdue["Quá hạn (ngày)"]) == [77, 77]
    assert list(overdue["Thời hạn (như văn bản giao)"].str.startswith("Quý I năm 2022")) == [True, True]
    assert {d.strftime("%d/%m/%Y") for d in overdue["Hạn"]} == {"31/03/2022"}
    assert "Kế hoạch của UBND thị xã" in set(overdue["Sản phẩm"])
    assert any("2 nhiệm vụ" in m.value for m in at.markdown if m.value.startswith("**Quá hạn"))
    assert at.query_params["ngay"] == "2022-06-16"


def test_a_unit_in_the_url_narrows_to_its_tasks(samples):
    at = run(ky="y2022", dv="phong-tu-phap")
    values = metrics(at)
    assert (values["Tổng số nhiệm vụ"], values["Đã hoàn thành"], values["Tỷ lệ hoàn thành nhiệm vụ"]) == (
        "7",
        "3",
        "42,86%",
    )
    assert list(at.dataframe[0].value["Cơ quan chủ trì"]) == ["Phòng Tư pháp"]
    assert "Phòng Tư pháp · Năm 2022, tính đến 31/12/2022" in captions(at)


def test_changing_the_period_in_the_sidebar_shows_the_2023_conclusion(samples):
    at = run(ky="y2022")
    at.sidebar.selectbox(key="scope_kind").set_value("month").run()
    at.sidebar.selectbox(key="scope_year").set_value(2023).run()
    at.sidebar.selectbox(key="scope_month").set_value(7).run()
    assert not at.exception
    assert at.query_params["ky"] == "m2023-07"
    values = metrics(at)
    assert (values["Tổng số nhiệm vụ"], values["Đã hoàn thành"], values["Tỷ lệ hoàn thành nhiệm vụ"]) == (
        "13",
        "4",
        "30,77%",
    )


def test_filters_narrow_the_lists(samples):
    at = run(ky="y2022")
    assert len(at.dataframe[1].value) == 8
    at.text_input(key="tasks_filter_text").set_value("kiem tra").run()  # without diacritics
    titles = list(at.dataframe[1].value["Nhiệm vụ"])
    assert len(titles) == 4 and all("Kiểm tra" in t for t in titles)
    at.multiselect(key="tasks_filter_lead").set_value(["Phòng Tư pháp"]).run()
    assert list(at.dataframe[1].value["Cơ quan chủ trì"]) == ["Phòng Tư pháp", "Phòng Tư pháp"]
    assert any(m.value == "**Quá hạn: 2 nhiệm vụ**" for m in at.markdown)


def test_a_formula_looking_title_is_exported_as_text(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    out = io.BytesIO()
    write_tasks(
        out,
        title_lines=["KẾ HOẠCH KIỂM TRA NĂM 2022"],
        lines=[
            TaskLine("I", "KIỂM TRA", heading=True),
            TaskLine("1", HOSTILE, "Phòng Tư pháp", "", "@SUM(A1)", "trước ngày 30/6/2022", "Chưa thực hiện"),
        ],
    )
    fresh_db([("hostile.xlsx", out.getvalue())])
    exported: dict[str, bytes] = {}

    def capture(**kwargs: Any) -> bytes:
        content = table_to_xlsx(**kwargs)
        exported[str(kwargs["title"])] = content
        return content

    monkeypatch.setattr("ui.components.table_to_xlsx", capture)  # what the download button gets
    at = run(ky="y2022")
    assert list(at.dataframe[1].value["Nhiệm vụ"]) == [HOSTILE]  # shown as typed, in a grid cell
    content = exported["Nhiệm vụ quá hạn — Toàn thị xã"]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "'" + HOSTILE in cells and cells["'" + HOSTILE].data_type == "s"
    assert "'@SUM(A1)" in cells
    assert not any(c.data_type == "f" for c in cells.values())
    assert sheet["A2"].value == "Kỳ: Năm 2022, tính đến 31/12/2022"
    assert [sheet.cell(5, i).value for i in (1, 3, 4, 7)] == [
        "Nhiệm vụ",
        "Quá hạn (ngày)",
        "Hạn",
        "Thời hạn (như văn bản giao)",
    ]
    assert sheet.cell(6, 4).value.date().isoformat() == "2022-06-30" and sheet.cell(6, 3).value == 184


def test_an_agency_whose_only_task_is_not_yet_due_is_not_behind(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    out = io.BytesIO()
    write_tasks(
        out,
        title_lines=["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"],
        lines=[
            TaskLine("I", "CẢI CÁCH THỂ CHẾ", heading=True),
            TaskLine(
                "1", "Rà soát văn bản", "Phòng Tư pháp", "", "Báo cáo", "trước ngày 31/3/2022", "Hoàn thành"
            ),
            TaskLine(
                "2",
                "Tuyên truyền pháp luật",
                "Phòng Tư pháp",
                "",
                "",
                "trước ngày 30/4/2022",
                "Đang thực hiện",
            ),
            TaskLine(
                "3",
                "Đề án phát triển kinh tế",
                "Phòng Kinh tế",
                "",
                "Đề án",
                "trước ngày 31/12/2022",
                "Đang thực hiện",
            ),
        ],
    )
    fresh_db([("cchc_2022.xlsx", out.getvalue()), *sample_files("chi_tieu_2022_2023.xlsx")])
    at = run(ky="y2022", ngay="2022-06-30")
    leads = at.dataframe[0].value.set_index("Cơ quan chủ trì")
    assert leads.loc["Phòng Kinh tế", "Đánh giá"] == "— chưa đến hạn"
    assert leads.loc["Phòng Kinh tế", "Đã đến hạn"] == 0
    assert leads.loc["Phòng Tư pháp", "Đánh giá"] == "🔴 Chậm"  # 1 of its 2 due tasks done
    # The headline: 1 of 3 done (33,33%), judged on the 2 due — behind 100% — with the Phòng Kinh tế task left out.
    assert metrics(at)["Tỷ lệ hoàn thành nhiệm vụ"] == "33,33%"
    help_text = {m.label: m.help for m in at.metric}["Tỷ lệ hoàn thành nhiệm vụ"]
    assert "1/2 nhiệm vụ đã đến hạn" in help_text and "1 nhiệm vụ chưa đến hạn không tính" in help_text
    # Phòng Kinh tế alone: nothing due, so no "Chậm" anywhere on its page.
    economy = run(ky="y2022", ngay="2022-06-30", dv="phong-kinh-te")
    texts = captions(economy)
    assert "— chưa đến hạn" in texts
    assert not any("Chậm" in t for t in texts)
    assert list(economy.dataframe[0].value["Đánh giá"]) == ["— chưa đến hạn"]


def test_the_sources_fold_into_one_line_naming_the_sample_data(samples):
    at = run(ky="y2022")
    folded = [e for e in at.expander if e.label == "Nguồn số liệu"]
    assert len(folded) == 1
    inside = [c.value.replace("\\", "") for c in folded[0].caption]
    assert len(inside) == 1 and inside[0].startswith("Nguồn: nhiem_vu_cchc_2022.xlsx")
    assert "dữ liệu mẫu)" in inside[0] and "bởi" not in inside[0]  # stored by the seed, not by a person
