"""Ids for many new rows taken at once, so that a bulk insert need not read them back.

SQLite cannot say which of a batch's new rowids belongs to which parameter set, so an
INSERT … RETURNING that must keep its rows in order runs one statement per row (SQLAlchemy
degrades it so): 73,000 statements and 14 s of a 100,000-row import. With the ids chosen
first, the rows go in as one executemany each batch and the children know their parent.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def reserve_ids(connection: Connection, table: str, count: int) -> list[int]:
    """Return ``count`` ids no row of ``table`` has had, for rows this transaction inserts.

    On SQLite the block starts above every id the table ever handed out (AUTOINCREMENT
    keeps that in sqlite_sequence); a writer that committed in between makes this
    transaction's first write fail (a stale snapshot), never a shared id. On PostgreSQL
    the ids come from the table's own sequence, which other clients draw from too.
    """
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        return list(
            connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table, "n": count},
            ).scalars()
        )
    highest = connection.execute(
        text(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = :table), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))"  # a model's table, never user text
        ),
        {"table": table},
    ).scalar_one()
    return list(range(int(highest) + 1, int(highest) + 1 + count))
