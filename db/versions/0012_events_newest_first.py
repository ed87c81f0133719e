"""An index of events newest first: the participants of every event, listed from it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_events_newest_first", "events", [sa.text("start_date DESC"), "id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_events_newest_first", table_name="events")
