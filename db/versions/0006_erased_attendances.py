"""An attendance can outlive the person it was, erased on request (anonymised, still counted).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence
from contextlib import AbstractContextManager

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not taken from the models, so that this revision means the same thing
# whatever the models say later.
ONE_PARTY_BEFORE = "(contact_id IS NULL) <> (organization_id IS NULL)"
ONE_PARTY_AFTER = (
    "(CASE WHEN contact_id IS NULL THEN 0 ELSE 1 END) "
    "+ (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) "
    "+ (CASE WHEN party_erased THEN 1 ELSE 0 END) = 1"
)


def _rebuilt_on_sqlite() -> AbstractContextManager[BatchOperations]:
    # SQLite changes a CHECK only by rebuilding the table, which must keep AUTOINCREMENT
    # (ids are never handed out twice); PostgreSQL alters it in place.
    return op.batch_alter_table(
        "attendances",
        recreate="always" if op.get_bind().dialect.name == "sqlite" else "never",
        table_kwargs={"sqlite_autoincrement": True},
        reflect_kwargs={"resolve_fks": False},  # the tables it refers to stay as they are
    )


def upgrade() -> None:
    """Apply this revision."""
    with _rebuilt_on_sqlite() as batch_op:
        batch_op.add_column(
            sa.Column("party_erased", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_constraint(op.f("ck_attendances_one_party"), type_="check")
        batch_op.create_check_constraint("one_party", ONE_PARTY_AFTER)


def downgrade() -> None:
    """Revert this revision (attendances of erased people go: they have no party left)."""
    op.execute("DELETE FROM attendances WHERE party_erased")
    with _rebuilt_on_sqlite() as batch_op:
        batch_op.drop_constraint(op.f("ck_attendances_one_party"), type_="check")
        batch_op.create_check_constraint("one_party", ONE_PARTY_BEFORE)
        batch_op.drop_column("party_erased")
