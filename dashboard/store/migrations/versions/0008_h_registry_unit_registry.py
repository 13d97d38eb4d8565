"""the unit registry (with the 2025 reorganisation) is loaded into every database, once

Revision ID: 0008_h_registry (branch h-registry)
Revises: 0007_h_concur
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op
from sqlmodel import Session, select

from dashboard.store.models import Unit

revision: str = "0008_h_registry"
down_revision: str | None = "0007_h_concur"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _registry_source() -> str:
    """The CSV named by dashboard.store.db.migrate (the IOC_UNIT_REGISTRY setting), or the setting itself."""
    config = op.get_context().config
    source = config.attributes.get("unit_registry") if config is not None else None
    if source is None:  # pragma: no cover - only `alembic upgrade` run by hand
        from dashboard.settings import get_settings

        source = get_settings().unit_registry
    return str(source).strip()


def upgrade() -> None:
    from dashboard.store.units import REGISTRY_CSV, insert_units, read_registry_csv, record_registry_ends

    source = _registry_source()
    if source.lower() == "none":
        return
    rows = read_registry_csv(Path(source or REGISTRY_CSV).read_text(encoding="utf-8-sig"))
    # A session on the migration's own connection: the units are part of this revision's transaction.
    with Session(bind=op.get_bind()) as session:
        stored = set(session.exec(select(Unit.code)).all())
        if stored and not stored & {row["code"] for row in rows}:
            return  # a database that already holds another locality's units is not this registry's
        insert_units(session=session, rows=rows)  # a new database: every unit; an older one: the new units
        record_registry_ends(session=session, rows=rows)  # an older one: the 2025 mergers on its old units
        session.flush()


def downgrade() -> None:
    pass  # the units stay: batches and accounts refer to them
