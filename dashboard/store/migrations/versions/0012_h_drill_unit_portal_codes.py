"""our units' codes on the national portal (MA_COQUAN of the 766 export), filled from the unit registry CSV

Revision ID: 0012_h_drill (branch h-drill)
Revises: 0011_h_report (merged after it; first written on 0009_h_layouts)
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0012_h_drill"
down_revision: str | None = "0011_h_report"
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
    op.create_table(
        "unitportalcode",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("portal_code", AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    with op.batch_alter_table("unitportalcode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unitportalcode_portal_code"), ["portal_code"], unique=True)

    from dashboard.store.portal_codes import record_portal_codes
    from dashboard.store.units import REGISTRY_CSV, read_registry_csv

    source = _registry_source()
    if source.lower() == "none":
        return
    rows = read_registry_csv(Path(source or REGISTRY_CSV).read_text(encoding="utf-8-sig"))
    with Session(bind=op.get_bind()) as session:
        record_portal_codes(session=session, rows=rows)  # only units already in the registry get a code
        session.flush()


def downgrade() -> None:
    with op.batch_alter_table("unitportalcode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unitportalcode_portal_code"))
    op.drop_table("unitportalcode")
