"""Saved searches, and the head-count a source reports for an event.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_saved_searches_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
        sa.UniqueConstraint("external_id", name=op.f("uq_saved_searches_external_id")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_searches_name")),
        sqlite_autoincrement=True,
    )
    # On SQLite, batch mode rebuilds the table to add the CHECK; the rows are copied across,
    # and the rebuilt table must keep AUTOINCREMENT (ids never reused).
    with op.batch_alter_table(
        "events", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("reported_attendance", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_events_reported_attendance_positive"),
            "reported_attendance IS NULL OR reported_attendance >= 0",
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table(
        "events", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_events_reported_attendance_positive"), type_="check")
        batch_op.drop_column("reported_attendance")
    op.drop_table("saved_searches")
