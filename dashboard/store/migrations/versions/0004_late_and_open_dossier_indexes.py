"""partial indexes for the late and overdue dossier lists

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Written out rather than imported from dashboard.store.models: a migration must not change when the models do.
LATE_ROWS = sa.text("status = 'done' AND finished_at > due_at")
OPEN_ROWS = sa.text("status IN ('processing', 'supplement')")

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_dossier_late", "dossier", ["finished_at"], sqlite_where=LATE_ROWS, postgresql_where=LATE_ROWS
    )
    op.create_index(
        "ix_dossier_open_due", "dossier", ["due_at"], sqlite_where=OPEN_ROWS, postgresql_where=OPEN_ROWS
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_open_due", table_name="dossier")
    op.drop_index("ix_dossier_late", table_name="dossier")
