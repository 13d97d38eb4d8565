"""Over HTTP: the sign-in back-off per source address, the address taken from a trusted proxy's X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, col, select

from dashboard.store.audit import record
from dashboard.store.db import make_engine
from dashboard.store.models import AuditEvent
from tests.browser.conftest import AppServer, start_server, stop_server

pytestmark = pytest.mark.browser

CLOSED = "10.1.1.1"  # an address that already sent many wrong passwords
OPEN = "10.2.2.2"


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server that trusts the local nginx (127.0.0.1) and slows an address down after 2 wrong passwords."""
    server = start_server(
        tmp_path_factory.mktemp("proxied"),
        {"IOC_TRUSTED_PROXIES": "127.0.0.1", "IOC_SIGNIN_ADDRESS_FREE_FAILURES": "2"},
        seed=False,
    )
    engine = make_engine(f"sqlite:///{server.data_dir / 'ioc.db'}")
    with Session(engine) as session:  # 12 failures a moment ago: 300 s (the cap) of back-off for that address
        for i in range(12):
            record(f"doan{i}", "login_failed", session=session, address=CLOSED)
        session.commit()
    engine.dispose()
    yield server
    stop_server(server)


def _sign_in(browser, url: str, forwarded_for: str) -> list[str]:
    """Try a wrong password on the admin page as nginx would pass it on; the alerts shown afterwards."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": forwarded_for})
    page = context.new_page()
    try:
        page.goto(f"{url}/quan-tri", wait_until="networkidle")
        page.get_by_label("Tên đăng nhập").fill("ai-do")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau-1")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Hãy thử lại sau").or_(page.get_by_text("Sai tên đăng nhập")).first.wait_for(
            timeout=30_000
        )
        alerts: list[str] = page.locator('[data-testid="stAlert"]').all_inner_texts()
        return alerts
    finally:
        context.close()


def _audited(server: AppServer, address: str) -> list[str]:
    engine = make_engine(f"sqlite:///{server.data_dir / 'ioc.db'}")
    with Session(engine) as session:
        rows = session.exec(select(AuditEvent).where(col(AuditEvent.address) == address)).all()
        actions = [e.action for e in rows]
    engine.dispose()
    return actions


@pytest.mark.parametrize(
    ("forwarded_for", "address", "refused"),
    [
        (CLOSED, CLOSED, True),
        (f"{OPEN}, {CLOSED}", CLOSED, True),  # the client's own X-Forwarded-For part is not believed
        (OPEN, OPEN, False),  # another machine behind the same proxy is not slowed down
    ],
)
def test_an_address_in_back_off_is_refused_and_audited(
    proxied_server, browser, forwarded_for, address, refused
):
    before = _audited(proxied_server, address)
    alerts = _sign_in(browser, proxied_server.url, forwarded_for)
    assert any("từ máy này" in a for a in alerts) is refused, alerts
    assert _audited(proxied_server, address)[len(before) :] == [
        "login_refused" if refused else "login_failed"
    ]
