"""PostgreSQL tells listening clients when the change history grows (team mode).

Every change any client or the command line makes writes the change history; a statement
trigger on it sends one NOTIFY per transaction (PostgreSQL folds repeats), delivered only
when that transaction commits. SQLite has no NOTIFY: there the app polls the history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "convene_changes"  # as crm.data.change_feed listens


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION convene_notify_changes() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER changes_notify AFTER INSERT ON changes "
        "FOR EACH STATEMENT EXECUTE FUNCTION convene_notify_changes()"
    )


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS changes_notify ON changes")
    op.execute("DROP FUNCTION IF EXISTS convene_notify_changes()")
