"""AppTest: the 766 page without any export (a clear message and a link to upload) and with the real export."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard.importing.importer import import_file
from dashboard.store.portal_codes import record_portal_codes
from dashboard.views.exports import table_to_xlsx
from tests.data_files import REAL_766_EXPORT as REAL_EXPORT
from tests.data_loaders.test_service_index import QUANG_NGAI, export, score_row
from tests.pages.apptest_data import (
    forget_database,
    fresh_db,
    loaded_once,
    metrics,
    pointed_at,
    run_page,
    sample_files,
    use_data_dir,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "service_index.py")
NO_DATA = "Chưa có dữ liệu Bộ chỉ số 766 — tải lên tệp xuất từ Cổng dịch vụ công"


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder with the sample task lists and the real October 2025 export, imported once."""
    files = [*sample_files("nhiem_vu_cchc_2022.xlsx"), (REAL_EXPORT.name, REAL_EXPORT.read_bytes())]
    yield from loaded_once(tmp_path_factory, "766", lambda: fresh_db(files))


@pytest.fixture
def real(real_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, real_dir)


def run(**params: str) -> AppTest:
    return run_page(PAGE, **params)


def plain(texts) -> list[str]:
    """Alert and caption texts without the escaping that keeps data from becoming Markdown."""
    return [t.value.replace("\\", "") for t in texts]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_without_an_export_the_page_says_so_and_links_to_the_upload(tmp_path, monkeypatch):
    use_data_dir(monkeypatch, tmp_path)
    fresh_db(sample_files("nhiem_vu_cchc_2022.xlsx"))  # sample data: no 766 export among it
    at = run(ky="m2025-10")
    assert at.warning[0].value.startswith(NO_DATA)
    # AppTest runs the page alone, so the link to /tai-len falls back to its label (the browser test clicks it).
    assert "Tải lên tệp xuất (trang Tải lên báo cáo)" in plain(at.caption)
    assert len(at.metric) == 0 and len(at.dataframe) == 0


TOWN_NOT_SCORED = (
    "Cổng Dịch vụ công không chấm điểm riêng thị xã Đức Phổ trong các tệp đã tải lên (đơn vị chưa có mã trên "
    "Cổng Dịch vụ công trong danh mục đơn vị): chưa có điểm Bộ chỉ số 766 của đơn vị này. Điểm của tỉnh và các "
    "đơn vị khác ở bảng xếp hạng bên dưới."
)


def test_the_whole_town_is_not_given_the_province_score(real):
    """The real export scores Quảng Ngãi but none of the town's units: "Toàn thị xã" shows no score of its own,
    and the province's stands, under its own name, in the ranking."""
    at = run(ky="m2025-10")
    assert plain(at.info) == [TOWN_NOT_SCORED]
    assert len(at.metric) == 0 and not chart_titles(at)
    ours_table, ranking = at.dataframe[0].value, at.dataframe[1].value
    # Units in force in October 2025: the town and the five units of the reorganisation; none has a code.
    assert list(ours_table["Đơn vị"]) == ["Thị xã Đức Phổ", "Đức Phổ", "Sa Huỳnh", "Trà Câu", "Nguyễn Nghiêm",
                                          "Khánh Cường"]  # fmt: skip
    assert set(ours_table["Mã trên Cổng DVC"]) == {"chưa có mã"}
    assert set(ours_table["Kỳ chấm điểm"]) == {"chưa có dữ liệu"}
    assert set(ours_table["Tổng điểm (tối đa 100)"]) == {"—"}  # missing, never 0 (nor the grid's "None")
    assert len(ranking) == 34
    ours = ranking[ranking["Đơn vị của ta"] == "◆ Của ta"]
    assert list(ours["Đơn vị"]) == ["UBND tỉnh Quảng Ngãi"]
    assert (ours["Hạng"].iloc[0], ours["Tổng điểm (tối đa 100)"].iloc[0]) == (25, 83.46)
    assert ours["Số hóa (tối đa 22)"].iloc[0] == 15.0


@pytest.mark.parametrize("ky", ["y2025", "q2025-4", "n2025-10"])
def test_a_longer_period_ranks_its_latest_scored_month(real, ky):
    at = run(ky=ky)
    assert at.radio(key="si_snapshot").options == ["Tháng 10/2025", "Năm 2025 (lũy kế)"]
    ranking = at.dataframe[1].value
    assert ranking[ranking["Đơn vị"] == "UBND tỉnh Quảng Ngãi"]["Hạng"].iloc[0] == 25


def test_a_unit_the_portal_does_not_score_says_so_and_shows_no_other_score(real):
    at = run(ky="m2025-10", dv="phuong-tra-cau")
    assert plain(at.info)[0].startswith(
        "Cổng Dịch vụ công không chấm điểm riêng phường Trà Câu trong các tệp đã tải lên (đơn vị chưa có mã"
    )
    assert len(at.metric) == 0


def test_a_period_before_any_score_reads_no_data(real):
    at = run(ky="y2023")
    assert plain(at.info)[-1] == "Chưa có dữ liệu bảng xếp hạng đến hết kỳ Năm 2023."
    assert len(at.metric) == 0


def test_the_ranking_level_and_period_can_be_changed(real):
    at = run(ky="m2025-10")
    assert at.radio(key="si_level_month_2025_10").options == [
        "Tỉnh, thành phố",
        "Sở, ban, ngành",
        "Xã, phường",
    ]
    at.radio(key="si_level_month_2025_10").set_value("commune").run()
    communes = at.dataframe[1].value  # after "Đơn vị của ta"
    assert (len(communes), communes["Hạng"].iloc[0], communes["Tổng điểm (tối đa 100)"].iloc[0]) == (
        102,
        2,
        93.21,
    )
    assert "102 đơn vị; không có đơn vị nào của ta trong bảng này." in plain(at.caption)
    at.radio(key="si_snapshot").set_value(1).run()  # the year to date
    year = at.dataframe[1].value
    assert len(year) == 34
    assert year[year["Đơn vị"] == "UBND tỉnh Quảng Ngãi"]["Hạng"].iloc[0] == 16


def test_the_ranking_exports_to_excel_with_the_same_numbers(real, monkeypatch):
    exported: dict[str, bytes] = {}

    def capture(**kwargs: Any) -> bytes:
        exported[str(kwargs["title"])] = content = table_to_xlsx(**kwargs)
        return content

    monkeypatch.setattr("ui.components.table_to_xlsx", capture)  # what the download button gets
    run(ky="m2025-10")
    sheet = openpyxl.load_workbook(
        io.BytesIO(exported["Bảng xếp hạng Bộ chỉ số 766 — Tỉnh, thành phố"])
    ).active
    assert (sheet["A1"].value, sheet["A2"].value) == (
        "Bảng xếp hạng Bộ chỉ số 766 — Tỉnh, thành phố",
        "Kỳ: Tháng 10/2025",
    )
    assert sheet["A3"].value.startswith("Nguồn: 766_scores_2025-10_export.xlsx")
    assert [sheet.cell(5, c).value for c in (1, 2, 3, 4, 7)] == [
        "Hạng",
        "Đơn vị",
        "Tổng điểm (tối đa 100)",
        "Đơn vị của ta",
        "Số hóa (tối đa 22)",
    ]
    rows = {sheet.cell(r, 2).value: r for r in range(6, sheet.max_row + 1)}
    assert len(rows) == 34
    qn = rows["UBND tỉnh Quảng Ngãi"]
    assert [sheet.cell(qn, c).value for c in (1, 3, 4, 7)] == [25, 83.46, "◆ Của ta", 15]


def test_a_row_of_our_units_opens_that_units_766_view_with_the_period(real):
    at = run(ky="m2025-10")
    index = list(at.dataframe[0].value["Đơn vị"]).index("Trà Câu")
    picked = AppTest.from_file(PAGE, default_timeout=30)
    picked.query_params["ky"] = "m2025-10"
    picked.session_state["si_our_units-all"] = {"selection": {"rows": [index], "columns": [], "cells": []}}
    picked.run()
    assert not picked.exception
    assert {k: v[0] if isinstance(v, list) else v for k, v in picked.query_params.items()} == {
        "ky": "m2025-10",
        "dv": "phuong-tra-cau",
    }
    assert plain(picked.info)[0].startswith("Cổng Dịch vụ công không chấm điểm riêng phường Trà Câu")


@pytest.fixture
def duc_pho_scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """phường Đức Phổ with a portal code in the registry, and an export that scores it under that code."""
    use_data_dir(monkeypatch, tmp_path)
    engine = fresh_db()
    with Session(engine) as session:
        record_portal_codes(session=session, rows=[{"code": "phuong-duc-pho", "portal_code": "H48.900"}])
        session.commit()
    book = export(
        {
            "Điểm tháng": [score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 2)],
            "Xã Phường": [
                score_row(
                    "UBND xã Đông Thái - tỉnh An Giang",
                    "H01.187",
                    ["19", "18", "20", "9", "8", "18", "92"],
                    1,
                    "3",
                ),
                score_row(
                    "UBND P. Đức Phổ (Quảng Ngãi)",
                    "H48.900",
                    ["18", "17", "19", "9", "8", "18", "89"],
                    4,
                    "3",
                ),
            ],
        }
    )
    result = import_file(book, "766_scores_2025-10_export.xlsx", engine=engine, user="test")
    assert result.stored, [p.message for p in result.problems.items]
    yield
    forget_database()


def test_a_unit_scored_under_its_code_shows_its_own_score_and_is_marked(duc_pho_scored):
    at = run(ky="m2025-10", dv="phuong-duc-pho")
    values = metrics(at)
    assert (values["Điểm tháng 10/2025"], values["Xếp hạng tháng 10/2025"]) == ("89,00", "hạng 4")
    assert "UBND P. Đức Phổ (Quảng Ngãi) · Tháng 10/2025" in plain(at.caption)
    ours = at.dataframe[1].value
    duc_pho = ours[ours["Đơn vị"] == "Đức Phổ"].iloc[0]
    assert (duc_pho["Mã trên Cổng DVC"], duc_pho["Tổng điểm (tối đa 100)"]) == ("H48.900", "89,00")
    at.radio(key="si_level_month_2025_10").set_value("commune").run()
    communes = at.dataframe[2].value
    assert list(communes["Đơn vị của ta"]) == ["", "◆ Của ta"]  # highlighted in the communes' tab
    town = run(ky="m2025-10")  # the whole town: not scored, and not given the province's score
    assert len(town.metric) == 0 and plain(town.info)[0].startswith("Cổng Dịch vụ công không chấm điểm riêng")
