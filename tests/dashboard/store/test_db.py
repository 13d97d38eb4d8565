"""Start-up skips alembic when the database already has the newest migration, and only then."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from dashboard.store import db
from dashboard.store.db import MIGRATIONS_DIR, make_engine, migrate


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["unit_registry"] = "none"
    return cfg


def _stamped(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    finally:
        engine.dispose()


def test_the_newest_migration_is_the_one_alembic_finds() -> None:
    assert db._head_revision() == ScriptDirectory.from_config(_config()).get_current_head()


def test_a_database_one_migration_behind_is_upgraded(blank_url: str) -> None:
    script = ScriptDirectory.from_config(_config())
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    engine = make_engine(blank_url)
    with engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, previous)
    assert _stamped(blank_url) == [previous] and not db._at_head(engine)

    migrate(engine, unit_registry="none")

    assert _stamped(blank_url) == [head] and db._at_head(engine)
    engine.dispose()


def test_a_new_database_is_not_taken_for_one_at_the_newest(blank_url: str) -> None:
    engine = make_engine(blank_url)
    assert not db._at_head(engine)
    migrate(engine, unit_registry="none")
    assert db._at_head(engine)
    engine.dispose()
