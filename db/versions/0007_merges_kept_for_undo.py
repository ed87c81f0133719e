"""Merges are kept, with what undoing them needs, so that any merge can be undone later.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("absorbed_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_merges_survivor_id"), "merges", ["survivor_id"])
    op.create_index(op.f("ix_merges_absorbed_id"), "merges", ["absorbed_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_merges_absorbed_id"), table_name="merges")
    op.drop_index(op.f("ix_merges_survivor_id"), table_name="merges")
    op.drop_table("merges")
