"""The sign-in cookie: signature, expiry, one-time exchange, revocation on sign-out and when an account is locked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from dashboard.access.auth import Account, add_user, address_wait, set_password, update_user
from dashboard.access.web_sessions import (
    EXCHANGE_SECONDS,
    ExchangeRefused,
    account_for_cookie,
    account_for_session,
    exchange,
    open_session,
    revoke_cookie,
    revoke_session,
    same_client,
    sign,
    signing_key,
    unsign,
)
from dashboard.settings import Settings
from dashboard.store.models import AppSecret, AuditEvent, WebSession

PASSWORD = "Ph0-An-2023-xyz"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HERE = "10.0.0.7"
SETTINGS = Settings(secret_key="", session_minutes=30, session_max_hours=12)
AN = Account("an.nguyen", "Nguyễn Văn An", "uploader", frozenset({"xa-pho-an"}))


def _users(session: Session) -> None:
    add_user(
        session=session,
        username="an.nguyen",
        full_name="Nguyễn Văn An",
        password=PASSWORD,
        role="uploader",
        unit_codes=["xa-pho-an"],
    )
    add_user(session=session, username="quantri", password=PASSWORD, role="admin")
    session.commit()


def _signed_in(session: Session, at: datetime = T0) -> str:
    """A cookie value as the browser gets it from the exchange route."""
    ticket = open_session(AN, session=session, address=HERE, settings=SETTINGS, now=at)
    session.commit()
    cookie = exchange(
        ticket.code, session=session, address=HERE, settings=SETTINGS, now=at + timedelta(seconds=2)
    )
    session.commit()
    return cookie.value


def test_a_signed_value_gives_back_its_token_until_it_expires():
    key = b"k" * 32
    value = sign("abc", T0 + timedelta(hours=1), key)
    assert unsign(value, key, T0) == "abc"
    assert unsign(value, key, T0 + timedelta(hours=1)) is None  # expired
    assert unsign(value, b"another key", T0) is None
    token, expiry, signature = value.split(".")
    later = str(int(expiry) + 86_400)  # the expiry pushed back by the holder of the cookie
    assert unsign(f"{token}.{later}.{signature}", key, T0) is None
    assert unsign(f"xyz.{expiry}.{signature}", key, T0) is None
    assert unsign("garbage", key, T0) is None


def test_the_cookie_stands_for_the_account_and_only_hashes_are_stored(session):
    _users(session)
    value = _signed_in(session)
    assert account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=5)) == AN
    token = value.split(".")[0]
    rows = session.execute(text("SELECT * FROM websession")).mappings().all()
    assert len(rows) == 1
    assert all(token not in str(v) for v in rows[0].values())
    assert rows[0]["token_hash"] and rows[0]["exchange_hash"] is None


def test_the_key_is_generated_once_and_kept_in_the_database(session):
    first = signing_key(SETTINGS, session=session)
    assert signing_key(SETTINGS, session=session) == first and len(first) >= 48
    assert len(session.exec(select(AppSecret)).all()) == 1
    assert (
        signing_key(Settings(secret_key="from-the-environment"), session=session) == b"from-the-environment"
    )


def test_a_cookie_signed_with_another_key_is_refused(session):
    _users(session)
    value = _signed_in(session)
    other = Settings(secret_key="a-different-deployment-key")
    assert account_for_cookie(value, session=session, settings=other, now=T0 + timedelta(minutes=1)) is None


def test_the_code_is_used_once_within_a_minute_from_the_same_address(session):
    _users(session)
    ticket = open_session(AN, session=session, address=HERE, settings=SETTINGS, now=T0)
    session.commit()
    with pytest.raises(ExchangeRefused):  # another machine holding the link
        exchange(ticket.code, session=session, address="10.9.9.9", settings=SETTINGS, now=T0)
    late = T0 + timedelta(seconds=EXCHANGE_SECONDS + 1)
    with pytest.raises(ExchangeRefused):
        exchange(ticket.code, session=session, address=HERE, settings=SETTINGS, now=late)
    exchange(ticket.code, session=session, address=HERE, settings=SETTINGS, now=T0 + timedelta(seconds=5))
    session.commit()
    with pytest.raises(ExchangeRefused, match="đã được dùng"):
        exchange(ticket.code, session=session, address=HERE, settings=SETTINGS, now=T0 + timedelta(seconds=6))


def test_refused_codes_count_toward_the_address_back_off(session):
    _users(session)
    settings = Settings(signin_address_free_failures=2)
    for i in range(3):
        with pytest.raises(ExchangeRefused):
            exchange(f"guess-{i}", session=session, address="10.6.6.6", settings=settings, now=T0)
        session.commit()
    failed = session.exec(select(AuditEvent).where(col(AuditEvent.address) == "10.6.6.6")).all()
    assert [e.action for e in failed] == ["login_failed"] * 3
    assert address_wait("10.6.6.6", T0, settings, session=session) == 2
    assert address_wait(HERE, T0, settings, session=session) == 0


def test_the_cookie_ends_at_its_expiry_however_active(session):
    _users(session)
    value = _signed_in(session)
    for minutes in range(20, 12 * 60, 20):  # a click every 20 minutes all day
        moment = T0 + timedelta(minutes=minutes)
        assert account_for_cookie(value, session=session, settings=SETTINGS, now=moment) == AN
    assert account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(hours=12)) is None


def test_an_idle_session_ends_and_stays_ended(session):
    _users(session)
    value = _signed_in(session)
    assert (
        account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=31)) is None
    )
    assert (
        account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=32)) is None
    )
    row = session.exec(select(WebSession)).one()
    assert row.revoked_why == "idle"


def test_signing_out_revokes_the_cookie_and_the_tab(session):
    _users(session)
    value = _signed_in(session)
    assert revoke_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=1))
    session.commit()
    assert (
        account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=2)) is None
    )
    ticket = open_session(AN, session=session, address=HERE, settings=SETTINGS, now=T0)
    session.commit()
    assert account_for_session(ticket.session_id, session=session, settings=SETTINGS, now=T0) == AN
    assert revoke_session(ticket.session_id, session=session, now=T0)
    session.commit()
    assert account_for_session(ticket.session_id, session=session, settings=SETTINGS, now=T0) is None
    with pytest.raises(ExchangeRefused):  # its code is void too
        exchange(ticket.code, session=session, address=HERE, settings=SETTINGS, now=T0)


def test_locking_an_account_revokes_its_sessions(session):
    _users(session)
    value = _signed_in(session)
    update_user(session=session, username="an.nguyen", by="quantri", active=False)
    session.commit()
    now = T0 + timedelta(minutes=1)
    assert account_for_cookie(value, session=session, settings=SETTINGS, now=now) is None
    update_user(session=session, username="an.nguyen", by="quantri", active=True)  # unlocking opens nothing
    session.commit()
    assert account_for_cookie(value, session=session, settings=SETTINGS, now=now) is None
    assert session.exec(select(WebSession)).one().revoked_why == "account_disabled"


def test_a_new_password_revokes_every_session_of_the_account(session):
    _users(session)
    value = _signed_in(session)
    set_password(session=session, username="an.nguyen", password="Gio-dong-2025-abc", by="quantri")
    session.commit()
    assert (
        account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=1)) is None
    )


def test_a_role_change_applies_to_an_open_session_at_once(session):
    _users(session)
    value = _signed_in(session)
    update_user(session=session, username="an.nguyen", by="quantri", role="viewer")
    session.commit()
    account = account_for_cookie(value, session=session, settings=SETTINGS, now=T0 + timedelta(minutes=1))
    assert account is not None and account.role == "viewer"


def test_this_server_is_one_client_whichever_loopback_address_it_shows():
    assert same_client("127.0.0.1", "::1") and same_client("10.0.0.7", "10.0.0.7")
    assert not same_client("10.0.0.7", "10.0.0.8") and not same_client("127.0.0.1", "10.0.0.7")
    assert not same_client("unknown", "::1")
