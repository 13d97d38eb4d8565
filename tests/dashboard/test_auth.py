"""Accounts: hashed passwords, slow-down after repeated failures, who may upload for which unit."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from dashboard.auth import Account, AuthError, add_user, authenticate, delay_after, set_password
from dashboard.models import AuditEvent, User

PASSWORD = "Ph0-An-2023-xyz"


def _user(session, **kw):
    user = add_user(
        session=session,
        username="an.nguyen",
        password=PASSWORD,
        role="uploader",
        unit_codes=["xa-pho-an"],
        **kw,
    )
    session.commit()
    return user


def test_no_password_is_stored_in_clear(session):
    _user(session)
    raw = session.execute(text('SELECT * FROM "user"')).mappings().one()
    assert all(PASSWORD not in str(value) for value in raw.values())
    assert raw["password_hash"].startswith("$argon2id$")


def test_right_password_signs_in(session):
    _user(session)
    account = authenticate(session=session, username="AN.NGUYEN ", password=PASSWORD)
    assert account == Account("an.nguyen", "", "uploader", frozenset({"xa-pho-an"}))


def test_five_wrong_passwords_delay_the_next_try_even_with_the_right_one(session):
    _user(session)
    now = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for _ in range(5):
        with pytest.raises(AuthError, match="Sai tên đăng nhập"):
            authenticate(session=session, username="an.nguyen", password="wrong-password", now=now)
        session.commit()
    with pytest.raises(AuthError, match="thử lại sau 2 giây"):
        authenticate(
            session=session, username="an.nguyen", password=PASSWORD, now=now + timedelta(seconds=0.5)
        )
    assert authenticate(
        session=session, username="an.nguyen", password=PASSWORD, now=now + timedelta(seconds=3)
    )
    assert session.exec(select(User)).one().failed_logins == 0


@pytest.mark.parametrize(("failures", "seconds"), [(0, 0), (4, 0), (5, 2), (6, 4), (8, 16), (20, 300)])
def test_delay_grows_and_is_capped(failures, seconds):
    assert delay_after(failures) == timedelta(seconds=seconds)


@pytest.mark.parametrize("password", ["short", "an.nguyen-2024", "1234567890"])
def test_weak_passwords_are_refused(session, password):
    with pytest.raises(AuthError):
        add_user(session=session, username="an.nguyen", password=password, role="admin")


def test_unknown_user_gets_the_same_message_and_is_logged(session):
    with pytest.raises(AuthError, match="Sai tên đăng nhập hoặc mật khẩu"):
        authenticate(session=session, username="nobody", password="whatever-123")
    session.commit()
    assert [e.action for e in session.exec(select(AuditEvent)).all()] == ["login_failed"]


def test_set_password_replaces_the_old_one(session):
    _user(session)
    set_password(session=session, username="an.nguyen", password="Another-pass-42", by="admin")
    with pytest.raises(AuthError):
        authenticate(session=session, username="an.nguyen", password=PASSWORD)
    assert authenticate(session=session, username="an.nguyen", password="Another-pass-42")


@pytest.mark.parametrize(
    ("role", "units", "unit", "allowed"),
    [
        ("admin", [], "xa-pho-chau", True),
        ("uploader", ["xa-pho-an"], "xa-pho-an", True),
        ("uploader", ["xa-pho-an"], "xa-pho-chau", False),
        ("uploader", ["xa-pho-an"], None, False),
        ("viewer", ["xa-pho-an"], "xa-pho-an", False),
    ],
)
def test_who_may_upload_for_a_unit(role, units, unit, allowed):
    assert Account("u", "", role, frozenset(units)).can_upload_for(unit) is allowed
