"""The overview and dossiers pages in Chromium at 1440×900, opened from bookmarked URLs (period and unit in the
query string); screenshots of each, the print summary as a one-page A4 PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from tests.browser.laptop import WAIT, metric_value, no_traceback, screenshot

pytestmark = pytest.mark.browser

PHO_AN_JULY = "ky=c2023-01-01_2023-07-20&dv=xa-pho-an"


def test_overview_for_the_town_in_may(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/?ky=m2023-05", wait_until="networkidle")
    assert metric_value(page, "Thu ngân sách so dự toán") == "27,73%"
    assert metric_value(page, "Tỷ lệ giải ngân") == "24,70%"
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "38,24%"
    page.get_by_text("Chênh lệch so với mốc −35,3 điểm, còn 30 ngày").first.wait_for(timeout=WAIT)
    page.get_by_text("5 việc chậm nhất").wait_for(timeout=WAIT)
    page.get_by_text("🔴 Chậm").first.wait_for(timeout=WAIT)
    no_traceback(page)
    screenshot(page, artifacts / "tong-quan.png")
    # The first of the five opens the unit it names, with the same period in the URL.
    page.get_by_role("link", name=re.compile(r"^1\. Nộp trực tuyến thấp")).click()
    page.wait_for_url(re.compile(r"/thu-tuc-hanh-chinh\?ky=m2023-05&dv=xa-pho-khanh$"), timeout=WAIT)
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "15,05%"


def test_overview_for_pho_an_and_its_print_summary(samples, page, artifacts: Path, browser):
    page.goto(f"{samples.url}/?{PHO_AN_JULY}", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "44,23%"
    assert metric_value(page, "Tỷ lệ giải quyết đúng hạn") == "84,87%"
    assert metric_value(page, "Chi ngân sách so dự toán") == "chưa có dữ liệu"
    page.get_by_text("Phổ An · 01/01/2023 – 20/07/2023").wait_for(timeout=WAIT)
    no_traceback(page)
    screenshot(page, artifacts / "tong-quan-pho-an.png")
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Bản tóm tắt để in (HTML)").click()
    html_path = artifacts / "tong-quan-pho-an-ban-in.html"
    download.value.save_as(str(html_path))
    printed = browser.new_page()
    try:
        printed.goto(html_path.as_uri())
        printed.get_by_text("Tình hình thực hiện các chỉ tiêu — Phổ An").wait_for(timeout=WAIT)
        assert printed.locator("td.num").filter(has_text="44,23%").count() == 1
        pdf = artifacts / "tong-quan-pho-an-ban-in.pdf"
        printed.pdf(path=str(pdf), format="A4", print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) == 1  # one A4 page
        printed.screenshot(path=str(artifacts / "tong-quan-pho-an-ban-in.png"), full_page=True)
    finally:
        printed.close()


def test_dossiers_for_pho_an_among_all_units(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-tuc-hanh-chinh?{PHO_AN_JULY}", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "44,23%"
    assert metric_value(page, "Tỷ lệ trễ hạn") == "15,13%"
    assert metric_value(page, "Tổng số hồ sơ nhận giải quyết") == "2.098"
    page.get_by_text("► Phổ An").first.wait_for(timeout=WAIT)  # marked among every unit in the ranked bars
    page.get_by_text("đơn vị dưới chỉ tiêu nộp trực tuyến 100%").first.wait_for(timeout=WAIT)
    no_traceback(page)
    screenshot(page, artifacts / "thu-tuc-hanh-chinh-pho-an.png")


def test_dossiers_for_the_town_with_the_late_list(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-tuc-hanh-chinh?ky=m2023-05", wait_until="networkidle")
    assert metric_value(page, "Đang giải quyết quá hạn") == "62"
    page.get_by_text("Hồ sơ trễ hạn và quá hạn").wait_for(timeout=WAIT)
    page.get_by_text("70 / 70 hồ sơ").wait_for(timeout=WAIT)
    page.get_by_text("Tỷ lệ nộp trực tuyến: 22,24% (06/2022) → 38,24% (05/2023)").wait_for(timeout=WAIT)
    assert page.get_by_role("button", name="Tải Excel").count() == 1  # the list's; the tables' are folded
    with page.expect_download() as download:  # the file is made on the click (a deferred download)
        page.get_by_role("button", name="Tải Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["A1"].value == "Hồ sơ trễ hạn và quá hạn — Toàn thị xã"
    assert sheet.max_row - 5 == 70
    days = [sheet.cell(r, 8).value for r in range(6, sheet.max_row + 1)]
    assert days == sorted(days, reverse=True) and all(isinstance(d, int) and d > 0 for d in days)
    page.get_by_text("Bảng số liệu theo đơn vị").click()
    page.get_by_text("Phòng Tài nguyên và Môi trường").first.wait_for(timeout=WAIT)
    assert page.get_by_role("button", name="Tải Excel").count() == 2
    no_traceback(page)
    screenshot(page, artifacts / "thu-tuc-hanh-chinh.png")
