"""Told once: an uploader maps an unrecognised column, next month's file is read by itself, an admin deletes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, AppServer, start_server, stop_server
from tests.browser.laptop import no_traceback
from tests.browser.test_upload_browser import PASSWORD, WAIT, choose_files, cli, go, sign_in
from tests.dashboard.importing.test_layouts import tasks_book

pytestmark = pytest.mark.browser

MARCH = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 3 NĂM 2025")
APRIL = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 4 NĂM 2025")
MAY = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 5 NĂM 2025")
QUESTION = "Hệ thống chưa nhận ra bảng ở trang “Nhiệm vụ”"


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own (this test saves layouts and data): an uploader of Phổ An and an admin."""
    app = start_server(tmp_path_factory.mktemp("layouts"))
    try:
        for args in (("an", "--role", "uploader", "--unit", "Phổ An"), ("quantri", "--role", "admin")):
            cli(app, "user", "add", *args, "--password-stdin", stdin=PASSWORD)
        warm_up = browser.new_page()  # Streamlit's first session of a process (see test_upload_browser)
        warm_up.goto(app.url, wait_until="networkidle")
        warm_up.get_by_text("Tổng số hồ sơ nhận").first.wait_for(timeout=WAIT)
        warm_up.close()
        yield app
    finally:
        stop_server(app)


@pytest.fixture
def page(browser, server, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1200})
    context.set_default_timeout(WAIT)  # each choice re-runs the check in the parse worker
    tab = context.new_page()
    yield tab
    tab.screenshot(path=str(ROOT / "test-artifacts" / f"last-{request.node.name}.png"), full_page=True)
    context.close()


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    box.locator("input").click()
    page.keyboard.press("ArrowDown")  # a click focuses this combobox; the arrow key opens its list
    page.get_by_role("option").filter(has_text=option).first.click()


def store(page, name: str) -> None:
    page.get_by_role("button", name="Lưu 1 tệp vào hệ thống").click()
    page.get_by_text(f"Đã lưu “{name}”").wait_for(timeout=WAIT)


def test_told_once_then_read_by_itself_by_the_page_and_the_cli_until_deleted(
    page, server: AppServer, artifacts: Path, tmp_path: Path
):
    page.goto(f"{server.url}/tai-len", wait_until="networkidle")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=WAIT)
    sign_in(page, "an")
    page.get_by_text("Bạn được tải lên báo cáo của: Phổ An.").wait_for(timeout=WAIT)

    choose_files(page, ("nhiem_vu_t3.xlsx", MARCH))
    page.get_by_text(QUESTION).wait_for(timeout=WAIT)
    problems = page.get_by_test_id("stTable").filter(has_text="Không nhận ra bảng số liệu").first.inner_text()
    assert (
        "Gần nhất là Danh sách nhiệm vụ được giao" in problems
        and "còn thiếu cột: “Cơ quan chủ trì”" in problems
    )
    header = page.get_by_test_id("stMarkdown").filter(has_text="Dòng tiêu đề tìm thấy (dòng 3)").inner_text()
    assert "B: Nội dung công việc · C: Đơn vị làm · D: Thời hạn" in header, header
    choose(page, "Loại báo cáo", "Danh sách nhiệm vụ được giao")
    choose(page, "Cột “Cơ quan chủ trì”", "C: Đơn vị làm")
    page.get_by_text("Đọc theo cách ghép cột đang chọn").wait_for(timeout=WAIT)  # the preview re-ran
    preview = page.get_by_test_id("stTable").first.inner_text()
    assert "Phổ An" in preview and "Tháng 3/2025" in preview, preview
    page.screenshot(path=str(artifacts / "layouts-1-chosen.png"), full_page=True)

    page.get_by_role("button", name="Lưu mẫu cột và kiểm tra lại").click()
    page.get_by_text("Đã lưu mẫu cột").wait_for(timeout=WAIT)
    page.get_by_text("Dùng mẫu cột đã lưu").first.wait_for(timeout=WAIT)
    store(page, "nhiem_vu_t3.xlsx")

    choose_files(page, ("nhiem_vu_t4.xlsx", APRIL))
    page.get_by_text("Dùng mẫu cột đã lưu").first.wait_for(timeout=WAIT)
    assert page.get_by_text(QUESTION).count() == 0
    assert "Tháng 4/2025" in page.get_by_test_id("stTable").first.inner_text()
    page.screenshot(path=str(artifacts / "layouts-2-next-month.png"), full_page=True)
    store(page, "nhiem_vu_t4.xlsx")

    may = tmp_path / "nhiem_vu_t5.xlsx"
    may.write_bytes(MAY)
    listed = cli(server, "layouts")
    assert "\tan\t" in listed and "don vi lam" in listed, listed
    read = cli(server, "import", "--dry-run", str(may))
    assert "Dùng mẫu cột đã lưu" in read and "OK nhiem_vu_t5.xlsx" in read, read
    layout_id = listed.split("\t", 1)[0].lstrip("#")

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text("Trang này cần đăng nhập.").wait_for(timeout=WAIT)
    page.goto(f"{server.url}/quan-tri", wait_until="networkidle")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=WAIT)
    sign_in(page, "quantri")
    page.get_by_role("tab", name="Mẫu cột").click()
    choose(page, "Chọn mẫu cột để xóa", f"#{layout_id}")
    page.get_by_text(f"Tôi chắc chắn muốn xóa mẫu cột #{layout_id}").click()
    page.get_by_role("button", name=f"Xóa mẫu cột #{layout_id}").click()
    page.get_by_text(f"Đã xóa mẫu cột #{layout_id}.").wait_for(timeout=WAIT)
    page.screenshot(path=str(artifacts / "layouts-3-deleted.png"), full_page=True)

    go(page, "Tải lên báo cáo")
    # Until the new page is drawn the admin page's single-file registry picker can still be the one found.
    page.get_by_text("Chọn một hoặc nhiều tệp báo cáo Excel").wait_for(timeout=WAIT)
    choose_files(page, ("nhiem_vu_t5.xlsx", MAY))
    page.get_by_text(QUESTION).wait_for(timeout=WAIT)  # the question comes back
    assert "Không đọc" not in cli(server, "layouts") and "Chưa có mẫu cột nào" in cli(server, "layouts")
    no_traceback(page)
