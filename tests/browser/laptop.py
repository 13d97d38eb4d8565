"""What the leaders' browser tests share: the laptop viewport, a warmed-up server, and reading the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

WAIT = 60_000
VIEWPORT = {"width": 1440, "height": 900}


def warm_up(browser, url: str) -> None:
    """Open "/" first: a fresh process serves its very first session in the old pages-folder mode."""
    tab = browser.new_page()
    try:
        tab.goto(url, wait_until="networkidle")
        # The app's own menu (titles from app.py), not the pages-folder one (file names).
        tab.get_by_test_id("stSidebarNavLink").filter(has_text="Nhiệm vụ").first.wait_for(timeout=WAIT)
    finally:
        tab.close()


def laptop_tab(browser) -> Iterator[object]:
    """For a fixture: a 1440×900 tab that accepts downloads, closed after the test."""
    tab = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    yield tab
    tab.close()


def metric_value(page, label: str) -> str:
    """The value shown on the card with this label."""
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    metric.wait_for(timeout=WAIT)
    return str(metric.get_by_test_id("stMetricValue").inner_text()).strip()


def chart_title(page, text: str) -> None:
    """Wait until a Plotly chart whose title states this point is drawn."""
    page.locator(".gtitle", has_text=text).first.wait_for(timeout=WAIT)


def no_traceback(page) -> None:
    html = page.content()
    assert "Traceback" not in html and "stException" not in html


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as the content."""
    height = page.evaluate(
        "() => Math.max(900, ...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height + 80, 16_000)})
    page.wait_for_timeout(1_500)  # charts re-lay out to the new window
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
