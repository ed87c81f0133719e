"""Each contact holds what the contacts table shows of its emails, phones, organization, tags.

Kept by the database's triggers (crm.data.contact_summary); filled here for the contacts
already there, in one statement (about a minute at a million contacts).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm.data.contact_summary import create_summary_triggers, drop_summary_triggers, fill_summaries

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("first_email", sa.String(length=320)),
    ("first_phone", sa.String(length=20)),
    ("current_organization_id", sa.Integer()),
    ("tag_names", sa.Text()),
)


def upgrade() -> None:
    """Apply this revision."""
    # Added in place (SQLite appends a nullable column without rebuilding the table).
    for name, type_ in _COLUMNS:
        op.add_column("contacts", sa.Column(name, type_, nullable=True))
    connection = op.get_bind()
    create_summary_triggers(connection)
    fill_summaries(connection)


def downgrade() -> None:
    """Revert this revision."""
    drop_summary_triggers(op.get_bind())
    for name, _type in reversed(_COLUMNS):
        op.drop_column("contacts", name)
