"""Tags spelt alike but for letter case become one: the oldest, carried by all their rows.

Since tags are told apart without letter case (crm.services.tags.tag_key), a save files
"press" under the "Press" already there; a database from before can hold both, each on
some of the contacts, and a filter or an export by one missed the other's. Each such set
becomes its oldest tag (its spelling kept), which every contact, organization and event of
the others then carries. The triggers of revision 0008 keep each contact's tag names right.
Not undone by a downgrade: which rows carried which spelling is not kept.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported: this revision must do the same in a year, whatever the code does.
_LINKS = (
    ("contact_tags", "contact_id"),
    ("organization_tags", "organization_id"),
    ("event_tags", "event_id"),
)


def _key(name: str) -> str:
    return name.strip().casefold()


def upgrade() -> None:
    """Apply this revision."""
    connection = op.get_bind()
    kept: dict[str, int] = {}
    merged: list[tuple[int, int]] = []  # (the tag that goes, the one that stays)
    for tag_id, name in connection.execute(sa.text("SELECT id, name FROM tags ORDER BY id")):
        first = kept.setdefault(_key(name), tag_id)
        if first != tag_id:
            merged.append((tag_id, first))
    for gone, stays in merged:
        parameters = {"gone": gone, "stays": stays}
        for table, owner in _LINKS:
            connection.execute(
                sa.text(
                    f"INSERT INTO {table} ({owner}, tag_id) SELECT {owner}, :stays FROM {table} "
                    f"WHERE tag_id = :gone AND {owner} NOT IN "
                    f"(SELECT {owner} FROM {table} WHERE tag_id = :stays)"
                ),
                parameters,
            )
            connection.execute(sa.text(f"DELETE FROM {table} WHERE tag_id = :gone"), parameters)
        connection.execute(sa.text("DELETE FROM tags WHERE id = :gone"), parameters)


def downgrade() -> None:
    """Revert this revision: nothing to do (see the module's note)."""
