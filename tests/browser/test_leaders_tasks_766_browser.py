"""The tasks and 766 pages in Chromium at 1440×900, opened from bookmarked URLs (period and unit in the query)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import AppServer, start_server, stop_server
from tests.browser.laptop import WAIT, metric_value, no_traceback, warm_up

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def blank(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own on a new installation without `seed` (the sample data includes the 766 export)."""
    app = start_server(tmp_path_factory.mktemp("blank"), seed=False)
    try:
        warm_up(browser, app.url)
        yield app
    finally:
        stop_with_children(app)


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (from /proc; Linux only, like the rest of these tests)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, …
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def stop_with_children(server: AppServer) -> None:
    """Stop the server and the Streamlit process it started (terminating `dashboard serve` alone leaves it running)."""
    for child in children_of(server.process.pid):
        os.kill(child, signal.SIGTERM)
    stop_server(server)


def test_tasks_page_from_a_bookmark(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/nhiem-vu?ky=y2022", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ hoàn thành nhiệm vụ") == "53,33%"
    assert metric_value(page, "Tổng số nhiệm vụ") == "45"
    assert metric_value(page, "Quá hạn") == "8"
    page.get_by_text("🔴 Chậm").first.wait_for(timeout=WAIT)
    page.get_by_text("Thấp nhất (").first.wait_for(
        timeout=WAIT
    )  # the chart is drawn, its title states the point
    page.get_by_test_id("stDataFrame").nth(2).wait_for(timeout=WAIT)  # by lead, overdue, due soon
    assert page.get_by_role("button", name="Tải Excel").count() == 3
    no_traceback(page)
    page.screenshot(path=str(artifacts / "nhiem-vu.png"), full_page=True)


def test_tasks_page_for_one_unit_and_an_as_of_day(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/nhiem-vu?ky=y2022&dv=phong-tu-phap&ngay=2022-10-01", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ hoàn thành nhiệm vụ") == "42,86%"
    assert metric_value(page, "Tổng số nhiệm vụ") == "7"
    assert metric_value(page, "Quá hạn") == "2"
    page.get_by_text("Phòng Tư pháp · Năm 2022, tính đến 01/10/2022").wait_for(timeout=WAIT)
    no_traceback(page)
    page.screenshot(path=str(artifacts / "nhiem-vu-phong-tu-phap.png"), full_page=True)


def test_766_without_an_export_says_so_and_links_to_the_upload(blank, page, artifacts: Path):
    page.goto(f"{blank.url}/chi-so-766?ky=m2025-10", wait_until="networkidle")
    page.get_by_text("Chưa có dữ liệu Bộ chỉ số 766 — tải lên tệp xuất từ Cổng dịch vụ công").wait_for(
        timeout=WAIT
    )
    assert page.get_by_test_id("stMetric").count() == 0
    no_traceback(page)
    page.screenshot(path=str(artifacts / "chi-so-766-chua-co-du-lieu.png"), full_page=True)
    page.get_by_role("link", name="Tải lên tệp xuất (trang Tải lên báo cáo)").click()
    page.wait_for_url("**/tai-len*", timeout=WAIT)


def test_766_with_the_real_export_of_the_sample_data(samples, page, artifacts: Path):
    """The export scores Quảng Ngãi, not the town: no score of the province is shown as the town's; the province
    stands under its own name in the ranking, and "Đơn vị của ta" lists the town's units."""
    page.goto(f"{samples.url}/chi-so-766?ky=m2025-10", wait_until="networkidle")
    page.get_by_text("không chấm điểm riêng thị xã Đức Phổ").wait_for(timeout=WAIT)
    page.get_by_text("Đơn vị của ta", exact=True).first.wait_for(timeout=WAIT)
    page.get_by_text("34 đơn vị; tô màu và ghi “◆ Của ta”: 1 đơn vị").wait_for(timeout=WAIT)  # the province
    page.get_by_test_id("stDataFrame").nth(1).wait_for(timeout=WAIT)
    assert page.get_by_test_id("stMetric").count() == 0
    no_traceback(page)
    page.screenshot(path=str(artifacts / "chi-so-766.png"), full_page=True)
