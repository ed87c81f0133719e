"""Partial indexes: the ongoing affiliations, and the contacts with no organization today.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    for name, (table, columns, condition) in _INDEXES.items():
        op.create_index(name, table, columns, sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    """Revert this revision."""
    for name, (table, _columns, _condition) in _INDEXES.items():
        op.drop_index(name, table_name=table)


_ONGOING = sa.text("end_date IS NULL")
_INDEXES = {
    "ix_affiliations_ongoing_by_organization": (
        "affiliations",
        ["organization_id", "contact_id"],
        _ONGOING,
    ),
    "ix_affiliations_ongoing_by_contact": (
        "affiliations",
        ["contact_id", "organization_id"],
        _ONGOING,
    ),
    "ix_contacts_without_organization": (
        "contacts",
        ["id"],
        sa.text("current_organization_id IS NULL"),
    ),
}
