"""Day one on a sample installation: each leaders' page, opened at its plain address (no period in the URL, as
from the menu), shows figures of its dataset's newest month and names that month.

The expected month is read from the server's own database, so the test follows the sample data, not a typed date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session

from base.periods import Selected
from dashboard.queries.data_extent import data_extents, latest_month
from dashboard.store.db import make_engine
from tests.browser.conftest import AppServer
from tests.browser.laptop import WAIT, no_traceback, warm_up

pytestmark = pytest.mark.browser

# Each leaders' page and the dataset whose newest month it opens on.
LEADERS_PAGES = [
    ("/", "dossiers"),
    ("/thu-tuc-hanh-chinh", "dossiers"),
    ("/thu-ngan-sach", "revenue"),
    ("/chi-ngan-sach", "expenditure"),
    ("/giai-ngan", "disbursement"),
    ("/nhiem-vu", "tasks"),
    ("/chi-so-766", "service_index"),
]
NO_DATA = "chưa có dữ liệu"


@pytest.fixture(scope="module")
def newest(app_server: AppServer, browser) -> dict[str, Selected]:
    """Each dataset's newest month in the sample installation's database; every leaders' dataset must have one."""
    warm_up(browser, app_server.url)
    engine = make_engine(f"sqlite:///{app_server.data_dir / 'ioc.db'}")
    try:
        with Session(engine) as session:
            extents = data_extents(session=session)
    finally:
        engine.dispose()
    months = {dataset: latest_month(extents, dataset) for _, dataset in LEADERS_PAGES}
    missing = sorted(d for d, month in months.items() if month is None)
    assert missing == [], f"the sample data has nothing for {missing}"
    return {d: m for d, m in months.items() if m is not None}


@pytest.mark.parametrize(("path", "dataset"), LEADERS_PAGES, ids=[p for p, _ in LEADERS_PAGES])
def test_a_leaders_page_opens_on_figures_and_names_their_month(
    app_server: AppServer, newest: dict[str, Selected], page, path: str, dataset: str, artifacts: Path
) -> None:
    month = newest[dataset]
    page.goto(f"{app_server.url}{path}", wait_until="networkidle")
    page.get_by_text(f"Số liệu mới nhất: {month.label.lower()}.").first.wait_for(timeout=WAIT)
    page.wait_for_url(f"{app_server.url}{path}?ky={month.token}", timeout=WAIT)  # so the view can be sent on
    if dataset == "service_index":
        # The portal scores no unit of the town itself (the page says so rather than show the province's score
        # as the town's): the first figures are the ranking, whose caption counts the units it ranks.
        ranked = page.get_by_text(re.compile(r"^[1-9][\d.]* đơn vị; tô màu")).first
        ranked.wait_for(timeout=WAIT)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=WAIT)
        # The ranking's period choice opens on that month.
        page.get_by_test_id("stRadio").filter(has_text=month.label).first.wait_for(timeout=WAIT)
    else:
        main = page.get_by_test_id("stMetric").first
        main.wait_for(timeout=WAIT)
        label = main.get_by_test_id("stMetricLabel").inner_text().strip()
        value = main.get_by_test_id("stMetricValue").inner_text().strip()
        assert NO_DATA not in value.lower() and re.search(r"\d", value), f"{path}: {label} = {value!r}"
        # The scope line above the cards names the month too ("Toàn thị xã · Tháng 12/2023 · …").
        page.get_by_text(re.compile(re.escape(f" · {month.label}"))).first.wait_for(timeout=WAIT)
    no_traceback(page)
    name = path.strip("/") or "tong-quan"
    page.screenshot(path=str(artifacts / f"ngay-dau-{name}.png"))
