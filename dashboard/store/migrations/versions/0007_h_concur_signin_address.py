"""sign-in address on audit lines, for the per-address sign-in back-off

Revision ID: 0007_h_concur
Revises: 0006_h_budget_stated_totals
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_h_concur"
down_revision: str | None = "0006_h_budget_stated_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auditevent") as batch:
        batch.add_column(sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.create_index("ix_auditevent_address", ["address"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auditevent") as batch:
        batch.drop_index("ix_auditevent_address")
        batch.drop_column("address")
