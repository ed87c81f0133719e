"""Capture everything a delete would remove, so that the delete can be undone exactly.

The walk follows the schema itself: every foreign key that points at a deleted row either
cascades (its rows go too, and are captured in turn) or is set to NULL (the old value is
kept). Restoring inserts the rows under their old ids, parents first, then puts the nulled
references back. Ids are never reused (see crm.data.models), so the old ids are still free.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any

from sqlalchemy import ForeignKey, Table, and_, insert, select, update
from sqlalchemy.orm import Session

from crm.data.in_lists import in_chunks
from crm.data.models import Base, Change
from crm.domain.enums import ChangeAction


@dataclass(frozen=True)
class RowImage:
    """One row as it was: its table and every column's value."""

    table: str
    values: dict[str, Any]


@dataclass(frozen=True)
class NulledReference:
    """A reference the delete set to NULL, and the value to put back."""

    table: str
    key: dict[str, Any]
    column: str
    value: Any


@dataclass(frozen=True)
class DeletionSnapshot:
    """What one delete removes and changes: enough to undo it."""

    rows: tuple[RowImage, ...]
    nulled: tuple[NulledReference, ...]

    def count_by_table(self) -> dict[str, int]:
        """Count the rows that go, per table (the record itself included)."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.table] = counts.get(row.table, 0) + 1
        return counts


def _key_of(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    return {column.name: values[column.name] for column in table.primary_key.columns}


def _matches(table: Table, key: dict[str, Any]) -> Any:
    return and_(*(table.c[name] == value for name, value in key.items()))


def capture_deletion(session: Session, table_name: str, record_id: int) -> DeletionSnapshot:
    """Read the row ``record_id`` of ``table_name`` and everything its delete would touch.

    The walk goes a generation at a time: the rows that point at one generation are read
    a few hundred parents per query, not one query per parent (an event of 5,000
    participants took 5,000 queries per table that points at them, 0.47 s at a million
    contacts). Parents still come before their children, as restoring needs.
    """
    tables = Base.metadata.tables
    root = tables[table_name]
    first = session.execute(select(root).where(root.c.id == record_id)).mappings().first()
    if first is None:
        return DeletionSnapshot((), ())
    rows: list[RowImage] = []
    nulled: list[NulledReference] = []
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    generation: list[tuple[Table, dict[str, Any]]] = [(root, dict(first))]
    while generation:
        taken: dict[Table, list[dict[str, Any]]] = {}
        for table, values in generation:
            identity = (table.name, tuple(_key_of(table, values).values()))
            if identity in seen:
                continue
            seen.add(identity)
            rows.append(RowImage(table.name, values))
            taken.setdefault(table, []).append(values)
        generation = []
        for table, parents in taken.items():
            for child, foreign_key, child_values in _pointing_at(session, table, parents):
                if foreign_key.ondelete == "CASCADE":
                    generation.append((child, child_values))
                elif foreign_key.ondelete == "SET NULL":
                    nulled.append(
                        NulledReference(
                            child.name,
                            _key_of(child, child_values),
                            foreign_key.parent.name,
                            child_values[foreign_key.parent.name],
                        )
                    )
    gone = {(row.table, tuple(_key_of(tables[row.table], row.values).values())) for row in rows}
    # A reference from a row that goes anyway needs no restoring of its own.
    kept_nulls = [n for n in nulled if (n.table, tuple(n.key.values())) not in gone]
    return DeletionSnapshot(tuple(rows), tuple(kept_nulls))


def _pointing_at(
    session: Session, table: Table, parents: list[dict[str, Any]]
) -> Iterator[tuple[Table, ForeignKey, dict[str, Any]]]:
    """Yield every row of any table whose foreign key points at one of ``parents``."""
    for child in Base.metadata.tables.values():
        for foreign_key in child.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            wanted = list(dict.fromkeys(p[foreign_key.column.name] for p in parents))
            for chunk in in_chunks(wanted):
                found = session.execute(
                    select(child)
                    .where(foreign_key.parent.in_(chunk))
                    .order_by(*child.primary_key.columns)
                ).mappings()
                for child_values in found:
                    yield child, foreign_key, dict(child_values)


def restore_deletion(session: Session, snapshot: DeletionSnapshot, actor: str) -> None:
    """Put back every row a delete removed, under its old id, and every reference it nulled."""
    tables = Base.metadata.tables
    # Captured parents first, so inserting in order satisfies the keys; each run of rows of
    # one table goes in one batch (5,000 inserts one by one took 1.2 s).
    for table_name, run in groupby(snapshot.rows, key=attrgetter("table")):
        session.execute(insert(tables[table_name]), [row.values for row in run])
    for reference in snapshot.nulled:
        table = tables[reference.table]
        session.execute(
            update(table)
            .where(_matches(table, reference.key))
            .values({reference.column: reference.value})
        )
    if snapshot.rows:
        root = snapshot.rows[0]
        session.execute(
            insert(Change).values(
                actor=actor,
                record_type=root.table,
                record_id=root.values["id"],
                action=ChangeAction.CREATED,
                summary="restored (delete undone)",
                fields={"restored_rows": [None, len(snapshot.rows)]},
            )
        )
    session.flush()
