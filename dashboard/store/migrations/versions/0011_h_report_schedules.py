"""report schedules: the weekly and monthly report to the leaders, its recipients, next slot and retries

Revision ID: 0011_h_report
Revises: 0010_h_overview
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0011_h_report"
down_revision: str | None = "0010_h_overview"  # after h-overview's reporting calendar
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reportschedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("frequency", AutoString(length=10), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("unit_code", AutoString(length=60), nullable=True),
        sa.Column("recipients", AutoString(length=2000), nullable=False),
        sa.Column("webhook_url", AutoString(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("send_now", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=False),
        sa.Column("period_token", AutoString(length=40), nullable=True),
        sa.Column("sent_channels", AutoString(length=40), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", AutoString(length=20), nullable=False),
        sa.Column("last_error", AutoString(length=2000), nullable=False),
        sa.Column("last_run_at", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", AutoString(length=40), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("created_by", AutoString(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("reportschedule")
