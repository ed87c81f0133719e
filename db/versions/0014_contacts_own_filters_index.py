"""An index of the contacts' own filters together, to count two or more of them from it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(
        "ix_contacts_by_own_filters",
        "contacts",
        ["is_press", "country", "do_not_contact", "current_organization_id"],
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_contacts_by_own_filters", table_name="contacts")
