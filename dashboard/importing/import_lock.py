"""One import plans and stores at a time: a lock taken before planning and held until the commit."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from dashboard.store.read_only import READ_ONLY_MESSAGE, is_read_only_error
from data_loaders.reasons import ReasonCode

# Any constant works; it only has to differ from the migration lock in dashboard.store.db.
_PG_IMPORT_LOCK = 748_360_212
BUSY_MESSAGE = (
    "Một lần nhập số liệu khác đang được lưu và chưa xong sau {seconds} giây. Không có gì được lưu; "
    "hãy tải tệp lên lại sau ít phút."
)


class ImportLockError(Exception):
    """The lock could not be taken: a reason code and a Vietnamese message for the user."""

    def __init__(self, code: ReasonCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def take_import_lock(*, session: Session, wait_seconds: float) -> None:
    """Wait until no other import is between its plan and its commit, then hold that place until this session ends.

    Two imports of the same report must not both plan against the database as it was before either stored:
    each would find nothing to replace and both batches would count. After the lock, the second one's plan sees
    the first one's batch and supersedes it. PostgreSQL: a transaction-level advisory lock (released by commit
    or rollback). SQLite: the database's write lock, taken by `BEGIN IMMEDIATE` on this session's connection.
    """
    connection = session.connection()
    wait_ms = max(1, int(wait_seconds * 1000))
    try:
        if connection.dialect.name == "postgresql":
            # SET LOCAL keeps the limit to this transaction; it bounds the advisory lock wait as well.
            connection.execute(text(f"SET LOCAL lock_timeout = {wait_ms}"))
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_IMPORT_LOCK})
            connection.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
            return
        raw = connection.connection.driver_connection
        if raw is None or raw.in_transaction:  # pragma: no cover - the importer only reads before this point
            raise RuntimeError("the import lock must be taken before the import writes anything")
        previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous or 0)}")
    except OperationalError as exc:
        if is_read_only_error(exc):
            raise ImportLockError(ReasonCode.READ_ONLY_DATABASE, READ_ONLY_MESSAGE) from exc
        if _is_lock_timeout(exc):
            raise ImportLockError(
                ReasonCode.IMPORT_BUSY, BUSY_MESSAGE.format(seconds=round(wait_seconds))
            ) from exc
        raise


def _is_lock_timeout(exc: OperationalError) -> bool:
    """SQLite's 'database is locked' or PostgreSQL's lock_not_available (55P03)."""
    return getattr(exc.orig, "sqlstate", None) == "55P03" or "database is locked" in str(exc.orig)
