"""report schedules: the weekly and monthly report to the leaders, its recipients, next slot and retries

Revision ID: 0010_h_report
Revises: 0009_h_layouts
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_h_report"
down_revision: str | None = "0009_h_layouts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "reportschedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", text(length=200), nullable=False),
        sa.Column("frequency", text(length=10), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("unit_code", text(length=60), nullable=True),
        sa.Column("recipients", text(length=2000), nullable=False),
        sa.Column("webhook_url", text(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("send_now", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", moment(), nullable=False),
        sa.Column("period_token", text(length=40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", text(length=20), nullable=False),
        sa.Column("last_error", text(length=2000), nullable=False),
        sa.Column("last_run_at", moment(), nullable=True),
        sa.Column("claimed_by", text(length=40), nullable=True),
        sa.Column("claimed_until", moment(), nullable=True),
        sa.Column("created_by", text(length=100), nullable=False),
        sa.Column("created_at", moment(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("reportschedule")
