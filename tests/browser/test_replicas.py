"""Two app processes on one PostgreSQL: an upload through one shows on the other at its next rerun."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from dashboard.store.db import make_engine
from tests.browser.conftest import AppServer, start_server, stop_server
from tests.browser.test_upload_browser import (
    LATE_JULY,
    PASSWORD,
    WAIT,
    choose_files,
    cli,
    sign_in,
    town_received_2023,
)

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
POSTGRES_URL = os.environ.get("IOC_TEST_POSTGRES_URL", "")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, AppServer]]:
    """Replica A (seeded, with an uploader) and replica B, both on a fresh schema of the test server."""
    if not POSTGRES_URL:
        if os.environ.get("IOC_REQUIRE_ALL_TESTS"):
            pytest.fail("IOC_TEST_POSTGRES_URL is not set but CI requires the PostgreSQL tests")
        pytest.skip("IOC_TEST_POSTGRES_URL is not set")
    schema = f"replicas_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + f"options=-csearch_path%3D{schema}"
    env = {"IOC_DATABASE_URL": url}
    a = b = None
    try:
        a = start_server(tmp_path_factory.mktemp("replica_a"), env)
        b = start_server(tmp_path_factory.mktemp("replica_b"), env, seed=False)
        cli(
            a,
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
        yield a, b
    finally:
        for server in (a, b):
            if server is not None:
                stop_server(server)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _shown(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def test_upload_through_one_replica_shows_on_the_other(replicas, browser, artifacts):
    a, b = replicas
    before = town_received_2023(b)
    viewer = browser.new_page(viewport={"width": 1440, "height": 900})
    staff = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        viewer.goto(f"{b.url}/?ky=y2023", wait_until="networkidle")
        viewer.get_by_text(_shown(before)).first.wait_for(timeout=WAIT)  # B has cached the old figures

        staff.goto(f"{a.url}/tai-len", wait_until="networkidle")
        sign_in(staff, "an")
        choose_files(staff, ("pho_an_21-31_07_2023.xlsx", LATE_JULY))
        staff.get_by_text("Tôi đã đọc các cảnh báo trên").click()
        staff.get_by_role("button", name="Lưu 1 tệp vào hệ thống").click()
        staff.get_by_text("Đã lưu “pho_an_21-31_07_2023.xlsx”").wait_for(timeout=WAIT)

        after = town_received_2023(a)
        assert after == before + 158
        # B's next rerun (here: choosing the same period again) asks the database's data version, not its memory.
        viewer.goto(f"{b.url}/?ky=y2023", wait_until="networkidle")
        viewer.get_by_text(_shown(after)).first.wait_for(timeout=WAIT)
        viewer.screenshot(path=str(artifacts / "replica-b-after-upload-on-a.png"), full_page=True)
    finally:
        viewer.close()
        staff.close()
