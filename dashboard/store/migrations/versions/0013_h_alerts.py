"""report alerts: a scheduled report's recipients may also get alerts, with the state last evaluated

Revision ID: 0013_h_alerts
Revises: 0012_h_drill
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0013_h_alerts"
down_revision: str | None = "0012_h_drill"  # after h-drill's unit portal codes (on main first)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reportschedule") as batch:
        batch.add_column(sa.Column("alerts", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("alert_state", AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reportschedule") as batch:
        batch.drop_column("alert_state")
        batch.drop_column("alerts")
