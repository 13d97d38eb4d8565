"""What the parse worker runs for the upload page: plan a file (read once), commit that plan (all pickles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Engine
from sqlmodel import Session

from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.importing.importer import ImportPlan, commit_import, plan_import
from dashboard.importing.result import ImportResult
from dashboard.importing.upload_preview import Replacement, SheetPreview, units_not_allowed, upload_guard
from dashboard.settings import Settings
from dashboard.store.db import make_engine
from dashboard.store.units import UnitMatcher
from data_loaders.saved_layout import Layout


@dataclass(frozen=True)
class Database:
    """Where the child connects (engines do not cross process boundaries; their URL does)."""

    url: str
    busy_timeout_ms: int

    @classmethod
    def of(cls, engine: Engine, settings: Settings) -> Database:
        return cls(engine.url.render_as_string(hide_password=False), settings.sqlite_busy_timeout_ms)


@dataclass
class Checked:
    """A file's plan as the page shows and later stores it, with the units the account may not report for."""

    plan: ImportPlan
    refused_units: list[str] = field(default_factory=list)

    @property
    def result(self) -> ImportResult:
        return self.plan.result

    @property
    def previews(self) -> list[SheetPreview]:
        return self.plan.previews

    @property
    def replaced(self) -> list[Replacement]:
        return self.plan.replaced


@lru_cache(maxsize=4)
def _engine(database: Database) -> Engine:
    """One engine per database in this child, reused across uploads (the server has migrated the schema)."""
    return make_engine(database.url, busy_timeout_ms=database.busy_timeout_ms)


def _registry(engine: Engine) -> list[UnitRef]:
    with Session(engine) as session:
        return UnitMatcher.load(session=session).all()


def check_file(
    database: Database,
    content: bytes,
    name: str,
    account: Account,
    settings: Settings,
    draft: Layout | None = None,
) -> Checked:
    """Read and validate a file once, storing nothing: its plan, with the preview and what it replaces.

    `draft` is the column layout the uploader is choosing on the page (tried before the saved ones).
    """
    engine = _engine(database)
    registry = _registry(engine)
    plan = plan_import(
        content,
        name,
        engine=engine,
        user=account.username,
        settings=settings,
        allowed=upload_guard(account, registry),
        draft=draft,
        preview=True,
    )
    return Checked(plan, units_not_allowed(plan.result, account, registry))


def store_file(
    database: Database,
    plan: ImportPlan,
    account: Account,
    settings: Settings,
    seen_warnings: list[str],
    accepted: bool,
) -> ImportResult:
    """Commit a checked file's plan (not read again); its warnings are stored only if accepted as seen.

    The account's units are checked again with the registry as it is now (an admin may have changed them).
    """
    engine = _engine(database)
    return commit_import(
        plan,
        engine=engine,
        accept_warnings=accepted,
        seen_warnings=seen_warnings,
        settings=settings,
        allowed=upload_guard(account, _registry(engine)),
    )
