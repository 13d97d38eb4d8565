"""Memoised reads for read-only sessions: a wall or page build asks the same small questions many times.

A session marked with `read_only` remembers the answers of `memoised` reads (the unit registry, the targets of
a year) for its own short life; nothing written through it could make them stale because it writes nothing.
Unmarked sessions — imports, reverts, admin — always read afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from sqlmodel import Session

_MEMO = "ioc_read_memo"
T = TypeVar("T")


def read_only(*, session: Session) -> Session:
    """Mark the session as used only for reading, so memoised reads are answered once."""
    session.info[_MEMO] = {}
    return session


def memoised(key: Hashable, compute: Callable[[], T], *, session: Session) -> T:
    """`compute()` once per read-only session and key; every time on other sessions."""
    memo: dict[Hashable, object] | None = session.info.get(_MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])
