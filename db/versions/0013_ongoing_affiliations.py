"""Indexes of the ongoing affiliations: the people at organizations of one kind, or none.

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

_ONGOING = sa.text("end_date IS NULL")


def upgrade() -> None:
    """Apply this revision."""
    for name, columns in _INDEXES.items():
        op.create_index(
            name,
            "affiliations",
            columns,
            sqlite_where=_ONGOING,
            postgresql_where=_ONGOING,
        )


def downgrade() -> None:
    """Revert this revision."""
    for name in _INDEXES:
        op.drop_index(name, table_name="affiliations")


_INDEXES = {
    "ix_affiliations_ongoing_by_organization": ["organization_id", "contact_id"],
    "ix_affiliations_ongoing_by_contact": ["contact_id", "organization_id"],
}
