"""Capture everything a delete would remove, so that the delete can be undone exactly.

The walk follows the schema itself: every foreign key that points at a deleted row either
cascades (its rows go too, and are captured in turn) or is set to NULL (the old value is
kept). Restoring inserts the rows under their old ids, parents first, then puts the nulled
references back. Ids are never reused (see crm.data.models), so the old ids are still free.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.orm import Session

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
    """Read the row ``record_id`` of ``table_name`` and everything its delete would touch."""
    tables = Base.metadata.tables
    root = tables[table_name]
    first = session.execute(select(root).where(root.c.id == record_id)).mappings().first()
    if first is None:
        return DeletionSnapshot((), ())
    rows: list[RowImage] = []
    nulled: list[NulledReference] = []
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    queue: deque[tuple[Table, dict[str, Any]]] = deque([(root, dict(first))])
    while queue:
        table, values = queue.popleft()
        identity = (table.name, tuple(_key_of(table, values).values()))
        if identity in seen:
            continue
        seen.add(identity)
        rows.append(RowImage(table.name, values))
        for child in tables.values():
            for foreign_key in child.foreign_keys:
                if foreign_key.column.table is not table:
                    continue
                parent_value = values[foreign_key.column.name]
                found = session.execute(
                    select(child).where(foreign_key.parent == parent_value)
                ).mappings()
                for child_values in found:
                    if foreign_key.ondelete == "CASCADE":
                        queue.append((child, dict(child_values)))
                    elif foreign_key.ondelete == "SET NULL":
                        nulled.append(
                            NulledReference(
                                child.name,
                                _key_of(child, dict(child_values)),
                                foreign_key.parent.name,
                                parent_value,
                            )
                        )
    gone = {(row.table, tuple(_key_of(tables[row.table], row.values).values())) for row in rows}
    # A reference from a row that goes anyway needs no restoring of its own.
    kept_nulls = [n for n in nulled if (n.table, tuple(n.key.values())) not in gone]
    return DeletionSnapshot(tuple(rows), tuple(kept_nulls))


def restore_deletion(session: Session, snapshot: DeletionSnapshot, actor: str) -> None:
    """Put back every row a delete removed, under its old id, and every reference it nulled."""
    tables = Base.metadata.tables
    for row in snapshot.rows:  # captured parents first, so inserting in order satisfies keys
        session.execute(insert(tables[row.table]).values(**row.values))
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
