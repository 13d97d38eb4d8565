"""AppTest: the sign-in page the sidebar's "Đăng nhập" opens, and where the browser may be sent back to."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard.store.db import get_engine
from dashboard.store.models import WebSession
from dashboard.web.signin_routes import local_page
from tests.pages.test_upload_page import PASSWORD, ROOT, app_db, texts  # noqa: F401 (app_db is a fixture)

PAGE = str(ROOT / "pages" / "sign_in.py")


@pytest.mark.usefixtures("app_db")
def test_signing_in_on_the_page_opens_a_session_row_waiting_for_its_cookie():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["tiep"] = "/giai-ngan"
    at.run()
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    at.text_input[0].input("an")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "Đã đăng nhập: an." in texts(at, "success")
    with Session(get_engine()) as session:
        [row] = session.exec(select(WebSession)).all()
    assert row.exchange_hash and row.token_hash is None and row.revoked_at is None
    assert at.session_state["ioc_web_session"] == row.id


@pytest.mark.parametrize(
    ("asked", "sent"),
    [
        ("/tai-len", "/tai-len"),
        ("/thu-tuc-hanh-chinh?ky=2023-07&dv=xa-pho-an", "/thu-tuc-hanh-chinh?ky=2023-07&dv=xa-pho-an"),
        ("https://evil.example/", "/"),
        ("//evil.example/tai-len", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_the_browser_is_only_sent_back_to_a_page_of_this_app(asked, sent):
    assert local_page(asked) == sent
