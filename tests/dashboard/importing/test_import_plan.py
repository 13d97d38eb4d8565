"""Import as plan, then commit: a file is read once; its commit re-checks, under the import lock, what can change."""

from __future__ import annotations

import json
import pickle

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.access.auth import Account
from dashboard.importing import importer
from dashboard.importing.importer import (
    commit_import,
    import_file,
    may_store_warnings,
    plan_import,
    warning_lines,
)
from dashboard.importing.upload_preview import upload_guard
from dashboard.settings import Settings
from dashboard.store.models import AuditEvent, Batch
from dashboard.store.units import UnitMatcher
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode
from data_loaders.workbook import Workbook, open_workbook
from tests.conftest import SECTOR_ROWS, official_report

PHO_AN = Account("an", "Nguyễn Văn An", "uploader", frozenset({"xa-pho-an"}))
ADMIN = Account("quantri", "Quản trị", "admin", frozenset())
# Only the Hộ tịch row: the same report with half the dossiers (a re-import of it warns replaces_with_less).
HALF = official_report([SECTOR_ROWS[0]], SECTOR_ROWS[0][2])


def _problems(*warnings: str, errors: tuple[str, ...] = ()) -> Problems:
    problems = Problems()
    for code in warnings:
        problems.warning(ReasonCode(code), f"{code} message", sheet="Biểu")
    for code in errors:
        problems.error(ReasonCode(code), f"{code} message", sheet="Biểu")
    return problems


def _active(engine: Engine) -> list[Batch]:
    with Session(engine) as session:
        return list(session.exec(select(Batch).where(col(Batch.status) == "active")).all())


def test_a_file_without_warnings_may_be_stored_accepted_or_not() -> None:
    clean = _problems()
    assert may_store_warnings(clean, accepted=False)
    assert may_store_warnings(clean, accepted=True, seen=["anything seen before"])


def test_warnings_need_acceptance_and_on_the_page_exactly_those_seen() -> None:
    two = _problems("overlap", "identity_mismatch")
    assert not may_store_warnings(two, accepted=False)
    assert not may_store_warnings(two, accepted=False, seen=warning_lines(two))
    assert may_store_warnings(two, accepted=True)  # the CLI's --accept-warnings: whatever they are
    assert may_store_warnings(
        two, accepted=True, seen=warning_lines(_problems("identity_mismatch", "overlap"))
    )
    assert not may_store_warnings(two, accepted=True, seen=warning_lines(_problems("overlap")))  # one new
    assert not may_store_warnings(two, accepted=True, seen=[])


def test_warnings_capped_by_code_count_in_what_was_seen() -> None:
    many = Problems(cap_per_code=2)
    for row in range(5):
        many.warning(ReasonCode.IDENTITY_MISMATCH, f"dòng {row}", sheet="Biểu")
    fewer = Problems(cap_per_code=2)
    for row in range(4):
        fewer.warning(ReasonCode.IDENTITY_MISMATCH, f"dòng {row}", sheet="Biểu")
    assert warning_lines(many)[-1] == "identity_mismatch:3"
    assert may_store_warnings(many, accepted=True, seen=warning_lines(many))
    assert not may_store_warnings(many, accepted=True, seen=warning_lines(fewer))


def test_a_plan_pickles_and_its_commit_stores_what_import_file_stores(
    seeded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def counting_open(content: bytes, name: str, settings: Settings) -> Workbook:
        opened.append(name)
        return open_workbook(content, name, settings)

    monkeypatch.setattr(importer, "open_workbook", counting_open)
    plan = pickle.loads(pickle.dumps(plan_import(official_report(), "pho_an.xlsx", engine=seeded, user="an")))
    assert plan.looked_up and [p.replaces for p in plan.result.plans] == [[]]
    assert not plan.result.problems.items and not plan.result.blocked_by_warnings
    assert _active(seeded) == []  # planning stores nothing
    result = commit_import(plan, engine=seeded)
    assert result.stored and len(result.batch_ids) == 1
    assert opened == ["pho_an.xlsx"]  # read once, for the plan
    with Session(seeded) as session:
        batch = session.get(Batch, result.batch_ids[0])
        audit = session.exec(select(AuditEvent)).all()
    assert batch is not None and (batch.user, batch.file_name, batch.row_count) == ("an", "pho_an.xlsx", 3)
    assert [(a.user, a.action, a.batch_id, a.detail) for a in audit] == [
        ("an", "import", batch.id, "pho_an.xlsx › Biểu II.06a")
    ]
    again = import_file(official_report(), "pho_an.xlsx", engine=seeded, user="an")
    assert again.stored and [[b.id for b in p.replaces] for p in again.plans] == [result.batch_ids]


def test_a_report_stored_by_another_import_since_the_plan_is_replaced_not_doubled(seeded: Engine) -> None:
    mine = plan_import(official_report(), "cua_toi.xlsx", engine=seeded, user="an", preview=True)
    assert [p.replaces for p in mine.previews] == [[]]  # nothing stored yet when planned
    theirs = import_file(official_report(), "cua_ho.xlsx", engine=seeded, user="quantri")
    assert theirs.stored
    result = commit_import(mine, engine=seeded, seen_warnings=warning_lines(mine.result.problems))
    assert result.stored
    assert [[b.id for b in p.replaces] for p in result.plans] == [theirs.batch_ids]  # looked up at the commit
    assert [b.id for b in _active(seeded)] == result.batch_ids


def test_a_warning_that_appeared_since_the_plan_needs_a_new_confirmation(seeded: Engine) -> None:
    half = plan_import(HALF, "mot_nua.xlsx", engine=seeded, user="an")
    seen = warning_lines(half.result.problems)
    assert seen == []  # nothing stored: nothing it replaces with less
    assert import_file(official_report(), "day_du.xlsx", engine=seeded, user="an").stored
    blocked = commit_import(half, engine=seeded, accept_warnings=True, seen_warnings=seen)
    assert blocked.blocked_by_warnings and not blocked.stored
    assert [p.code for p in blocked.problems.warnings] == ["replaces_with_less"]
    assert [b.file_name for b in _active(seeded)] == ["day_du.xlsx"]
    # The same plan, once the new warning is seen and accepted, stores with it on record.
    stored = commit_import(
        half, engine=seeded, accept_warnings=True, seen_warnings=warning_lines(blocked.problems)
    )
    assert stored.stored
    active = _active(seeded)
    assert [b.file_name for b in active] == ["mot_nua.xlsx"]
    assert "replaces_with_less" in json.loads(active[0].accepted_warnings_json)[0]


def test_the_commit_checks_the_units_of_whoever_stores_it(seeded: Engine) -> None:
    with Session(seeded) as session:
        registry = UnitMatcher.load(session=session).all()
    content = official_report(title_unit="UBND XÃ PHỔ CHÂU")
    plan = plan_import(
        content, "pho_chau.xlsx", engine=seeded, user="an", allowed=upload_guard(ADMIN, registry)
    )
    assert not plan.result.problems.has_errors()
    refused = commit_import(plan, engine=seeded, allowed=upload_guard(PHO_AN, registry))
    assert [p.code for p in refused.problems.errors] == ["unit_not_allowed"] and not refused.stored
    assert commit_import(plan, engine=seeded).stored  # without a new guard, the plan's own check stands
