"""A full-text index over contacts, and indexes for every order the contacts table sorts in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm.data.models.contacts import CONTACT_ORDER_INDEXES
from crm.data.search_index import create_search_index, drop_search_index

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    connection = op.get_bind()
    op.drop_index("ix_contacts_sort_name", table_name="contacts")
    op.drop_index("ix_contacts_country", table_name="contacts")
    for index in CONTACT_ORDER_INDEXES:
        index.create(connection)
    op.create_index(
        "ix_contact_emails_lower_address", "contact_emails", [sa.text("lower(address)")]
    )
    create_search_index(connection)


def downgrade() -> None:
    """Revert this revision."""
    connection = op.get_bind()
    drop_search_index(connection)
    op.drop_index("ix_contact_emails_lower_address", table_name="contact_emails")
    for index in CONTACT_ORDER_INDEXES:
        index.drop(connection)
    op.create_index(
        "ix_contacts_sort_name", "contacts", ["family_name", "given_name", "id"], unique=False
    )
    op.create_index("ix_contacts_country", "contacts", ["country"], unique=False)
