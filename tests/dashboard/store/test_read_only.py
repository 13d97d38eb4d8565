"""Recognising a database that refuses writes, from SQLite's wording or PostgreSQL's SQLSTATE."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from dashboard.store.read_only import is_read_only_error


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("cannot execute INSERT in a read-only transaction")
        self.sqlstate = sqlstate


def test_a_real_sqlite_read_only_error(tmp_path):
    path = tmp_path / "ro.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (x INTEGER)")
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with engine.connect() as conn, pytest.raises(OperationalError) as caught:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    assert is_read_only_error(caught.value)
    assert caught.value.orig is not None and is_read_only_error(
        caught.value.orig
    )  # the driver's own error too


def test_postgresql_read_only_transaction_by_sqlstate():
    assert is_read_only_error(_PgError("25006"))
    assert not is_read_only_error(_PgError("55P03"))  # a lock timeout is something else


def test_other_errors_are_not_read_only():
    assert not is_read_only_error(sqlite3.OperationalError("database is locked"))
    assert not is_read_only_error(ValueError("x"))
