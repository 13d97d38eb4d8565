"""budget lines keep the group and total rows a report states (role, parent_path)

Revision ID: 0006_h_budget_stated_totals
Revises: 0005_h_table
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_h_budget_stated_totals"
down_revision: str | None = "0005_h_table"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Lines stored before were all items without a stored group above them: the defaults say exactly that.
    with op.batch_alter_table("budgetline", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role", sqlmodel.sql.sqltypes.AutoString(length=12), server_default="item", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "parent_path", sqlmodel.sql.sqltypes.AutoString(length=60), server_default="", nullable=False
            )
        )


def downgrade() -> None:
    # Group and total rows mean nothing to the older schema, which sums items: drop them before the columns.
    op.execute("DELETE FROM budgetline WHERE role <> 'item'")
    with op.batch_alter_table("budgetline", schema=None) as batch_op:
        batch_op.drop_column("parent_path")
        batch_op.drop_column("role")
