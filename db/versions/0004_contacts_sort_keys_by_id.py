"""An index from a contact's id to every key the contacts table sorts by.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not taken from the models, so that this revision means the same thing
# whatever the models say later.
SORT_KEYS = (
    "id",
    "family_name",
    "native_name",
    "given_name",
    "job_title",
    "country",
    "city",
    "is_press",
    "do_not_contact",
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_contacts_sort_keys", "contacts", list(SORT_KEYS))


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_contacts_sort_keys", table_name="contacts")
