"""Accounts and roles: argon2 password hashes, sign-in with slow-down after failures, who may upload what."""

from __future__ import annotations

import ipaddress
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from dashboard.settings import Settings, get_settings
from dashboard.store.audit import record
from dashboard.store.models import AuditEvent, User, WebSession

Role = Literal["viewer", "uploader", "admin"]
ROLES: dict[str, str] = {"viewer": "Xem", "uploader": "Cập nhật số liệu", "admin": "Quản trị"}
MIN_PASSWORD_LENGTH = 10
FREE_FAILURES = 4  # the fifth wrong password in a row starts the delays
_HASHER = PasswordHasher()  # argon2id with the library's current parameters
# A hash of no one's password with the hasher's parameters, written out: checking it costs what checking a real
# hash costs, and hashing it afresh cost every process (each command-line import) about 0.1–1 s at start.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$SAWUXgfC35uAqFqDLTvonA$Kiw/baUGC7pGMbZMwQ/PXBGhgGTKBmNieGB74a3AJqg"
)


class AuthError(Exception):
    """A refused account operation, with a Vietnamese message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Account:
    """The signed-in user as pages see it (no hash, no ORM object)."""

    username: str
    full_name: str
    role: Role
    unit_codes: frozenset[str]

    def can_upload_for(self, unit_code: str | None) -> bool:
        """Admins upload anything; uploaders only for their units (a town-wide file needs the town's code)."""
        if self.role == "admin":
            return True
        return self.role == "uploader" and unit_code is not None and unit_code in self.unit_codes


def _now() -> datetime:
    return datetime.now(UTC)


def delay_after(failures: int) -> timedelta:
    """How long sign-in stays closed after this many failures in a row: 0 up to 4, then 2, 4, 8 … 300 s."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return timedelta(seconds=min(300, 2 ** (failures - FREE_FAILURES)))


def check_password_strength(password: str, username: str) -> None:
    """Refuse short or obvious passwords: there is never a default password that works."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if username.lower() in password.lower() or password.lower() in {"1234567890", "matkhau123", "password12"}:
        raise AuthError("Mật khẩu quá dễ đoán; hãy chọn mật khẩu khác (không chứa tên đăng nhập).")


def add_user(
    *,
    session: Session,
    username: str,
    password: str | None,
    role: Role,
    full_name: str = "",
    unit_codes: list[str] | None = None,
    by: str = "cli",
) -> User:
    """Create an account (password hashed with argon2id; None only for OIDC accounts)."""
    username = username.strip().lower()
    if not username:
        raise AuthError("Tên đăng nhập không được để trống.")
    if role not in ROLES:
        raise AuthError(f"Vai trò “{role}” không hợp lệ; chỉ nhận: {', '.join(ROLES)}.")
    if session.exec(select(User).where(col(User.username) == username)).first() is not None:
        raise AuthError(f"Tài khoản “{username}” đã tồn tại.")
    if password is not None:
        check_password_strength(password, username)
    user = User(
        username=username,
        full_name=full_name,
        password_hash=_HASHER.hash(password) if password is not None else "",
        role=role,
        unit_codes_json=json.dumps(sorted(unit_codes or [])),
        created_at=_now(),
    )
    session.add(user)
    session.flush()
    record(by, "user_add", session=session, detail=f"{username} ({role})")
    return user


def set_password(*, session: Session, username: str, password: str, by: str) -> None:
    """Replace a password (and clear any lock-out)."""
    user = _get(username, session=session)
    check_password_strength(password, user.username)
    user.password_hash = _HASHER.hash(password)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    revoke_sessions(
        user, "password_set", session=session
    )  # whoever knew the old password is signed out everywhere
    record(by, "password_set", session=session, detail=user.username)


def list_users(*, session: Session) -> list[User]:
    """Every account, by username."""
    return list(session.exec(select(User).order_by(col(User.username))).all())


def update_user(
    *,
    session: Session,
    username: str,
    by: str,
    role: Role | None = None,
    unit_codes: list[str] | None = None,
    active: bool | None = None,
) -> User:
    """Change an account's role, units or active flag; the last active admin can be neither demoted nor locked."""
    user = _get(username, session=session)
    if role is not None and role not in ROLES:
        raise AuthError(f"Vai trò “{role}” không hợp lệ; chỉ nhận: {', '.join(ROLES)}.")
    loses_admin = user.role == "admin" and user.active and (active is False or role not in (None, "admin"))
    admins = session.exec(select(User).where(col(User.role) == "admin", col(User.active))).all()
    if loses_admin and len(admins) <= 1:
        raise AuthError(
            "Đây là tài khoản quản trị cuối cùng đang hoạt động; hãy tạo quản trị viên khác trước."
        )
    changes: list[str] = []
    if role is not None and role != user.role:
        changes.append(f"vai trò {user.role} → {role}")
        user.role = role
    if unit_codes is not None and sorted(unit_codes) != json.loads(user.unit_codes_json):
        user.unit_codes_json = json.dumps(sorted(unit_codes))
        changes.append(f"đơn vị {', '.join(sorted(unit_codes)) or '(không)'}")
    if active is not None and active != user.active:
        user.active, user.failed_logins, user.locked_until = active, 0, None
        changes.append("mở khóa" if active else "khóa")
        if not active:
            revoke_sessions(user, "account_disabled", session=session)
    session.add(user)
    if changes:
        record(by, "user_update", session=session, detail=f"{user.username}: {'; '.join(changes)}")
    return user


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    now: datetime | None = None,
    address: str | None = None,
    settings: Settings | None = None,
) -> Account:
    """Check a password; after repeated failures of the account or of the address refuse tries for a while.

    Every refused try is audited, those refused during a back-off too, with the client's address.
    """
    now = now or _now()
    settings = settings or get_settings()
    name = username.strip().lower()
    wait = _address_wait(address, now, settings, session=session) if address else 0
    if wait:
        record(
            name,
            "login_refused",
            session=session,
            detail=f"địa chỉ tạm chặn ({wait} s)",
            address=address,
            at=now,
        )
        raise AuthError(f"Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau {wait} giây.")
    user = session.exec(select(User).where(col(User.username) == name)).first()
    if user is None or not user.active or not user.password_hash:
        _verify(_DUMMY_HASH, password)  # same work either way, so timing does not reveal which names exist
        record(
            username,
            "login_failed",
            session=session,
            detail="unknown or inactive account",
            address=address,
            at=now,
        )
        raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")
    locked = user.locked_until
    if locked is not None and locked.tzinfo is None:
        locked = locked.replace(tzinfo=UTC)
    if locked is not None and now < locked:
        wait = math.ceil((locked - now).total_seconds())
        record(
            user.username,
            "login_refused",
            session=session,
            detail=f"tài khoản tạm khóa ({wait} s)",
            address=address,
            at=now,
        )
        raise AuthError(f"Đăng nhập sai nhiều lần. Hãy thử lại sau {wait} giây.")
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        delay = delay_after(user.failed_logins)
        user.locked_until = now + delay if delay else None
        session.add(user)
        record(
            user.username,
            "login_failed",
            session=session,
            detail=f"lần thứ {user.failed_logins}",
            address=address,
            at=now,
        )
        raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    session.add(user)
    record(user.username, "login", session=session, address=address, at=now)
    return to_account(user)


def revoke_sessions(user: User, why: str, now: datetime | None = None, *, session: Session) -> int:
    """Close every open browser session of an account (disabled, password changed); how many were open."""
    now = now or _now()
    rows = session.exec(
        select(WebSession).where(col(WebSession.user_id) == user.id, col(WebSession.revoked_at).is_(None))
    ).all()
    for row in rows:
        row.revoked_at, row.revoked_why = now, why
        row.exchange_hash, row.exchange_until = None, None
        session.add(row)
    return len(rows)


def address_wait(
    address: str, now: datetime | None = None, settings: Settings | None = None, *, session: Session
) -> int:
    """Seconds until sign-in from this address is open again (0: open now), for routes that take sign-ins."""
    return _address_wait(address, now or _now(), settings or get_settings(), session=session)


def address_delay(failures: int, free: int) -> timedelta:
    """How long sign-in from one address stays closed after this many recent failures: 0 up to `free`, then 2 s…300 s."""
    if failures <= free:
        return timedelta(0)
    return timedelta(seconds=min(300, 2 ** min(failures - free, 9)))


def _address_wait(address: str, now: datetime, settings: Settings, *, session: Session) -> int:
    """Seconds until this address may try again, from the wrong passwords it sent within the window.

    Counted in the audit log, so every replica of the app sees the same count.
    """
    since = now - timedelta(minutes=settings.signin_address_window_minutes)
    failures, last = session.execute(
        sa_select(func.count(), func.max(col(AuditEvent.at))).where(
            col(AuditEvent.address) == address,
            col(AuditEvent.action) == "login_failed",
            col(AuditEvent.at) >= since,
        )
    ).one()
    delay = address_delay(int(failures), settings.signin_address_free_failures)
    if not delay or last is None:
        return 0
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    remaining = (last + delay - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: str) -> str:
    """The address a request came from: X-Forwarded-For only when the peer is a proxy we trust.

    The proxy appends the address it saw, so the list is read from the right, skipping our own proxies; whatever
    a client wrote to the left of that is not believed. Streamlit reports a localhost peer as None; a dual-stack
    server reports IPv4 peers as `::ffff:a.b.c.d`, which is the IPv4 address. Proxies may be given as networks.
    """
    peer = _plain_ip(peer) if peer else "127.0.0.1"
    trusted = [net for p in trusted_proxies.split(",") if (net := _network(p.strip())) is not None]

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip.version == net.version and ip in net for net in trusted)

    if not forwarded_for or not is_trusted(peer):
        return peer
    hops = [_plain_ip(h.strip()) for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop[:64]
    return hops[0][:64] if hops else peer


def _plain_ip(address: str) -> str:
    """The address in its usual form (IPv4-mapped IPv6 as IPv4); text that is no address is kept as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    mapped = getattr(ip, "ipv4_mapped", None)
    return str(mapped or ip)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(_plain_ip(text), strict=False) if text else None
    except ValueError:
        return None  # a typo in IOC_TRUSTED_PROXIES trusts nothing rather than everything


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _get(username: str, *, session: Session) -> User:
    user = session.exec(select(User).where(col(User.username) == username.strip().lower())).first()
    if user is None:
        raise AuthError(f"Không có tài khoản “{username}”.")
    return user


def to_account(user: User) -> Account:
    """The page-facing view of a user."""
    role: Role = user.role  # type: ignore[assignment]
    return Account(user.username, user.full_name, role, frozenset(json.loads(user.unit_codes_json)))


def account_for_oidc(*, session: Session, email: str) -> Account | None:
    """The local account of an identity-provider user (matched by e-mail as the username), if an admin made one."""
    user = session.exec(select(User).where(col(User.username) == email.strip().lower())).first()
    return to_account(user) if user is not None and user.active else None
