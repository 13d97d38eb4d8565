"""What the parse worker runs for the upload page (dashboard.importing.upload_jobs), in this process: a dry run
with its preview that stores nothing, a store, and warnings accepted only as the uploader saw them."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.access.auth import Account
from dashboard.importing.importer import warning_lines
from dashboard.importing.upload_jobs import Database, check_file, store_file
from dashboard.settings import Settings
from dashboard.store.models import Batch
from tests.conftest import official_report

ADMIN = Account("admin", "Quản trị", "admin", frozenset())
CLERK = Account("vanthu", "Văn thư Phổ Châu", "uploader", frozenset({"xa-pho-chau"}))
SETTINGS = Settings(_env_file=None)


def _active(engine: Engine) -> list[int]:
    with Session(engine) as s:
        return [
            b for b in s.exec(select(Batch.id).where(col(Batch.status) == "active")).all() if b is not None
        ]


def test_database_of_an_engine_keeps_its_url_and_timeout(sqlite_engine: Engine):
    database = Database.of(sqlite_engine, Settings(_env_file=None, sqlite_busy_timeout_ms=1234))
    assert database.url == sqlite_engine.url.render_as_string(hide_password=False)
    assert database.busy_timeout_ms == 1234


def test_a_dry_run_previews_and_stores_nothing_then_the_store_stores(seeded: Engine):
    database = Database.of(seeded, SETTINGS)
    content = official_report()
    checked = check_file(database, content, "bao_cao_pho_an.xlsx", ADMIN, SETTINGS)
    assert not checked.result.problems.has_errors()
    assert not checked.result.stored and checked.result.batch_ids == []
    assert len(checked.previews) == 1 and checked.replaced == [] and checked.refused_units == []
    assert _active(seeded) == []
    result = store_file(database, checked.plan, ADMIN, SETTINGS, [], False)  # the plan, not read again
    assert result.stored and _active(seeded) == result.batch_ids


def test_a_clerk_is_told_which_units_are_not_theirs(seeded: Engine):
    database = Database.of(seeded, SETTINGS)
    checked = check_file(database, official_report(), "bao_cao_pho_an.xlsx", CLERK, SETTINGS)
    assert checked.refused_units == ["Phổ An"]
    assert checked.result.problems.has_errors()
    result = store_file(database, checked.plan, CLERK, SETTINGS, [], True)
    assert not result.stored and _active(seeded) == []


def test_warnings_are_accepted_only_as_the_uploader_saw_them(seeded: Engine):
    database = Database.of(seeded, SETTINGS)
    # the file name says October 2025, the title January–July 2023: a warning that blocks unless accepted
    name = "BC_T10_2025.xlsx"
    content = official_report()
    checked = check_file(database, content, name, ADMIN, SETTINGS)
    seen = warning_lines(checked.result.problems)
    assert seen and not checked.result.problems.has_errors()  # what the page showed
    assert store_file(database, checked.plan, ADMIN, SETTINGS, seen, False).stored is False
    assert store_file(database, checked.plan, ADMIN, SETTINGS, ["something else"], True).stored is False
    assert _active(seeded) == []
    assert store_file(database, checked.plan, ADMIN, SETTINGS, seen, True).stored is True
