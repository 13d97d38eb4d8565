"""Who is using the app: sign-in form, session expiry, and the role checks pages ask for."""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from streamlit.errors import StreamlitAPIException

from dashboard.auth import Account, AuthError, account_for_oidc, authenticate, client_address
from dashboard.db import get_engine
from dashboard.read_only import READ_ONLY_MESSAGE, is_read_only_error
from dashboard.settings import get_settings

_KEY = "ioc_account"
_SEEN = "ioc_last_seen"


def current_account() -> Account | None:
    """The signed-in account, or None (also once the session has been idle too long)."""
    account: Account | None = st.session_state.get(_KEY)
    if account is None:
        return _oidc_account()
    idle = time.monotonic() - st.session_state.get(_SEEN, 0.0)
    if idle > get_settings().session_minutes * 60:
        sign_out()
        st.info("Phiên làm việc đã hết hạn; hãy đăng nhập lại.")
        return None
    st.session_state[_SEEN] = time.monotonic()
    return account


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
    """Forget the account of this browser session."""
    st.session_state.pop(_KEY, None)
    st.session_state.pop(_SEEN, None)


def sign_in_form(key: str = "sign_in") -> Account | None:
    """A username/password form; returns the account once signed in."""
    with st.form(key, clear_on_submit=False):
        st.subheader("Đăng nhập")
        username = st.text_input("Tên đăng nhập", key=f"{key}_user")
        password = st.text_input("Mật khẩu", type="password", key=f"{key}_password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if not submitted:
        return None
    outcome = sign_in(engine=get_engine(), username=username, password=password, address=_client_address())
    if isinstance(outcome, str):
        st.error(outcome)
        return None
    account = outcome
    st.session_state[_KEY] = account
    st.session_state[_SEEN] = time.monotonic()
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


def sign_in(*, engine: Engine, username: str, password: str, address: str) -> Account | str:
    """Check a sign-in and keep its audit line and failure count: the account, or the message to show instead."""
    with Session(engine) as session:
        try:
            try:
                account = authenticate(session=session, username=username, password=password, address=address)
            except AuthError as exc:
                session.commit()  # the failure count and the audit line are kept
                return exc.message
            session.commit()
        except SQLAlchemyError as exc:
            # Without its audit line and failure count a sign-in would escape the back-off: refuse it.
            session.rollback()
            if not is_read_only_error(exc):
                raise
            return f"Không đăng nhập được: {READ_ONLY_MESSAGE}"
    return account


def require_role(*roles: str) -> Account | None:
    """The account if it has one of the roles; otherwise the sign-in form (or a refusal) and None."""
    account = current_account()
    if account is None:
        st.warning("Trang này cần đăng nhập.")
        return sign_in_form()
    if account.role not in roles:
        st.error("Tài khoản của bạn không có quyền dùng trang này.")
        return None
    return account


def may_view() -> bool:
    """Viewing is open to the LAN unless the deployment asks for sign-in."""
    if get_settings().anonymous_viewers or current_account() is not None:
        return True
    st.warning("Cần đăng nhập để xem bảng điều khiển.")
    sign_in_form("view_sign_in")
    return False
