"""The app loads in a real browser: the overview's figures are drawn with Vietnamese formats."""

import pytest

pytestmark = pytest.mark.browser


def test_overview_loads_in_chromium(app_server, browser, artifacts):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{app_server.url}/", wait_until="networkidle")
        page.get_by_text("Tổng số hồ sơ nhận").first.wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "overview-smoke.png"), full_page=True)
        assert "Traceback" not in page.content()
    finally:
        page.close()
