"""rows read, stored and skipped (with reasons) kept on each batch

Revision ID: 0005_h_table (branch h-table)
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_h_table"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("batch") as batch:
        batch.add_column(
            sa.Column(
                "row_counts_json",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="{}",  # batches stored before the counts were kept
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("batch") as batch:
        batch.drop_column("row_counts_json")
