"""A full-text index over contacts, and indexes for every order the contacts table sorts in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm.data.search_index import create_search_index, drop_search_index

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not taken from the models, so that this revision means the same thing
# whatever the models say later.
NAME_ORDER = ("coalesce(family_name, native_name, given_name)", "coalesce(given_name, '')", "id")
INDEXES: dict[str, tuple[str, ...]] = {
    "ix_contacts_by_name": NAME_ORDER,
    "ix_contacts_country": ("country", *NAME_ORDER),
    **{
        f"ix_contacts_by_{column}{suffix}": (f"({column} IS NULL){way}", column, *NAME_ORDER)
        for column in ("job_title", "country", "city")
        for suffix, way in (("", ""), ("_desc", " DESC"))
    },
    "ix_contacts_by_is_press": ("is_press", *NAME_ORDER),
    "ix_contacts_by_do_not_contact": ("do_not_contact", *NAME_ORDER),
}


def upgrade() -> None:
    """Apply this revision."""
    connection = op.get_bind()
    op.drop_index("ix_contacts_sort_name", table_name="contacts")
    op.drop_index("ix_contacts_country", table_name="contacts")
    for name, expressions in INDEXES.items():
        op.create_index(name, "contacts", [sa.text(e) for e in expressions])
    op.create_index(
        "ix_contact_emails_lower_address", "contact_emails", [sa.text("lower(address)")]
    )
    create_search_index(connection)


def downgrade() -> None:
    """Revert this revision."""
    connection = op.get_bind()
    drop_search_index(connection)
    op.drop_index("ix_contact_emails_lower_address", table_name="contact_emails")
    for name in INDEXES:
        op.drop_index(name, table_name="contacts")
    op.create_index(
        "ix_contacts_sort_name", "contacts", ["family_name", "given_name", "id"], unique=False
    )
    op.create_index("ix_contacts_country", "contacts", ["country"], unique=False)
