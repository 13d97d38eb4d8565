"""The overview's first screen in Chromium at 1440×900: the five most behind and the unit × area status matrix lie
within the first 900 px; the matrix scrolls inside itself and its unit names open the unit's overview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.laptop import VIEWPORT, WAIT, no_traceback

pytestmark = pytest.mark.browser

MATRIX = "[data-testid=ioc-status-matrix]"


def test_five_most_behind_and_the_matrix_fit_the_first_screen(samples, page, artifacts: Path):
    page.goto(samples.url, wait_until="networkidle")  # a first view: the dossiers' newest month
    matrix = page.locator(MATRIX)
    matrix.wait_for(timeout=WAIT)
    page.wait_for_timeout(1_000)
    no_traceback(page)
    page.screenshot(path=str(artifacts / "tong-quan-man-hinh-dau.png"))
    five = [page.get_by_role("link", name=re.compile(rf"^{i}\. ")).first for i in range(1, 6)]
    boxes = [item.bounding_box() for item in five]
    assert all(box is not None for box in boxes)
    # Each item names the unit that answers for it (after the dash) and lies wholly on the first screen.
    for item, box in zip(five, boxes, strict=True):
        assert re.search(r" — \S", item.inner_text())
        assert box["y"] + box["height"] <= VIEWPORT["height"]
    table = matrix.bounding_box()
    assert table is not None and table["y"] + table["height"] <= VIEWPORT["height"]
    # More units than fit: the box scrolls inside itself instead of pushing the cards down.
    assert matrix.evaluate("e => e.scrollHeight > e.clientHeight")
    headers = [str(t).strip() for t in matrix.locator("th").all_inner_texts()]
    assert headers == ["Đơn vị", "Hồ sơ TTHC", "Thu NS", "Chi NS", "Giải ngân", "Nhiệm vụ", "Chỉ số 766"]
    title_top = page.locator("h1").first.bounding_box()["y"]
    assert title_top < 40  # no empty band above the title


def test_a_unit_name_opens_its_overview_with_the_period_kept(samples, page):
    page.goto(f"{samples.url}/?ky=m2023-05", wait_until="networkidle")
    matrix = page.locator(MATRIX)
    matrix.wait_for(timeout=WAIT)
    # The root unit's row (the town's own reports) opens the whole area, as its picker entry does: take another.
    first = matrix.locator("td.unit a:not([href$='dv=thi-xa-duc-pho'])").first
    href = first.get_attribute("href")
    assert href is not None and re.fullmatch(r"/\?ky=m2023-05&dv=[a-z0-9-]+", href)
    first.click()
    page.wait_for_url(re.compile(r"/\?ky=m2023-05&dv=[a-z0-9-]+$"), timeout=WAIT)
    page.locator(MATRIX).wait_for(timeout=WAIT)
    assert page.locator(MATRIX).locator("td.unit").count() == 1  # the unit's own row
    no_traceback(page)
