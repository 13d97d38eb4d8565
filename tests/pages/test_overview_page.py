"""AppTest: the overview page — headline KPIs with status and changes, the five most behind, the print summary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.importing.importer import import_file
from dashboard.store import db
from tests.dashboard.views.test_overview import load_samples
from tests.pages.apptest_data import forget_database, fresh_db, loaded_once, pointed_at, use_data_dir

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "overview.py")
PHO_AN_JULY = "c2023-01-01_2023-07-20"


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder holding every sample workbook, imported once for the module."""
    yield from loaded_once(tmp_path_factory, "overview", lambda: load_samples(db.get_engine()))


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from pointed_at(monkeypatch, sample_dir)


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A fresh database with the units and nothing else."""
    use_data_dir(monkeypatch, tmp_path)
    yield fresh_db()
    forget_database()


def page(script: str = PAGE, **query: str) -> AppTest:
    at = AppTest.from_file(script, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest, kind: str) -> list[str]:
    return [unescape(e.value) for e in getattr(at, kind)]


def test_without_data_every_figure_reads_no_data_never_zero(app_db):
    at = page(ky="m2023-05")
    assert not at.exception
    values = metrics(at)
    assert values["Tỷ lệ nộp trực tuyến"] == "chưa có dữ liệu"
    assert values["Hồ sơ quá hạn đang giải quyết"] == "chưa có dữ liệu"
    assert values["Thu ngân sách so dự toán"] == "chưa có dữ liệu"
    assert set(values.values()) == {"chưa có dữ liệu"}
    assert "Tổng số hồ sơ nhận giải quyết: chưa có dữ liệu · đã giải quyết: chưa có dữ liệu" in texts(
        at, "caption"
    )
    assert [s.value for s in at.success] == ["Không có việc nào chậm so với chỉ tiêu trong kỳ đang xem."]


def test_pho_an_report_alone(app_db, phoan_report_bytes):
    """Seed 002: Phổ An 1/1–20/7/2023 online 909 ÷ 2.055 = 44,23%; the other areas have no data yet."""
    assert import_file(phoan_report_bytes, "phoan.xlsx", engine=app_db, user="test").stored
    at = page(ky=PHO_AN_JULY, dv="xa-pho-an")
    assert not at.exception
    values = metrics(at)
    assert values["Tỷ lệ nộp trực tuyến"] == "44,23%"
    assert values["Tỷ lệ giải quyết đúng hạn"] == "84,87%"
    assert values["Tỷ lệ giải ngân"] == "chưa có dữ liệu"
    assert "Phổ An · 01/01/2023 – 20/07/2023 · số liệu tính đến ngày 20/07/2023" in texts(at, "caption")
    assert "Tổng số hồ sơ nhận giải quyết: 2.098 · đã giải quyết: 2.049" in texts(at, "caption")


def test_sample_month_headlines_with_status_targets_and_changes(samples):
    at = page(ky="m2023-05")
    assert not at.exception
    values = metrics(at)
    assert values["Thu ngân sách so dự toán"] == "27,73%"
    assert values["Tỷ lệ giải ngân"] == "24,70%"
    assert values["Tỷ lệ nộp trực tuyến"] == "38,24%"
    online = next(m for m in at.metric if m.label == "Tỷ lệ nộp trực tuyến")
    assert online.proto.delta == "+0,9 điểm"
    assert online.proto.help.startswith("Hồ sơ mới nộp trực tuyến ÷")  # the formula is the tooltip
    captions = texts(at, "caption")
    assert "Chỉ tiêu 50% · so với Tháng 4/2023: +0,9 điểm · so với Tháng 5/2022: +17,9 điểm" in captions
    assert "Mốc 60% ngày 30/06/2023 · so với Tháng 4/2023: +5,0 điểm" in captions
    assert any(c.startswith("Chênh lệch so với mốc −35,3 điểm, còn 30 ngày") for c in captions)
    assert "🔴 Chậm" in captions and "✅ Đạt" in captions
    assert any(c.startswith("Nguồn: thu_ngan_sach_thi_xa_2023_05.xlsx (lô #") for c in captions)


def test_five_most_behind_link_to_their_pages_with_the_same_period_and_unit(samples):
    at = page(ky=PHO_AN_JULY, dv="xa-pho-an")
    links = [unescape(m.value) for m in at.markdown if re.match(r"➡️ \[\d\\\.", m.value)]
    assert 0 < len(links) <= 5
    assert links[0] == (
        "➡️ [1. Nộp trực tuyến thấp — xã Phổ An: 44,23%, chỉ tiêu 100% (−55,8 điểm)]"
        f"(/thu-tuc-hanh-chinh?ky={PHO_AN_JULY}&dv=xa-pho-an)"
    )
    assert any(f"(/giai-ngan?ky={PHO_AN_JULY}&dv=xa-pho-an)" in link for link in links)
    details = [unescape(m.value) for m in at.markdown if "Xem chi tiết" in m.value]
    assert f"➡️ [Xem chi tiết: Thu ngân sách](/thu-ngan-sach?ky={PHO_AN_JULY}&dv=xa-pho-an)" in details
    assert len(details) == 5  # every area shown (no 766 score in the samples)


def test_changing_the_unit_in_the_sidebar_changes_the_figures_and_the_url(samples):
    at = page(ky=PHO_AN_JULY)
    assert metrics(at)["Tỷ lệ nộp trực tuyến"] == "36,86%"
    unit = at.selectbox(key="scope_unit")
    pho_an = next(i for i, option in enumerate(unit.options) if option == "Phổ An")
    at = unit.select_index(pho_an).run()
    assert not at.exception
    assert metrics(at)["Tỷ lệ nộp trực tuyến"] == "44,23%"
    assert at.query_params["dv"] == ["xa-pho-an"] or at.query_params["dv"] == "xa-pho-an"


def test_changing_the_period_kind_changes_the_comparison(samples):
    at = page(ky="m2023-05")
    at = at.selectbox(key="scope_kind").select("months").run()
    assert not at.exception
    captions = texts(at, "caption")
    assert any(c.startswith("Toàn thị xã · 5 tháng đầu năm 2023") for c in captions)
    assert not any("so với Tháng 4/2023" in c for c in captions)  # the previous period is last year's


def test_print_summary_download(samples):
    at = page(ky="m2023-05")
    (button,) = [b for b in at.get("download_button") if b.proto.label == "Bản tóm tắt để in (HTML)"]
    assert button.proto.url  # the HTML file is served from the media store


def test_through_the_navigation_the_links_are_page_links(samples):
    """Run as the app (st.navigation): the five items are st.page_link with the query string kept."""
    at = page(str(ROOT / "app.py"), ky="m2023-05")
    assert not at.exception
    links = at.get("page_link")
    assert links and len(links) <= 5 + 20  # the five, plus any page links the app itself draws
    five = [
        link.proto for link in links if link.proto.label.startswith(("1\\.", "2\\.", "3\\.", "4\\.", "5\\."))
    ]
    assert len(five) == 5
    # the known bug: "1. Nộp trực tuyến thấp — xã Phổ Khánh" opened the dossiers of the whole town
    assert five[0].page == "thu-tuc-hanh-chinh" and five[0].query_string == "ky=m2023-05&dv=xa-pho-khanh"
    assert {p.page for p in five} >= {"thu-tuc-hanh-chinh", "giai-ngan", "thu-ngan-sach"}
