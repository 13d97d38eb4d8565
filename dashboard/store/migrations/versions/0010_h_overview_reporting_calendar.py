"""reporting calendar: which units owe each dataset's monthly report, due on which day of the next month

Revision ID: 0010_h_overview
Revises: 0009_h_layouts
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_h_overview"
down_revision: str | None = "0009_h_layouts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reportingcalendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("unit_codes_json", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dataset"),
    )


def downgrade() -> None:
    op.drop_table("reportingcalendar")
