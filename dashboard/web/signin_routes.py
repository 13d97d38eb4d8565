"""The two HTTP routes of the sign-in cookie (design: dashboard/access/web_sessions.py), served next to Streamlit's app.

GET /phien/dang-nhap?ma=CODE&tiep=/tai-len  trades a one-time code for the cookie, then back to the page.
GET /phien/dang-xuat?tiep=/tai-len           closes the session of the cookie, clears it, then back to the page.

Both answer only navigations the app itself started (Sec-Fetch-Site same-origin; a browser that sends no such
header is believed only when its Referer is this origin), so a link on another site can neither sign a
browser in to someone else's account nor out of its own.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard.access.auth import address_wait, client_address
from dashboard.access.web_sessions import COOKIE_NAME, Cookie, ExchangeRefused, exchange, revoke_cookie
from dashboard.settings import get_settings
from dashboard.store.db import get_engine
from dashboard.store.read_only import READ_ONLY_MESSAGE, ReadOnly, is_read_only_error, unless_read_only

SIGN_IN_PATH = "/phien/dang-nhap"
SIGN_OUT_PATH = "/phien/dang-xuat"
# A page of this app: a path without a scheme, host or "//", with an optional query (?ky=…&dv=…).
_LOCAL_PAGE = re.compile(r"/(?!/)[A-Za-z0-9\-_/]*(\?[A-Za-z0-9\-_.~=&%+]*)?")
_NO_STORE = {"Cache-Control": "no-store"}


def local_page(target: str | None) -> str:
    """Where to send the browser back to: the page asked for when it is one of ours, else the overview."""
    return target if target and _LOCAL_PAGE.fullmatch(target) else "/"


def _address(request: Request) -> str:
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), get_settings().trusted_proxies)


def _from_this_app(request: Request) -> bool:
    """Whether the navigation was started by a page of this origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    referer = urlsplit(request.headers.get("referer", ""))
    return bool(referer.netloc) and referer.netloc == request.headers.get("host", "")


def _secure(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, or as a trusted proxy says)."""
    if request.url.scheme == "https":
        return True
    proxied = _address(request) != (request.client.host if request.client else "127.0.0.1")
    return proxied and request.headers.get("x-forwarded-proto", "") == "https"


def _page(status: int, title: str, message: str, back: str) -> HTMLResponse:
    """A plain Vietnamese page (no script) for a refusal."""
    body = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>IOC Đức Phổ</title></head>'
        f'<body style="font-family: sans-serif; margin: 3rem"><h1>{html.escape(title)}</h1>'
        f'<p>{html.escape(message)}</p><p><a href="{html.escape(back)}">Quay lại trang trước</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=_NO_STORE)


def sign_in(request: Request) -> Response:
    """Trade the one-time code for the session cookie; refusals count toward the address's back-off."""
    back = local_page(request.query_params.get("tiep"))
    if not _from_this_app(request):
        return _page(
            403, "Không đăng nhập được", "Liên kết đăng nhập chỉ dùng được từ chính trang này.", back
        )
    settings, address = get_settings(), _address(request)
    code = request.query_params.get("ma", "")
    with Session(get_engine(settings)) as session:

        def attempt() -> Response | Cookie:
            """The refusal page, or the cookie's value once the code is exchanged (the failed try is kept)."""
            wait = address_wait(address, session=session, settings=settings)
            if wait:
                message = f"Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau {wait} giây."
                return _page(429, "Tạm dừng đăng nhập", message, back)
            try:
                cookie = exchange(code, session=session, address=address, settings=settings)
            except ExchangeRefused as refused:
                session.commit()  # the failed try is kept for the back-off
                return _page(400, "Không đăng nhập được", refused.message, back)
            session.commit()
            return cookie

        outcome = unless_read_only(attempt, session=session)
    if isinstance(outcome, ReadOnly):
        return _page(503, "Không đăng nhập được", READ_ONLY_MESSAGE, back)
    if isinstance(outcome, Response):
        return outcome
    cookie = outcome
    response = RedirectResponse(back, status_code=303, headers=_NO_STORE)
    response.set_cookie(
        COOKIE_NAME,
        cookie.value,
        max_age=cookie.max_age(datetime.now(UTC)),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    return response


def sign_out(request: Request) -> Response:
    """Close the cookie's session and clear the cookie."""
    back = local_page(request.query_params.get("tiep"))
    if not _from_this_app(request):
        return _page(
            403, "Không đăng xuất được", "Liên kết đăng xuất chỉ dùng được từ chính trang này.", back
        )
    value = request.cookies.get(COOKIE_NAME)
    if value:
        settings = get_settings()
        with Session(get_engine(settings)) as session:
            try:
                revoke_cookie(value, session=session, settings=settings)
                session.commit()
            except SQLAlchemyError as exc:  # the page already closed the session; the cookie goes anyway
                session.rollback()
                if not is_read_only_error(exc):
                    raise
    response = RedirectResponse(back, status_code=303, headers=_NO_STORE)
    response.delete_cookie(COOKIE_NAME, path="/", secure=_secure(request), httponly=True, samesite="strict")
    return response


def signin_routes() -> list[BaseRoute]:
    """The routes for st.App(routes=...)."""
    return [Route(SIGN_IN_PATH, sign_in, methods=["GET"]), Route(SIGN_OUT_PATH, sign_out, methods=["GET"])]
