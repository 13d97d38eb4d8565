"""An admin's change from a page: the account re-read first, one transaction, a refusal shown in plain words."""

from __future__ import annotations

from typing import Protocol

import streamlit as st
from sqlmodel import Session

from dashboard.access.auth import Account
from dashboard.store.db import get_engine
from ui import strings as txt
from ui.upload import fresh_account, literal


def still_admin(admin: Account) -> Account | None:
    """The admin as the database has them now; None, with the reason shown, if they are an admin no more."""
    current = fresh_account(get_engine(), admin)
    if current is None or current.role != "admin":
        st.error(txt.COMMON_ERROR_TAI_KHOAN_CUA_BAN)
        return None
    return current


class SessionAction(Protocol):
    """What `admin_change` calls as `action`: the session is passed by keyword."""

    def __call__(self, username: str, /, *, session: Session) -> str: ...


def admin_change(admin: Account, action: SessionAction, refusals: tuple[type[Exception], ...]) -> str | None:
    """Run `action(username, session=…)` and commit: its message, or None once a refusal is shown.

    The refusals are the errors whose `.message` is meant for the user; anything else is a bug and propagates.
    """
    current = still_admin(admin)
    if current is None:
        return None
    with Session(get_engine()) as session:
        try:
            message = action(current.username, session=session)
            session.commit()
        except refusals as exc:
            session.rollback()
            st.error(literal(getattr(exc, "message", str(exc))))
            return None
    return message
