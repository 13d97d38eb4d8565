"""What a leader reads at 1440×900 is whole and written one way: money in the formatting module's one format
(tỷ đồng with three decimals in headlines, triệu đồng in tables), the real minus sign, verdict words not cut, no
label or link cut off, sources folded, no empty band above the title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.laptop import WAIT, no_traceback, screenshot
from ui.finance import VERDICT_WIDTH

pytestmark = pytest.mark.browser

CELL_PADDING = 2 * 8  # the grid's left and right cell padding, in pixels
TASKS_VERDICT_WIDTH = 150  # pages/tasks.py WIDTHS["verdict"]
MONEY_PAGES = {
    "thu-ngan-sach": "thu-ngan-sach?ky=n2023-5",
    "chi-ngan-sach": "chi-ngan-sach?ky=n2023-5",
    "giai-ngan": "giai-ngan?ky=m2023-05",
    "tong-quan": "?ky=m2023-05",
}
TY = r"\d{1,3}(?:\.\d{3})*,\d{3}"  # 70,264 · 1.253,390
TRIEU = r"\d{1,3}(?:\.\d{3})*(?:,\d)?"  # 66.882 · 7.722,4
NUMBER_BEFORE_UNIT = re.compile(r"([−+-]?[\d.,]+)\s*(tỷ đồng|triệu đồng)")


def texts(page, test_id: str) -> list[str]:
    return [str(t).strip() for t in page.get_by_test_id(test_id).all_inner_texts()]


def open_all(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.get_by_test_id("stMetric").first.wait_for(timeout=WAIT)
    page.wait_for_timeout(1_500)
    no_traceback(page)


@pytest.mark.parametrize("name", list(MONEY_PAGES))
def test_every_money_text_is_written_one_way(samples, page, name: str, artifacts: Path):
    open_all(page, f"{samples.url}/{MONEY_PAGES[name]}")
    cards = page.get_by_test_id("stMetric")
    headline_money = 0
    for i in range(cards.count()):
        label = str(cards.nth(i).get_by_test_id("stMetricLabel").inner_text()).strip()
        value = str(cards.nth(i).get_by_test_id("stMetricValue").inner_text()).strip()
        assert "triệu đồng" not in label, f"a headline in triệu đồng: {label}"
        if "tỷ đồng" in label and value != "chưa có dữ liệu":
            assert re.fullmatch(TY, value), f"{label}: {value}"
            headline_money += 1
    shown = " \n".join(
        [*texts(page, "stMetric"), *texts(page, "stCaptionContainer"), *texts(page, "stMarkdownContainer")]
    )
    for number, unit in NUMBER_BEFORE_UNIT.findall(shown):
        assert re.fullmatch(TY if unit == "tỷ đồng" else TRIEU, number.lstrip("−+")), f"{number} {unit}"
        headline_money += 1
    assert headline_money >= 1  # the page does show money
    # One minus sign: a figure never starts with the ASCII hyphen.
    assert not re.search(r"(?<![\w/.])-\d", shown), re.findall(r".{20}(?<![\w/.])-\d.{10}", shown)
    screenshot(page, artifacts / f"mot-cach-viet-tien-{name}.png")


@pytest.mark.parametrize(
    ("path", "width"),
    [("nhiem-vu?ky=y2022", TASKS_VERDICT_WIDTH), ("giai-ngan?ky=m2023-05", VERDICT_WIDTH)],
)
def test_verdict_words_are_shown_whole(samples, page, path: str, width: int):
    open_all(page, f"{samples.url}/{path}")
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    grid.wait_for(timeout=WAIT)
    measured = page.evaluate(
        """() => {
        const out = [];
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '14px ' + getComputedStyle(document.body).fontFamily;
        for (const g of document.querySelectorAll('[data-testid=stDataFrame]')) {
          const heads = [...g.querySelectorAll('[role=columnheader]')];
          const verdict = heads.find(h => h.innerText.trim() === 'Đánh giá');
          if (!verdict) continue;
          const col = verdict.getAttribute('aria-colindex');
          const cells = [...g.querySelectorAll(`[role=gridcell][aria-colindex="${col}"]`)];
          out.push({grid: g.getBoundingClientRect().width,
                    words: cells.map(c => [c.innerText.trim(), ctx.measureText(c.innerText.trim()).width])});
        }
        return out;
    }"""
    )
    assert measured, "no table with a verdict column"
    words = {w for table in measured for w, _ in table["words"]}
    assert words & {"🔴 Chậm", "✅ Đạt", "⚠️ Gần đạt", "— chưa đến hạn"}
    for table in measured:
        assert table["grid"] >= 900  # the table has the page's width at 1440 px
        for word, pixels in table["words"]:
            assert pixels + CELL_PADDING <= width, f"{word!r} needs {pixels:.0f} px"


@pytest.mark.parametrize("path", ["?ky=m2023-05", "thu-tuc-hanh-chinh?ky=m2023-05", "giai-ngan?ky=m2023-05"])
def test_nothing_is_cut_and_the_title_starts_near_the_top(samples, page, path: str, artifacts: Path):
    open_all(page, f"{samples.url}/{path}")
    cut = page.evaluate(
        """() => [...document.querySelectorAll(
            '[data-testid=stMetricLabel] *, [data-testid=stMetricValue] *, [data-testid=stPageLink-NavLink] *')]
          // Words only: an emoji icon's glyph overhangs its box without hiding anything.
          .filter(e => e.children.length === 0 && (e.textContent || "").trim().length > 2)
          .filter(e => e.scrollWidth > e.clientWidth + 1)
          .map(e => e.textContent)"""
    )
    assert cut == []
    title_top = page.locator("h1").first.bounding_box()["y"]
    assert title_top < 80  # Streamlit's default leaves ~110 px blank above it
    # Sources: one folded line per section, the files inside.
    assert page.get_by_text("Nguồn số liệu").count() >= 1
    body = page.inner_text("body")
    assert "bởi mẫu" not in body and "bởi cli" not in body
    screenshot(page, artifacts / f"vua-man-hinh-{path.split('?')[0] or 'tong-quan'}.png")
