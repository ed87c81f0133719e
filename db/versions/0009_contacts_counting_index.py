"""A narrow index for counting every contact (the window's status bar, at start and after each change).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_contacts_for_counting", "contacts", ["do_not_contact"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_contacts_for_counting", table_name="contacts")
