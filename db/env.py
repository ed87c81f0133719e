"""Alembic environment: runs on the connection crm.data.migrations hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from crm.data.models import Base
from crm.data.search_index import include_in_schema_comparison

config = context.config


def run_migrations(connection: Connection) -> None:
    """Run the migrations on ``connection``, in batch mode so SQLite can alter tables."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=False,
        include_name=include_in_schema_comparison,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Take the connection from the caller; Convene never lets Alembic open its own."""
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Run migrations through crm.data.migrations (convene db upgrade).")
    run_migrations(connection)


main()
