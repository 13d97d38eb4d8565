"""What the parse worker runs for the upload page: check a file, store a checked file (all in and out pickles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Engine
from sqlmodel import Session

from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.importing.importer import ImportResult, import_file
from dashboard.importing.upload_preview import (
    Replacement,
    SheetPreview,
    replacements,
    sheet_previews,
    units_not_allowed,
    upload_guard,
    warning_lines,
)
from dashboard.settings import Settings
from dashboard.store.db import make_engine
from dashboard.store.units import UnitMatcher, area_label
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
    """A file's dry run as the page shows it: the importer's result, the preview, replacements, refused units."""

    result: ImportResult
    previews: list[SheetPreview] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    refused_units: list[str] = field(default_factory=list)


@lru_cache(maxsize=4)
def _engine(database: Database) -> Engine:
    """One engine per database in this child, reused across uploads (the server has migrated the schema)."""
    return make_engine(database.url, busy_timeout_ms=database.busy_timeout_ms)


def _registry(engine: Engine) -> list[UnitRef]:
    with Session(engine) as session:
        return UnitMatcher.load(session).all()


def check_file(
    database: Database,
    content: bytes,
    name: str,
    account: Account,
    settings: Settings,
    draft: Layout | None = None,
) -> Checked:
    """Read and validate a file without storing anything (the importer's dry run), plus its preview.

    `draft` is the column layout the uploader is choosing on the page (tried before the saved ones).
    """
    engine = _engine(database)
    registry = _registry(engine)
    names = {u.id: u.name for u in registry}
    guard = upload_guard(account, registry)
    result = import_file(
        content,
        name,
        engine=engine,
        user=account.username,
        dry_run=True,
        settings=settings,
        allowed=guard,
        draft=draft,
    )
    with Session(engine) as session:
        replaced = replacements(session, result, names)
    return Checked(
        result,
        sheet_previews(result, names, area_label(registry)),
        replaced,
        units_not_allowed(result, account, registry),
    )


def store_file(
    database: Database,
    content: bytes,
    name: str,
    account: Account,
    settings: Settings,
    seen_warnings: list[str],
    accepted: bool,
    draft: Layout | None = None,
) -> ImportResult:
    """Store a checked file; warnings are accepted only if they are exactly the ones the user saw and accepted."""
    engine = _engine(database)
    guard = upload_guard(account, _registry(engine))
    result = import_file(
        content, name, engine=engine, user=account.username, settings=settings, allowed=guard, draft=draft
    )
    if result.blocked_by_warnings and accepted and warning_lines(result.problems) == seen_warnings:
        result = import_file(
            content,
            name,
            engine=engine,
            user=account.username,
            accept_warnings=True,
            settings=settings,
            allowed=guard,
            draft=draft,
        )
    return result
