"""The leaders' report in the browser: an admin schedules a weekly report, presses “Gửi thử” and sees it sent in
the log (a real SMTP server in the test receives it); anyone downloads the report from the overview."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.browser.conftest import AppServer, start_server, stop_server
from tests.browser.test_upload_browser import PASSWORD, WAIT, cli, sign_in
from tests.dashboard.reports.test_delivery import Mailbox, free_port
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.browser
NAME = "Báo cáo tuần gửi Chủ tịch"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture(scope="module")
def server(browser, mailbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own (this test adds a schedule) that sends through the test's SMTP server."""
    relay = {"IOC_SMTP_HOST": "127.0.0.1", "IOC_SMTP_PORT": str(mailbox[1]), "IOC_SMTP_STARTTLS": "false"}
    app = start_server(tmp_path_factory.mktemp("report"), relay)
    try:
        cli(app, "user", "add", "quantri", "--role", "admin", "--password-stdin", stdin=PASSWORD)
        yield app
    finally:
        stop_server(app)


@pytest.fixture
def page(browser, server, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(WAIT)
    tab = context.new_page()
    yield tab
    context.close()


def test_admin_schedules_a_weekly_report_and_a_test_send_arrives(page, server, mailbox, artifacts: Path):
    box, _port = mailbox
    page.goto(f"{server.url}/quan-tri", wait_until="networkidle")
    sign_in(page, "quantri")
    page.get_by_role("tab", name="Báo cáo định kỳ").click()
    page.get_by_text("Chưa có báo cáo định kỳ nào.").wait_for(timeout=WAIT)
    page.get_by_text("Thêm báo cáo định kỳ").click()
    page.get_by_label("Tên báo cáo").fill(NAME)
    page.get_by_label("Địa chỉ thư nhận (cách nhau bởi dấu phẩy)").fill("chutich@ducpho.gov.vn")
    page.get_by_role("button", name="Lưu báo cáo định kỳ").click()
    page.get_by_text(f"Đã thêm báo cáo “{NAME}” (Thứ Hai hằng tuần, 07:00).").wait_for(timeout=WAIT)
    page.get_by_role("tab", name="Báo cáo định kỳ").click()
    box_input = page.get_by_test_id("stSelectbox").filter(has_text="Chọn báo cáo").locator("input")
    box_input.click()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option").filter(has_text=NAME).first.click()
    page.get_by_role("button", name="Gửi thử").click()
    page.get_by_text(f"Đang gửi thử “{NAME}”").wait_for(timeout=WAIT)
    deadline = time.monotonic() + 90
    while not box.messages and time.monotonic() < deadline:  # the background sender builds, then sends
        time.sleep(0.5)
    assert box.messages, "the test send did not arrive"
    page.get_by_role("tab", name="Báo cáo định kỳ").click()
    page.get_by_role("button", name="Làm mới").click()
    page.get_by_text(f"“{NAME}” — ").first.wait_for(timeout=WAIT)
    log = page.get_by_role("table").last.inner_text()
    assert "Đã gửi" in log and "gửi thử" in log and "thư tới 1 địa chỉ" in log
    page.screenshot(path=str(artifacts / "report-admin-test-send.png"), full_page=True)
    [message] = box.messages
    assert message["To"] == "chutich@ducpho.gov.vn"
    assert message["Subject"].startswith("[Gửi thử] Báo cáo tuần")
    assert sorted(p.get_filename() or "" for p in message.iter_attachments())[0].endswith(".pdf")


def test_anyone_downloads_the_report_from_the_overview(page, server):
    page.goto(f"{server.url}/?ky=m2023-05", wait_until="networkidle")
    page.get_by_text("Báo cáo tháng gửi lãnh đạo").wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Tải báo cáo (PDF)").click()
    assert download.value.suggested_filename == "bao-cao-m2023-05-toan-dia-ban.pdf"
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "BÁO CÁO THÁNG — Toàn thị xã" in text and "38,24%" in text
