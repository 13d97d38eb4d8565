"""The database: engine for SQLite (default) or PostgreSQL, schema migrations at start, sessions."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, create_engine

from dashboard.settings import Settings, get_settings
from dashboard.store.models import DataVersion
from dashboard.store.read_only import is_read_only_error

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works: it only keeps two replicas from migrating the same PostgreSQL at once.
_PG_MIGRATION_LOCK = 748_360_211
# How SQLite and PostgreSQL say a write waited too long for another writer's lock.
_BUSY_SIGNS = ("database is locked", "database is busy", "database table is locked", "lock timeout")
log = logging.getLogger(__name__)
# How each migration script names itself and the one before it (a merge or anything unusual: alembic decides).
_REVISION = re.compile(r'^revision(?::[^=\n]*)? = "([^"\n]+)"[ \t]*(?:#.*)?$', re.MULTILINE)
_DOWN_REVISION = re.compile(
    r'^down_revision(?::[^=\n]*)? = (?:"([^"\n]+)"|None)[ \t]*(?:#.*)?$', re.MULTILINE
)


def database_url(settings: Settings) -> str:
    """The configured URL, or the SQLite file under the data folder."""
    if settings.database_url:
        return settings.database_url
    path = settings.data_dir / "ioc.db"
    if settings.database_read_only:
        # A URI with mode=ro: SQLite itself refuses writes, even for root, who ignores file permissions.
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def write_refused(exc: BaseException) -> bool:
    """Whether a write failed only because the database is read-only or another writer holds its lock."""
    if not isinstance(exc, DBAPIError):
        return False
    return is_read_only_error(exc) or any(sign in str(exc.orig).lower() for sign in _BUSY_SIGNS)


def make_engine(url: str, *, busy_timeout_ms: int = 15_000) -> Engine:
    """An engine with the pragmas SQLite needs for concurrent readers and one writer."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            with suppress(sqlite3.OperationalError):  # a read-only file keeps the journal mode it has
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, *, unit_registry: str | None = None) -> None:
    """Bring the schema to the newest migration, keeping the data in place.

    `unit_registry` is the registry CSV a new database starts with ("none": no units); by default the setting.
    """
    if _at_head(engine):
        return  # alembic and its scripts took ~0.5 s of every command's start to find nothing to do
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["unit_registry"] = get_settings().unit_registry if unit_registry is None else unit_registry
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except DBAPIError as exc:
        # A read-only or locked database can still be read: viewing must not fail because it cannot migrate.
        if not write_refused(exc):
            raise
        log.warning("Schema not migrated (database read-only or locked): %s", exc.orig)


def _head_revision() -> str | None:
    """The newest migration, from the scripts' text; None unless there is exactly one."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        script = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(script), _DOWN_REVISION.findall(script)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        parents.update(filter(None, down))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the database already has the newest migration (a new or older one: False, alembic runs)."""
    head = _head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            stamped = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no such table yet
        return False
    return list(stamped) == [head]


# The tables whose row counts decide the planner's choices (dossier lists reach millions of rows).
_STATISTICS_TABLES = ("dossier", "dossiermonthly", "dossierfigure", "batch")


def refresh_statistics(engine: Engine) -> None:
    """Update the query planner's table statistics, as after every import that adds many rows.

    Without them SQLite walks a million dossiers through the batch index instead of using the small partial
    indexes over late and open dossiers. On SQLite a sampled ANALYZE takes milliseconds; on PostgreSQL only the
    dossier tables are analysed (a bare ANALYZE would visit every schema of the server).
    """
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE " + ", ".join(_STATISTICS_TABLES))
    except DBAPIError as exc:
        # Statistics only speed queries up; a read-only or busy database is read with the ones it has.
        if not write_refused(exc):
            raise
        log.info("Statistics not refreshed (database read-only or locked): %s", exc.orig)


@lru_cache(maxsize=4)
def _engine_for(url: str, busy_timeout_ms: int) -> Engine:
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)
    migrate(engine)
    refresh_statistics(engine)  # a database filled by an older version has none yet
    return engine


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for these settings, migrated on first use."""
    settings = settings or get_settings()
    return _engine_for(database_url(settings), settings.sqlite_busy_timeout_ms)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together or not at all."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def data_version(*, session: Session) -> int:
    """The counter that changes with every stored or reverted batch."""
    row = session.exec(select(col(DataVersion.version)).where(col(DataVersion.id) == 1)).first()  # type: ignore[call-overload]
    return int(row[0]) if row is not None else 0


def bump_data_version(*, session: Session) -> None:
    """Mark the stored figures as changed (inside the caller's transaction)."""
    now = datetime.now(UTC)
    result = session.execute(
        update(DataVersion)
        .where(col(DataVersion.id) == 1)
        .values(version=col(DataVersion.version) + 1, changed_at=now)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        session.add(DataVersion(id=1, version=1, changed_at=now))
