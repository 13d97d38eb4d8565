"""A sign-in that survives F5: a signed, HttpOnly session cookie backed by a database row.

How a browser gets its cookie (the design):

1. The clerk types the password into the Streamlit form. The script checks it with `auth.authenticate`, so the
   per-account and per-address back-off and the audit line apply exactly as before.
2. On success `open_session` stores a row with the hash of a random one-time code (valid
   `EXCHANGE_SECONDS`, bound to the address the password came from) and the page sends the browser to the
   exchange route (`dashboard/web/signin_routes.py`) with that code. A Streamlit script cannot set an HttpOnly cookie
   (it talks over a websocket), an ordinary HTTP response can.
3. The route calls `exchange`: the code must exist, be unused, unexpired and come from the same address; then a
   fresh random token replaces it (its hash kept, never the token) and the response sets the cookie
   `token.expiry.signature` (HMAC-SHA256) with HttpOnly, SameSite=Strict, Path=/ and Max-Age, and redirects back.
   A refused code counts as a failed sign-in of that address, so the back-off applies to the route too. The route
   answers only navigations the app itself started (Sec-Fetch-Site), so another site cannot sign a browser in.
4. Every script run reads the cookie (`st.context.cookies`) and `account_for_cookie` checks the signature, the
   expiry, the row (not revoked, not idle longer than IOC_SESSION_MINUTES) and the account (still active): the
   role and units come from the account row at that moment.
5. Signing out revokes the row at once and sends the browser to the sign-out route, which clears the cookie. An
   admin disabling ("khóa") an account or setting its password revokes all its rows (`auth.revoke_sessions`).
   A temporary lock after wrong passwords does not: anyone could otherwise throw a signed-in clerk out.

The signing key is IOC_SECRET_KEY, or one generated once and kept in the database so every replica shares it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dashboard.access.auth import Account, to_account
from dashboard.settings import Settings
from dashboard.store.audit import record
from dashboard.store.models import AppSecret, User, WebSession

COOKIE_NAME = "ioc_phien"
EXCHANGE_SECONDS = 60
KEY_NAME = "cookie_signing_key"
TOUCH_SECONDS = 60  # last-seen is written at most once a minute per browser, not on every click


class ExchangeRefused(Exception):
    """A one-time code the route does not accept, with the Vietnamese reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Ticket:
    """What the form hands over after a good password: the row, and the code the browser exchanges once."""

    session_id: int
    code: str


@dataclass(frozen=True)
class Cookie:
    """The value the browser keeps and until when."""

    value: str
    expires_at: datetime

    def max_age(self, now: datetime) -> int:
        return max(0, int((self.expires_at - now).total_seconds()))


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def digest(secret: str) -> str:
    """The hash the database keeps of a token or a code."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def signing_key(settings: Settings, *, session: Session) -> bytes:
    """IOC_SECRET_KEY, else the key generated once into the database (the first replica to need it writes it)."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    stored = session.get(AppSecret, KEY_NAME)
    if stored is None:  # called before any other change of the session, so committing here takes nothing else
        session.add(AppSecret(name=KEY_NAME, value=secrets.token_urlsafe(48), created_at=_now()))
        try:
            session.commit()
        except IntegrityError:  # another replica wrote it first: use that one
            session.rollback()
        stored = session.get(AppSecret, KEY_NAME)
        assert stored is not None
    return stored.value.encode("utf-8")


def _signature(key: bytes, payload: str) -> str:
    mac = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def sign(token: str, expires_at: datetime, key: bytes) -> str:
    """The cookie value: token, expiry (Unix seconds) and their signature."""
    payload = f"{token}.{int(expires_at.timestamp())}"
    return f"{payload}.{_signature(key, payload)}"


def unsign(value: str, key: bytes, now: datetime) -> str | None:
    """The token of a cookie value whose signature holds and whose expiry has not passed; else None."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, expiry, signature = parts
    if not hmac.compare_digest(signature, _signature(key, f"{token}.{expiry}")):
        return None
    if int(expiry) <= now.timestamp():
        return None
    return token


def open_session(
    account: Account, *, session: Session, address: str, settings: Settings, now: datetime | None = None
) -> Ticket:
    """A new browser session for an account that just typed its password; the caller commits."""
    now = now or _now()
    user = session.exec(select(User).where(col(User.username) == account.username)).one()
    assert user.id is not None
    code = secrets.token_urlsafe(32)
    row = WebSession(
        user_id=user.id,
        exchange_hash=digest(code),
        exchange_until=now + timedelta(seconds=EXCHANGE_SECONDS),
        address=address[:64],
        created_at=now,
        expires_at=now + timedelta(hours=settings.session_max_hours),
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return Ticket(row.id, code)


def exchange(
    code: str, *, session: Session, address: str, settings: Settings, now: datetime | None = None
) -> Cookie:
    """Trade a one-time code for the cookie; a refused code is audited as a failed sign-in of the address.

    The caller commits in both cases (the audit line of a refusal is what feeds the back-off).
    """
    now = now or _now()
    key = signing_key(settings, session=session)
    row = session.exec(select(WebSession).where(col(WebSession.exchange_hash) == digest(code))).first()
    why = _exchange_problem(row, address, now)
    if why is not None or row is None:
        record(
            "",
            "login_failed",
            session=session,
            detail=f"mã đăng nhập một lần: {why}",
            address=address,
            at=now,
        )
        raise ExchangeRefused(
            "Không hoàn tất được việc đăng nhập: liên kết đăng nhập đã hết hạn, đã được dùng hoặc không hợp lệ. "
            "Hãy đăng nhập lại."
        )
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        _revoke(row, now, "account_disabled")
        session.add(row)
        raise ExchangeRefused("Tài khoản đã bị khóa; hãy liên hệ quản trị viên.")
    token = secrets.token_urlsafe(32)
    row.token_hash, row.exchange_hash, row.exchange_until = digest(token), None, None
    row.last_seen_at = now
    session.add(row)
    return Cookie(sign(token, _utc(row.expires_at), key), _utc(row.expires_at))


def _exchange_problem(row: WebSession | None, address: str, now: datetime) -> str | None:
    if row is None:
        return "không có hoặc đã dùng"
    if row.revoked_at is not None:
        return "phiên đã đóng"
    if row.exchange_until is None or _utc(row.exchange_until) < now:
        return "hết hạn"
    if not same_client(row.address, address[:64]):
        return f"khác địa chỉ ({row.address})"
    return None


def same_client(first: str, second: str) -> bool:
    """Whether two addresses are one machine: equal, or both this server (Streamlit reports ::1 as 127.0.0.1)."""
    if first == second:
        return True
    try:
        return ipaddress.ip_address(first).is_loopback and ipaddress.ip_address(second).is_loopback
    except ValueError:
        return False


def account_for_cookie(
    value: str, *, session: Session, settings: Settings, now: datetime | None = None
) -> Account | None:
    """The account a cookie value stands for now, or None (bad signature, expired, revoked, idle, disabled)."""
    now = now or _now()
    token = unsign(value, signing_key(settings, session=session), now)
    if token is None:
        return None
    row = session.exec(select(WebSession).where(col(WebSession.token_hash) == digest(token))).first()
    return _live_account(row, settings, now, session=session)


def account_for_session(
    session_id: int, *, session: Session, settings: Settings, now: datetime | None = None
) -> Account | None:
    """The account of a row by id (the tab that typed the password, before its browser has the cookie)."""
    now = now or _now()
    return _live_account(session.get(WebSession, session_id), settings, now, session=session)


def _live_account(
    row: WebSession | None, settings: Settings, now: datetime, *, session: Session
) -> Account | None:
    if row is None or row.revoked_at is not None or _utc(row.expires_at) <= now:
        return None
    idle = now - _utc(row.last_seen_at)
    if idle > timedelta(minutes=settings.session_minutes):
        _revoke(row, now, "idle")
        session.add(row)
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if idle > timedelta(seconds=TOUCH_SECONDS):
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return to_account(user)


def _revoke(row: WebSession, now: datetime, why: str) -> None:
    if row.revoked_at is None:
        row.revoked_at, row.revoked_why = now, why
    row.exchange_hash, row.exchange_until = None, None


def revoke_cookie(
    value: str, *, session: Session, settings: Settings, why: str = "sign_out", now: datetime | None = None
) -> bool:
    """Close the session a cookie value stands for (whatever its expiry); whether there was one open."""
    now = now or _now()
    token = unsign(value, signing_key(settings, session=session), datetime.fromtimestamp(0, UTC))
    if token is None:
        return False
    row = session.exec(select(WebSession).where(col(WebSession.token_hash) == digest(token))).first()
    return _close(row, now, why, session=session)


def revoke_session(
    session_id: int, *, session: Session, why: str = "sign_out", now: datetime | None = None
) -> bool:
    """Close a session by its row id; whether it was open."""
    return _close(session.get(WebSession, session_id), now or _now(), why, session=session)


def _close(row: WebSession | None, now: datetime, why: str, *, session: Session) -> bool:
    if row is None or row.revoked_at is not None:
        return False
    _revoke(row, now, why)
    session.add(row)
    return True
