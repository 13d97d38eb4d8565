"""The clerk's path in a real browser: sign in, F5 keeps the sign-in, sign out, Back stays signed out; the menu and
the file picker in Vietnamese; the cookie's routes refuse what another site or a guess sends."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ROOT, AppServer, start_server, stop_server
from tests.browser.laptop import no_traceback

pytestmark = pytest.mark.browser

PASSWORD = "Mua-thu-2023-xyz"
STDIN = ["--password-stdin"]
WAIT = 60_000
# Streamlit's own texts around the picker (1.67: "Upload", "25MB per file • XLSX, XLS", "Add files", "Error: …
# files are not allowed."), older ones ("Drag and drop files here", "Browse files") and any English word.
ENGLISH = re.compile(r"\b(Upload|Drag|drop|Browse|files?|per|Limit|Error|allowed|Add|Remove)\b")


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """An empty database (units only) with an uploader of Phổ An."""
    app = start_server(tmp_path_factory.mktemp("clerk"), seed=False)
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard",
                "user",
                "add",
                "an",
                "--role",
                "uploader",
                "--unit",
                "Phổ An",
                *STDIN,
            ],
            cwd=ROOT,
            env=app.env,
            input=PASSWORD,
            text=True,
            check=True,
            capture_output=True,
        )
        warm_up = browser.new_page()  # the first session of a process runs in Streamlit's old pages/ mode
        warm_up.goto(app.url, wait_until="networkidle")
        warm_up.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=WAIT)
        warm_up.close()
        yield app
    finally:
        stop_server(app)


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(WAIT)
    yield context.new_page()
    context.close()


def sign_in(page) -> None:
    page.get_by_label("Tên đăng nhập").fill("an")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def menu(page) -> list[str]:
    page.get_by_test_id("stSidebarNav").wait_for()
    """The menu's page titles (each link's last line: the first is its icon's name)."""
    return [t.strip().splitlines()[-1] for t in page.get_by_test_id("stSidebarNavLink").all_inner_texts()]


def session_cookie(page) -> dict[str, Any] | None:
    return next((c for c in page.context.cookies() if c["name"] == "ioc_phien"), None)


def test_sign_in_survives_f5_and_sign_out_survives_back(page, server, artifacts):
    page.goto(f"{server.url}/tai-len", wait_until="networkidle")
    sign_in(page)
    page.get_by_text("Bạn được tải lên báo cáo của: Phổ An.").wait_for()
    page.wait_for_url(f"{server.url}/tai-len")
    cookie = session_cookie(page)
    assert cookie is not None, page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    hours_left = (cookie["expires"] - time.time()) / 3600
    assert 11 < hours_left <= 12, hours_left

    page.reload(wait_until="networkidle")
    page.get_by_text("Bạn được tải lên báo cáo của: Phổ An.").wait_for()
    page.get_by_role("button", name="Đăng xuất").wait_for()
    assert "Tải lên báo cáo" in menu(page)
    page.screenshot(path=str(artifacts / "clerk-1-after-f5.png"), full_page=True)

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text("Trang này cần đăng nhập.").wait_for()
    deadline = time.monotonic() + 30
    while session_cookie(page) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_cookie(page) is None
    page.go_back(wait_until="networkidle")
    page.get_by_text("Trang này cần đăng nhập.").wait_for()
    page.get_by_label("Tên đăng nhập").wait_for()
    assert page.get_by_role("button", name="Đăng xuất").count() == 0
    page.reload(wait_until="networkidle")
    page.get_by_text("Trang này cần đăng nhập.").wait_for()
    assert page.get_by_role("button", name="Đăng xuất").count() == 0
    no_traceback(page)


def test_the_sidebar_signs_in_from_any_page_and_the_menu_then_offers_the_upload(page, server, artifacts):
    page.goto(f"{server.url}/giai-ngan", wait_until="networkidle")
    assert "Tải lên báo cáo" not in menu(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Đăng nhập").click()
    page.get_by_role("heading", name="Tài khoản cán bộ").wait_for()
    sign_in(page)
    page.wait_for_url(f"{server.url}/giai-ngan")
    page.get_by_role("button", name="Đăng xuất").wait_for()
    page.get_by_test_id("stSidebar").get_by_text("Nguyễn").or_(
        page.get_by_test_id("stSidebar").get_by_text("Đăng nhập: an")
    ).first.wait_for()
    assert "Tải lên báo cáo" in menu(page)
    page.screenshot(path=str(artifacts / "clerk-2-menu-after-sign-in.png"), full_page=True)
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Tải lên báo cáo").click()
    page.get_by_text("Bạn được tải lên báo cáo của: Phổ An.").wait_for()


def visible_texts(page) -> list[str]:
    """The texts of the file picker a person can see: not hidden, not zero-sized, not clipped away, not an icon."""
    texts: list[str] = page.get_by_test_id("stFileUploader").evaluate(VISIBLE_TEXTS)
    return texts


VISIBLE_TEXTS = """(root) => {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim(), el = node.parentElement;
    if (!text || el.closest('[data-testid="stIconMaterial"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || parseFloat(style.fontSize) === 0) continue;
    if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0) continue;
    let clipped = false;
    for (let a = el; a && a !== root; a = a.parentElement) {
      const s = getComputedStyle(a);
      if ((s.clip && s.clip !== 'auto') || (s.clipPath && s.clipPath !== 'none')) clipped = true;
    }
    if (!clipped) out.push(text);
  }
  return out;
}"""


def pseudo_text(locator, pseudo: str = "::after") -> str:
    content: str = locator.evaluate(f"e => getComputedStyle(e, '{pseudo}').content")
    return content


def test_the_file_picker_speaks_vietnamese_only(page, server, artifacts):
    page.goto(f"{server.url}/tai-len", wait_until="networkidle")
    sign_in(page)
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    dropzone.wait_for()
    page.get_by_text("Kéo thả tệp vào khung trên hoặc bấm “Chọn tệp”.").wait_for()
    instructions = page.get_by_test_id("stFileUploaderDropzoneInstructions").locator("> div")
    assert pseudo_text(instructions) == '"Kéo thả tệp vào đây · tối đa 25 MB mỗi tệp · .xlsx, .xls"'
    button = dropzone.get_by_test_id("stBaseButton-secondary").locator("p")
    assert pseudo_text(button) == '"Chọn tệp"'
    shown = visible_texts(page)
    assert shown == ["Chọn một hoặc nhiều tệp báo cáo Excel (.xlsx, .xls)"], shown  # the rest is drawn by CSS
    accept = page.get_by_test_id("stFileUploaderDropzoneInput").get_attribute("accept") or ""
    assert {a for a in accept.split(",") if a.startswith(".")} == {".xlsx", ".xls"}, accept
    dropzone.screenshot(path=str(artifacts / "clerk-3-picker.png"))

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [
            {
                "name": "bao_cao.xlsm",
                "mimeType": "application/vnd.ms-excel.sheet.macroEnabled.12",
                "buffer": b"PK",
            }
        ]
    )
    page.get_by_test_id("stFileChip").first.wait_for()
    shown = visible_texts(page)
    assert not [t for t in shown if ENGLISH.search(t)], shown
    page.get_by_test_id("stFileUploader").screenshot(path=str(artifacts / "clerk-4-picker-refused-type.png"))


def _get(url: str, headers: dict[str, str]) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Set-Cookie", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Set-Cookie", ""), error.read().decode()


def test_the_routes_refuse_other_sites_and_guessed_codes(server):
    status, cookie, body = _get(
        f"{server.url}/phien/dang-nhap?ma=abc&tiep=/tai-len", {"Sec-Fetch-Site": "cross-site"}
    )
    assert status == 403 and not cookie and "chỉ dùng được từ chính trang này" in body
    status, cookie, body = _get(
        f"{server.url}/phien/dang-nhap?ma=doan-bua&tiep=https://evil.example/",
        {"Sec-Fetch-Site": "same-origin"},
    )
    assert status == 400 and not cookie and "Hãy đăng nhập lại" in body
    assert 'href="/"' in body  # never sent back to another site
    status, cookie, _ = _get(
        f"{server.url}/phien/dang-xuat?tiep=//evil.example", {"Sec-Fetch-Site": "same-origin"}
    )
    assert status == 303 and "ioc_phien=" in cookie and "Max-Age=0" in cookie.replace("max-age", "Max-Age")
