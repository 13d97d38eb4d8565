"""The staff's side in a real browser: sign in, upload with a warning, store, replace, revert — and hostile text."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.importing.reason_titles import reason_title
from tests.browser.conftest import ROOT, AppServer, start_server, stop_server
from tests.browser.laptop import no_traceback
from tests.conftest import official_report
from tests.dashboard.worker_jobs import whole_sheet_workbook

pytestmark = pytest.mark.browser

PASSWORD = "Mua-thu-2023-xyz"
HOSTILE = "<img src=x onerror=alert(1)>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAIT = 60_000
# Phổ An, 21–31/07/2023, a gap the sample data leaves: 158 new dossiers; the Hộ tịch row (and so the total)
# says one more dossier received than carried over + new — two identity warnings.
LATE_JULY = official_report(
    [
        ("1", "Hộ tịch", [101, 2, 50, 48, 98, 90, 0, 8, 3, 3, 0, 0]),
        ("2", "Chứng thực", [60, 0, 40, 20, 60, 55, 0, 5, 0, 0, 0, 0]),
    ],
    [161, 2, 90, 68, 158, 145, 0, 13, 3, 3, 0, 0],
    period_line="Kỳ báo cáo: Từ ngày 21/07/2023 đến ngày 31/07/2023",
)
FILE_NAME = "pho_an_21-31_07_2023.xlsx"


def cli(server: AppServer, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        env=server.env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def town_received_2023(server: AppServer) -> int:
    """The second witness: what the CLI (and so every page asking dashboard.queries.kpi_report) says."""
    report = json.loads(cli(server, "kpis", "--json", "--from", "2023-01-01", "--to", "2023-12-31"))
    return int(report["dossiers"]["received_total"])


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own (this test changes the data) with an uploader of Phổ An and an admin."""
    app = start_server(tmp_path_factory.mktemp("upload"))
    try:
        cli(
            app,
            "user",
            "add",
            "an",
            "--role",
            "uploader",
            "--unit",
            "Phổ An",
            "--password-stdin",
            stdin=PASSWORD,
        )
        cli(app, "user", "add", "quantri", "--role", "admin", "--password-stdin", stdin=PASSWORD)
        # Streamlit runs the very first session of a process in its old `pages/`-folder mode, which shows a
        # "Page not found" dialog on any URL but "/" (app.py's st.navigation then switches that mode off).
        warm_up = browser.new_page()
        warm_up.goto(app.url, wait_until="networkidle")
        warm_up.get_by_text("Tổng số hồ sơ nhận").first.wait_for(timeout=WAIT)
        warm_up.close()
        yield app
    finally:
        stop_server(app)


@pytest.fixture
def page(browser, server, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(
        WAIT
    )  # checks run in the parse worker: slower than a click on a loaded machine
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # an alert() from injected markup would land here
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.screenshot(path=str(ROOT / "test-artifacts" / f"last-{request.node.name}.png"), full_page=True)
    context.close()
    assert dialogs == []  # no script from data ever ran


def sign_in(page, username: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def go(page, title: str) -> None:
    """Follow a sidebar link (a full reload would start a new session, signed out)."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()


def choose_files(page, *files: tuple[str, bytes]) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": name, "mimeType": XLSX, "buffer": content} for name, content in files]
    )


def overview_shows(page, server: AppServer, number: int, screenshot: Path) -> str:
    """Open the overview for 2023, town-wide, in another tab (anyone may view) and wait for the figure."""
    shown = f"{number:,}".replace(",", ".")
    tab = page.context.new_page()
    try:
        tab.goto(f"{server.url}/?ky=y2023", wait_until="networkidle")
        tab.get_by_text(shown).first.wait_for(timeout=WAIT)
        tab.screenshot(path=str(screenshot), full_page=True)
        no_traceback(tab)
        return str(tab.inner_text("body"))
    finally:
        tab.close()


def revert(page, batch: int) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has_text="Chọn lô")
    box.locator("input").click()
    page.keyboard.press("ArrowDown")  # a click focuses Streamlit's combobox; the arrow key opens its list
    page.keyboard.type(f"Lô #{batch} —")  # filters the list to this batch
    page.get_by_role("option").filter(has_text=f"Lô #{batch} —").first.click()
    page.get_by_text(f"Tôi chắc chắn muốn hoàn tác lô #{batch}").click()
    page.get_by_role("button", name=f"Hoàn tác lô #{batch}").click()
    page.get_by_text(f"Đã hoàn tác lô #{batch}.").wait_for(timeout=WAIT)


def test_upload_accept_warnings_replace_and_revert(page, server, artifacts: Path):
    before = town_received_2023(server)
    page.goto(f"{server.url}/tai-len", wait_until="networkidle")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=WAIT)
    sign_in(page, "an")
    page.get_by_text("Bạn được tải lên báo cáo của: Phổ An.").wait_for(timeout=WAIT)

    choose_files(page, (FILE_NAME, LATE_JULY))
    page.get_by_text("2 cảnh báo: hãy đọc kỹ.").wait_for(timeout=WAIT)
    tables = page.get_by_test_id("stTable")
    preview = tables.nth(0).inner_text()
    assert (
        "Phổ An" in preview
        and "21/07/2023 – 31/07/2023" in preview
        and "Tổng số hồ sơ nhận giải quyết: 161" in preview
    )
    problems = tables.nth(1).inner_text()
    assert (
        "Số liệu không khớp nhau" in problems
        and "identity_mismatch" not in problems
        and "C12, D12" in problems
        and "101 ≠ 2 + 98 = 100" in problems
    )
    assert page.get_by_role("button", name="Lưu").is_disabled()
    page.screenshot(path=str(artifacts / "upload-1-preview-with-warnings.png"), full_page=True)

    page.get_by_text("Tôi đã đọc các cảnh báo trên").click()
    page.get_by_role("button", name="Lưu 1 tệp vào hệ thống").click()
    page.get_by_text(f"Đã lưu “{FILE_NAME}”").wait_for(timeout=WAIT)
    page.screenshot(path=str(artifacts / "upload-2-stored.png"), full_page=True)
    after = town_received_2023(server)
    assert after == before + 158

    overview_shows(page, server, after, artifacts / "upload-3-overview-after.png")

    choose_files(page, (FILE_NAME, LATE_JULY))
    page.get_by_text("Số liệu mới giống hệt số liệu đang dùng").wait_for(timeout=WAIT)
    replaced = page.get_by_text("Thay thế số liệu đang dùng").first.inner_text()
    first_batch = int(replaced.split("lô #")[1].split(" ")[0])
    compared = " ".join(page.get_by_test_id("stTable").nth(1).inner_text().split())
    assert compared.startswith("Đơn vị Chỉ tiêu Đang dùng Mới Thay đổi")
    assert "Phổ An Tổng số hồ sơ nhận giải quyết 161 161 không đổi" in compared
    page.screenshot(path=str(artifacts / "upload-4-replaces-identical.png"), full_page=True)
    page.get_by_text("Tôi đã đọc các cảnh báo trên").click()
    page.get_by_role("button", name="Lưu 1 tệp vào hệ thống").click()
    stored = page.get_by_text(f"Đã lưu “{FILE_NAME}”").inner_text(timeout=WAIT)
    assert f"thay thế lô #{first_batch}" in stored
    second_batch = int(stored.split("lô #")[1].split(",")[0])
    assert town_received_2023(server) == after

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text("Trang này cần đăng nhập.").wait_for(timeout=WAIT)
    go(page, "Dữ liệu")
    page.get_by_role("heading", name="Dữ liệu đã tải lên").wait_for(timeout=WAIT)
    page.get_by_text("Đăng nhập (để tải tệp gốc").click()
    sign_in(page, "quantri")
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Tải tệp gốc").click()
    assert download.value.suggested_filename == FILE_NAME
    assert Path(download.value.path()).read_bytes() == LATE_JULY
    revert(page, second_batch)
    assert (
        f"Số liệu của lô #{first_batch} được dùng lại." in page.get_by_test_id("stAlert").first.inner_text()
    )
    assert town_received_2023(server) == after
    revert(page, first_batch)
    page.screenshot(path=str(artifacts / "upload-5-data-reverted.png"), full_page=True)
    assert town_received_2023(server) == before

    shown = overview_shows(page, server, before, artifacts / "upload-6-overview-reverted.png")
    assert f"{after:,}".replace(",", ".") not in shown
    no_traceback(page)


def test_hostile_text_is_shown_literally(page, server, artifacts: Path):
    page.goto(f"{server.url}/quan-tri", wait_until="networkidle")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=WAIT)
    sign_in(page, "quantri")
    page.get_by_role("tab", name="Danh mục đơn vị").click()
    page.get_by_label("Tên gọi khác").fill(HOSTILE)
    page.get_by_role("button", name="Thêm tên gọi").click()
    page.get_by_text(f"Đã thêm tên gọi khác “{HOSTILE}” cho Thị xã Đức Phổ.").wait_for(timeout=WAIT)
    page.screenshot(path=str(artifacts / "hostile-1-alias.png"), full_page=True)
    assert page.locator('img[src="x"]').count() == 0

    go(page, "Tải lên báo cáo")
    # Until the new page is drawn the admin page's single-file registry picker can still be the one found.
    page.get_by_text("Chọn một hoặc nhiều tệp báo cáo Excel").wait_for(timeout=WAIT)
    choose_files(page, (f"{HOSTILE}.xlsx", LATE_JULY), ("bao_cao.xlsm", LATE_JULY))
    page.get_by_text(f"Tệp 1: {HOSTILE}.xlsx").wait_for(timeout=WAIT)
    # Sent as an .xlsx would be, the macro workbook passes the picker and the importer refuses it in Vietnamese.
    page.get_by_text("Tệp 2: bao_cao.xlsm").wait_for(timeout=WAIT)
    page.get_by_text("Tệp có macro (.xlsm/.xlsb) không được nhận.").first.wait_for(timeout=WAIT)
    page.screenshot(path=str(artifacts / "hostile-2-file-names.png"), full_page=True)
    assert page.locator('img[src="x"]').count() == 0
    no_traceback(page)


def test_a_file_that_aborts_the_reader_gets_a_message_and_the_server_answers(page, server, artifacts: Path):
    """The 5 KB workbook with cells at A1 and XFD1048576 once made calamine abort the whole server."""
    page.goto(f"{server.url}/tai-len", wait_until="networkidle")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=WAIT)
    sign_in(page, "quantri")
    page.get_by_text("Quản trị viên: được tải lên báo cáo của mọi đơn vị.").wait_for(timeout=WAIT)
    choose_files(page, ("toan_trang.xlsx", whole_sheet_workbook()))
    page.get_by_text("tệp này sẽ KHÔNG được lưu").wait_for(timeout=WAIT)
    problems = page.get_by_test_id("stTable").last.inner_text()
    # The worker's message until the reader refuses such a sheet itself.
    crashed, too_many = reason_title("worker_crashed"), reason_title("too_many_cells")
    assert crashed in problems or too_many in problems, problems
    if crashed in problems:
        assert "Không đọc được tệp “toan_trang.xlsx”" in problems and "hỏng hoặc quá lớn" in problems
    page.screenshot(path=str(artifacts / "upload-reader-abort.png"), full_page=True)
    no_traceback(page)
    assert server.process.poll() is None  # the server process is still the one we started
    go(page, "Dữ liệu")
    page.get_by_role("heading", name="Dữ liệu đã tải lên").wait_for(timeout=WAIT)
    other = page.context.new_page()
    other.goto(server.url, wait_until="networkidle")
    other.get_by_text("Tổng số hồ sơ nhận").first.wait_for(timeout=WAIT)
    other.close()
