"""The contacts an export covers and their place in it, chosen once for every stream.

An export reads five streams (people, emails, phones, organizations, tags) in the same
contact order. Each used to join the contacts table for the name to sort by and apply the
scope's conditions (a search, a tag) again. On SQLite the contacts in scope are now written
once to a temporary table with their position; the streams join that small table and sort by
a number: at 100,000 contacts, 0.82 s for the five streams and the table against 1.07 s.
On PostgreSQL each stream keeps its own conditions: the table made its exports 15–20 %
quicker too, but a team's reader may not hold the TEMPORARY privilege, and falling back
when refused would need a savepoint around every export; not done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Select, Table, func, insert

from crm.data.models.contacts import CONTACT_NAME_ORDER

# Not in the models' metadata: it is no part of the schema, and lives as long as one export.
EXPORT_ORDER = Table(
    "convene_export_order",
    MetaData(),
    Column("contact_id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


def keeps_order_table(connection: Connection) -> bool:
    """Whether this database takes the export's order as a temporary table."""
    return connection.dialect.name == "sqlite"


@contextmanager
def order_table(connection: Connection, in_scope: Select[Any]) -> Iterator[int]:
    """Fill EXPORT_ORDER with the ids ``in_scope`` selects, numbered in name order.

    Yields how many there are. The table is the connection's own (SQLite's temporary
    database), dropped when the export ends, however it ends.
    """
    contact_id = in_scope.selected_columns["id"]
    EXPORT_ORDER.drop(connection, checkfirst=True)  # left by an export that was cut short
    EXPORT_ORDER.create(connection)
    try:
        numbered = in_scope.with_only_columns(
            contact_id, func.row_number().over(order_by=CONTACT_NAME_ORDER)
        ).order_by(None)
        filled = connection.execute(
            insert(EXPORT_ORDER).from_select(["contact_id", "position"], numbered)
        )
        yield filled.rowcount
    finally:
        EXPORT_ORDER.drop(connection)
