"""saved column layouts: how to read a header the reader cannot tell, as an uploader told it once

Revision ID: 0009_h_layouts
Revises: 0008_h_registry
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_h_layouts"
down_revision: str | None = "0008_h_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "savedlayout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("signature", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("header_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title_words_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mapping_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("money_unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("all_units", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("savedlayout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_savedlayout_signature"), ["signature"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("savedlayout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_savedlayout_signature"))
    op.drop_table("savedlayout")
