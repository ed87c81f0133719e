"""An index of each list's members in the order they joined (the detail pane's first 300).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(
        "ix_contact_list_members_in_order",
        "contact_list_members",
        ["list_id", "added_at", "contact_id"],
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_contact_list_members_in_order", table_name="contact_list_members")
