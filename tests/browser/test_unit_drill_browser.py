"""One click to the unit, in Chromium at 1440×900: a bar of a chart, a row of a table and an item of a list each
open the unit they name, with the period kept; the breadcrumb leads back to the whole town."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.laptop import WAIT, metric_value, no_traceback, screenshot

pytestmark = pytest.mark.browser

ROW_HEIGHT = HEADER_HEIGHT = 35  # Streamlit's grid: default row and header heights, px


def caption_shown(page, text: str) -> None:
    page.get_by_test_id("stCaptionContainer").filter(has_text=text).first.wait_for(timeout=WAIT)


def test_a_bar_of_a_chart_opens_that_unit(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-tuc-hanh-chinh?ky=m2023-05", wait_until="networkidle")
    chart = page.locator(".js-plotly-plot").filter(
        has=page.locator(".gtitle", has_text="đơn vị dưới chỉ tiêu nộp trực tuyến")
    )
    # The worst unit is the top bar; its name is on the axis beside it.
    chart.locator(".ytick", has_text="Phổ Khánh").first.wait_for(timeout=WAIT)
    chart.scroll_into_view_if_needed()
    bar = chart.locator("g.point").first.bounding_box()
    assert bar is not None
    # As a hand does: onto the bar, where Plotly shows its tooltip, then a click (Plotly clicks what it hovers).
    x, y = bar["x"] + 10, bar["y"] + bar["height"] / 2
    page.mouse.move(x, y - 30)
    page.mouse.move(x, y, steps=5)
    chart.locator(".hoverlayer .hovertext").first.wait_for(timeout=WAIT)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/thu-tuc-hanh-chinh\?ky=m2023-05&dv=xa-pho-khanh$"), timeout=WAIT)
    caption_shown(page, "Phổ Khánh · Tháng 5/2023")
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "15,05%"
    no_traceback(page)
    screenshot(page, artifacts / "drill-bieu-do-pho-khanh.png")


def test_a_row_of_a_table_opens_that_unit(samples, page):
    page.goto(f"{samples.url}/nhiem-vu?ky=y2022", wait_until="networkidle")
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=WAIT)  # the chart above is laid out
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(timeout=WAIT)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1_500)  # the grid (a canvas) draws its rows
    box = grid.bounding_box()
    assert box is not None
    # The first row (the most overdue lead agency, Phòng Tư pháp): its row marker, left of the name.
    page.mouse.click(box["x"] + 18, box["y"] + HEADER_HEIGHT + ROW_HEIGHT / 2)
    page.wait_for_url(re.compile(r"/nhiem-vu\?ky=y2022&dv=phong-tu-phap$"), timeout=WAIT)
    caption_shown(page, "Phòng Tư pháp · Năm 2022")
    no_traceback(page)


def test_an_item_of_a_list_opens_that_unit_and_the_breadcrumb_leads_back(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/?ky=m2023-05", wait_until="networkidle")
    page.get_by_role("link", name=re.compile(r"^1\. Nộp trực tuyến thấp — xã Phổ Khánh")).click()
    page.wait_for_url(re.compile(r"/thu-tuc-hanh-chinh\?ky=m2023-05&dv=xa-pho-khanh$"), timeout=WAIT)
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "15,05%"
    page.get_by_text("› xã Phổ Khánh").wait_for(timeout=WAIT)
    screenshot(page, artifacts / "drill-danh-sach-pho-khanh.png")
    page.get_by_role("button", name="Toàn thị xã").click()
    page.wait_for_url(re.compile(r"/thu-tuc-hanh-chinh\?ky=m2023-05$"), timeout=WAIT)
    assert metric_value(page, "Tỷ lệ nộp trực tuyến") == "38,24%"
    no_traceback(page)
