"""Accounts: hashed passwords, slow-down after repeated failures, who may upload for which unit."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from dashboard.access.auth import (
    Account,
    AuthError,
    add_user,
    address_delay,
    authenticate,
    client_address,
    delay_after,
    set_password,
)
from dashboard.settings import Settings
from dashboard.store.audit import record
from dashboard.store.db import make_engine
from dashboard.store.models import AuditEvent, User
from tests.pages.apptest_data import forget_database, fresh_db, use_data_dir
from ui.session import sign_in

ROOT = Path(__file__).resolve().parents[3]

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


# --- Refused tries are audited; the back-off per source address; a read-only database -------------------------


def _actions(session, *, address=None):
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    return [(e.user, e.action, e.address) for e in events if address is None or e.address == address]


def test_a_try_refused_during_the_back_off_is_audited(session):
    _user(session)
    now = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for _ in range(5):
        with pytest.raises(AuthError):
            authenticate(
                session=session, username="an.nguyen", password="wrong-password", now=now, address="10.1.1.5"
            )
        session.commit()
    with pytest.raises(AuthError, match="thử lại sau 2 giây"):
        authenticate(session=session, username="an.nguyen", password=PASSWORD, now=now, address="10.1.1.5")
    session.commit()
    assert _actions(session)[-1] == ("an.nguyen", "login_refused", "10.1.1.5")
    assert [a for _, a, _ in _actions(session)].count("login_failed") == 5


ADDRESS_SETTINGS = Settings(signin_address_free_failures=3, signin_address_window_minutes=15)


def _add(session, name):
    add_user(session=session, username=name, password=PASSWORD, role="viewer")
    session.commit()


def test_many_accounts_tried_from_one_address_slow_that_address_down(engine):
    """Each account fails once only (no account lock), yet the fourth wrong password closes the address."""
    now = datetime(2026, 1, 1, 8, tzinfo=UTC)
    with Session(engine) as session:
        for name in ["an.nguyen", "binh.tran", "chau.le", "dung.pham", "giang.vo"]:
            _add(session, name)
        for name in ["an.nguyen", "binh.tran", "chau.le", "dung.pham"]:
            with pytest.raises(AuthError, match="Sai tên đăng nhập"):
                authenticate(
                    session=session,
                    username=name,
                    password="guess-123456",
                    now=now,
                    address="10.9.9.9",
                    settings=ADDRESS_SETTINGS,
                )
            session.commit()
    # A second session (another replica would be another process): the count lives in the database.
    with Session(engine) as replica:
        with pytest.raises(AuthError, match=r"từ máy này\. Hãy thử lại sau 1 giây"):
            authenticate(
                session=replica,
                username="giang.vo",
                password=PASSWORD,
                now=now + timedelta(seconds=1),
                address="10.9.9.9",
                settings=ADDRESS_SETTINGS,
            )
        replica.commit()
        assert _actions(replica)[-1] == ("giang.vo", "login_refused", "10.9.9.9")
        # Another machine is not slowed down, and the address may try again once the delay has passed.
        assert authenticate(
            session=replica,
            username="giang.vo",
            password=PASSWORD,
            now=now + timedelta(seconds=1),
            address="10.9.9.10",
            settings=ADDRESS_SETTINGS,
        )
        assert authenticate(
            session=replica,
            username="giang.vo",
            password=PASSWORD,
            now=now + timedelta(seconds=3),
            address="10.9.9.9",
            settings=ADDRESS_SETTINGS,
        )
        replica.commit()
        assert all(u.failed_logins <= 1 for u in replica.exec(select(User)).all())


def test_old_failures_of_an_address_fall_out_of_the_window(session):
    _add(session, "an.nguyen")
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for i in range(4):
        with pytest.raises(AuthError):
            authenticate(
                session=session,
                username=f"nobody{i}",
                password="x-123456789",
                now=start,
                address="10.2.2.2",
                settings=ADDRESS_SETTINGS,
            )
        session.commit()
    later = start + timedelta(minutes=16)
    assert authenticate(
        session=session,
        username="an.nguyen",
        password=PASSWORD,
        now=later,
        address="10.2.2.2",
        settings=ADDRESS_SETTINGS,
    )


@pytest.mark.parametrize(
    ("failures", "seconds"), [(0, 0), (20, 0), (21, 2), (22, 4), (28, 256), (29, 300), (500, 300)]
)
def test_address_delay_grows_and_is_capped(failures, seconds):
    assert address_delay(failures, free=20) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "address"),
    [
        ("10.0.0.7", None, "", "10.0.0.7"),  # no proxy: the peer
        ("10.0.0.7", "6.6.6.6", "", "10.0.0.7"),  # a client's own X-Forwarded-For is not believed
        (None, "6.6.6.6", "", "127.0.0.1"),  # Streamlit reports localhost as None
        (None, "192.168.1.20", "127.0.0.1", "192.168.1.20"),  # nginx on the same host, trusted
        ("10.0.0.2", "192.168.1.20", "10.0.0.2, 10.0.0.3", "192.168.1.20"),
        (
            "10.0.0.2",
            "6.6.6.6, 192.168.1.20",
            "10.0.0.2",
            "192.168.1.20",
        ),  # the left part is the client's lie
        ("10.0.0.2", "192.168.1.20, 10.0.0.3", "10.0.0.2,10.0.0.3", "192.168.1.20"),  # two proxies of ours
        ("10.0.0.9", "192.168.1.20", "10.0.0.2", "10.0.0.9"),  # an untrusted peer
        ("::ffff:127.0.0.1", "192.168.1.20", "127.0.0.1", "192.168.1.20"),  # a dual-stack server's IPv4 peer
        ("::ffff:10.0.0.7", None, "", "10.0.0.7"),
        ("10.0.5.1", "192.168.1.20", "10.0.0.0/16", "192.168.1.20"),  # proxies given as a network
        ("10.0.0.2", "192.168.1.20", "not-an-address", "10.0.0.2"),  # a typo trusts nobody
        ("::1", "192.168.1.20", "::1", "192.168.1.20"),
    ],
)
def test_client_address(peer, forwarded, trusted, address):
    assert client_address(peer, forwarded, trusted) == address


def _read_only(engine):
    """Another engine on the same database that refuses every write (as a read-only replica or a full disk)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return make_engine(f"sqlite:///file:{url.database}?mode=ro&uri=true")
    options = url.query.get("options", "") + " -cdefault_transaction_read_only=on"
    return make_engine(url.update_query_dict({"options": options}).render_as_string(hide_password=False))


def test_sign_in_on_a_read_only_database_says_why(engine):
    with Session(engine) as session:
        _add(session, "an.nguyen")
    read_only = _read_only(engine)
    try:
        for password in (PASSWORD, "wrong-password-1"):
            outcome = sign_in(engine=read_only, username="an.nguyen", password=password, address="10.0.0.1")
            assert isinstance(outcome, str) and "chỉ đọc" in outcome, outcome
    finally:
        read_only.dispose()
    with Session(engine) as session:  # nothing was written, and nothing half-written
        assert _actions(session, address="10.0.0.1") == []


def test_the_sign_in_form_refuses_an_address_in_back_off_and_audits_it(tmp_path, monkeypatch):
    """AppTest of a page with the form: the address (localhost here) is closed by failures stored before."""
    monkeypatch.setenv("IOC_SIGNIN_ADDRESS_FREE_FAILURES", "2")
    use_data_dir(monkeypatch, tmp_path)
    engine = fresh_db()
    try:
        with Session(engine) as session:
            _add(session, "quantri")
            for i in range(10):  # 2^(10-2) = 256 s of back-off: the page run never outlasts it
                record(f"x{i}", "login_failed", session=session, address="127.0.0.1")
            session.commit()
        at = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=60).run()
        at.text_input[0].input("quantri")
        at.text_input[1].input(PASSWORD)
        at.button[0].click()
        at.run()
        assert not at.exception
        assert any("từ máy này" in e.value for e in at.error), [e.value for e in at.error]
        with Session(engine) as session:
            assert _actions(session)[-1] == ("quantri", "login_refused", "127.0.0.1")
    finally:
        forget_database()


def test_the_unknown_name_check_costs_what_a_real_check_costs() -> None:
    """The written-out hash checked for unknown names has the hasher's current parameters (time and memory)."""
    from dashboard.access import auth

    assert not auth._HASHER.check_needs_rehash(auth._DUMMY_HASH)
    assert not auth._verify(auth._DUMMY_HASH, "")
