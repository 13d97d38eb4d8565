"""Who is using the app: sign-in form, the session cookie read on every run, and the role checks pages ask for.

The cookie's design (one-time code, exchange route, revocation) is told in dashboard/access/web_sessions.py.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.errors import StreamlitAPIException
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.access.auth import Account, AuthError, account_for_oidc, authenticate, client_address
from dashboard.access.web_sessions import (
    COOKIE_NAME,
    account_for_cookie,
    account_for_session,
    open_session,
    revoke_cookie,
    revoke_session,
)
from dashboard.settings import get_settings
from dashboard.store.audit import record
from dashboard.store.db import get_engine
from dashboard.store.read_only import READ_ONLY_MESSAGE, ReadOnly, unless_read_only
from dashboard.web.signin_routes import SIGN_IN_PATH, SIGN_OUT_PATH, local_page
from ui import strings as txt

_KEY = "ioc_account"
_SEEN = "ioc_last_seen"
_WEB = "ioc_web_session"  # the session row this tab opened with the form, until its browser has the cookie
_EXPIRED_TOLD = "ioc_expired_told"


def current_account() -> Account | None:
    """The signed-in account, or None; checked against the database on every run, so a revoked sign-in ends.

    In order: the session this tab opened with the form (before the cookie arrives), the cookie, an account a
    trusted caller put in the session state (tests), then the identity provider's user.
    """
    settings = get_settings()
    session_id: int | None = st.session_state.get(_WEB)
    cookie = _cookie()
    if session_id is not None or cookie:
        with Session(get_engine()) as session:
            checked = (
                account_for_session(session_id, session=session, settings=settings) if session_id else None
            )
            if checked is None and cookie:
                checked = account_for_cookie(cookie, session=session, settings=settings)
        if checked is not None:
            return checked
        st.session_state.pop(_WEB, None)
        st.session_state.pop(_KEY, None)
        if not st.session_state.get(_EXPIRED_TOLD):
            st.session_state[_EXPIRED_TOLD] = True
            st.info(txt.SESSION_INFO_PHIEN_LAM_VIEC_DA_HET_HAN)
        return _oidc_account()
    account: Account | None = st.session_state.get(_KEY)
    if account is None:
        return _oidc_account()
    idle = time.monotonic() - st.session_state.get(_SEEN, 0.0)
    if idle > settings.session_minutes * 60:
        sign_out()
        st.info(txt.SESSION_INFO_PHIEN_LAM_VIEC_DA)
        return None
    st.session_state[_SEEN] = time.monotonic()
    return account


def _cookie() -> str | None:
    """The session cookie the browser sent when it opened this page (None in tests without a browser)."""
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except (AttributeError, RuntimeError):
        return None
    return value if isinstance(value, str) and value else None


def here() -> str:
    """This page's path and query, to come back to after signing in or out."""
    url = st.context.url
    if not isinstance(url, str) or not url:
        return "/"
    parts = urlsplit(url)
    return local_page(parts.path + (f"?{parts.query}" if parts.query else ""))


def go_to(url: str) -> None:
    """Send the browser to one of the app's own HTTP routes (how st.login reaches its routes too).

    The caller must not rerun the script afterwards: a rerun drops messages not yet sent to the browser.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)


def _oidc_account() -> Account | None:
    """An identity-provider user (st.login) who has a local account with a role."""
    try:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email", ""))
    except (AttributeError, KeyError, StreamlitAPIException):
        return None  # no [auth] section in secrets: OIDC is not configured
    with Session(get_engine()) as session:
        return account_for_oidc(session=session, email=email) if email else None


def sign_out() -> None:
    """Forget the account of this tab (the caller closes the session row and clears the cookie)."""
    st.session_state.pop(_KEY, None)
    st.session_state.pop(_SEEN, None)
    st.session_state.pop(_WEB, None)


def sign_out_everywhere(username: str) -> None:
    """Close this browser's session in the database at once, then let the sign-out route clear its cookie (the
    run stops there when the browser has one to clear)."""
    settings = get_settings()
    session_id: int | None = st.session_state.get(_WEB)
    cookie = _cookie()
    with Session(get_engine()) as session:
        if session_id is not None:
            revoke_session(session_id, session=session)
        if cookie:
            revoke_cookie(cookie, session=session, settings=settings)
        record(username, "logout", session=session)
        session.commit()
    sign_out()
    st.session_state[_EXPIRED_TOLD] = True  # signing out is no expiry to tell about
    if cookie:
        go_to(f"{SIGN_OUT_PATH}?{urlencode({'tiep': here()})}")
        st.info(txt.SESSION_INFO_DANG_DANG_XUAT, icon=":material/logout:")
        st.stop()  # not a rerun: that would drop the redirect before it reaches the browser


def sign_in_form(key: str = "sign_in", back: str | None = None) -> Account | None:
    """A username/password form; returns the account once signed in (the browser then fetches its cookie and
    comes back to `back`, by default this page)."""
    with st.form(key, clear_on_submit=False):
        st.subheader(txt.COMMON_HEADING_DANG_NHAP)
        username = st.text_input(txt.SESSION_LABEL_TEN_DANG_NHAP, key=f"{key}_user")
        password = st.text_input(txt.SESSION_LABEL_MAT_KHAU, type="password", key=f"{key}_password")
        submitted = st.form_submit_button(txt.COMMON_HEADING_DANG_NHAP, type="primary")
    if not submitted:
        return None
    outcome = sign_in(engine=get_engine(), username=username, password=password, address=_client_address())
    if isinstance(outcome, str):
        st.error(outcome)
        return None
    account, session_id, code = outcome
    st.session_state[_KEY] = account
    st.session_state[_SEEN] = time.monotonic()
    st.session_state[_WEB] = session_id
    st.session_state.pop(_EXPIRED_TOLD, None)
    back = local_page(back) if back else here()
    go_to(f"{SIGN_IN_PATH}?{urlencode({'ma': code, 'tiep': back})}")  # the browser comes back with its cookie
    return account


def _client_address() -> str:
    """This browser's address, believing X-Forwarded-For only from a trusted proxy (IOC_TRUSTED_PROXIES)."""
    peer, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    # Only strings count: a test harness without a connection may answer with placeholders.
    return client_address(
        peer if isinstance(peer, str) else None,
        forwarded if isinstance(forwarded, str) else None,
        get_settings().trusted_proxies,
    )


def sign_in(*, engine: Engine, username: str, password: str, address: str) -> tuple[Account, int, str] | str:
    """Check a sign-in and keep its audit line and failure count: the account with its new session row and
    one-time code, or the message to show instead."""
    with Session(engine) as session:

        def attempt() -> tuple[Account, int, str] | str:
            try:
                account = authenticate(session=session, username=username, password=password, address=address)
            except AuthError as exc:
                session.commit()  # the failure count and the audit line are kept
                return exc.message
            ticket = open_session(account, session=session, address=address, settings=get_settings())
            session.commit()
            return account, ticket.session_id, ticket.code

        # Without its audit line and failure count a sign-in would escape the back-off: refuse it.
        outcome = unless_read_only(attempt, session=session)
    return f"Không đăng nhập được: {READ_ONLY_MESSAGE}" if isinstance(outcome, ReadOnly) else outcome


def require_role(*roles: str) -> Account | None:
    """The account if it has one of the roles; otherwise the sign-in form (or a refusal) and None."""
    account = current_account()
    if account is None:
        st.warning(txt.SESSION_WARNING_TRANG_NAY_CAN_DANG)
        return sign_in_form()
    if account.role not in roles:
        st.error(txt.SESSION_ERROR_TAI_KHOAN_CUA_BAN)
        return None
    return account


def may_view() -> bool:
    """Viewing is open to the LAN unless the deployment asks for sign-in."""
    if get_settings().anonymous_viewers or current_account() is not None:
        return True
    st.warning(txt.SESSION_WARNING_CAN_DANG_NHAP_DE)
    sign_in_form("view_sign_in")
    return False
