"""Recognising a database that refuses writes, and the message that tells the user why nothing was saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

READ_ONLY_MESSAGE = (
    "Cơ sở dữ liệu đang ở chế độ chỉ đọc (bản sao chỉ đọc, đĩa đầy hoặc đang bảo trì) nên không lưu được gì. "
    "Bảng điều khiển vẫn xem được; hãy báo quản trị viên hệ thống rồi thử lại sau."
)
# SQLite's SQLITE_READONLY wording; PostgreSQL's read_only_sql_transaction SQLSTATE.
_SQLITE_READ_ONLY = "readonly database"
_PG_READ_ONLY = "25006"


def is_read_only_error(exc: BaseException) -> bool:
    """Whether a database error (SQLAlchemy's or the driver's) says the database takes no writes."""
    orig = getattr(exc, "orig", None) or exc
    return getattr(orig, "sqlstate", None) == _PG_READ_ONLY or _SQLITE_READ_ONLY in str(orig).lower()


T = TypeVar("T")


class ReadOnly:
    """What `unless_read_only` returns when the database refused the writes."""


READ_ONLY = ReadOnly()


def unless_read_only(work: Callable[[], T], *, session: Session) -> T | ReadOnly:
    """Run `work` (it commits what it writes); if the database takes no writes, roll back and return READ_ONLY.

    Any other database error propagates: only a read-only database is a state the user is told about.
    """
    try:
        return work()
    except SQLAlchemyError as exc:
        session.rollback()
        if not is_read_only_error(exc):
            raise
        return READ_ONLY
