"""Move everything that hangs on one row onto another, and move it back.

Merging two duplicates means re-pointing every reference to the absorbed record at the
survivor. The references are found by walking the schema's foreign keys (as snapshots.py does
for deletes), so a table added later is merged without being named here. A row the survivor
already has (the same email address, the same event, the same tag) is not moved twice: the
absorbed copy's own dependants (a citation of the absorbed person's attendance) merge into
the survivor's copy in turn, and the copy itself goes when the absorbed record is deleted.
Every move is kept, so that ``move_back`` can reverse it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    and_,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from crm.data.history import plain_value
from crm.data.models import Base
from crm.data.snapshots import DeletionSnapshot


@dataclass(frozen=True)
class MovedReference:
    """One reference re-pointed by a merge: which row, which column, from what to what."""

    table: str
    key: dict[str, Any]  # the row's primary key after the move (it may hold ``column``)
    column: str
    old: Any
    new: Any
    was_primary: bool = False  # the row lost its primary flag: the survivor had a primary one


def _key_of(table: Table, values: Any) -> dict[str, Any]:
    return {column.name: values[column.name] for column in table.primary_key.columns}


def _matches(table: Table, key: dict[str, Any]) -> Any:
    return and_(*(table.c[name] == value for name, value in key.items()))


def _twin(
    session: Session, table: Table, column: Column[Any], row: Any, new_value: Any
) -> Any | None:
    """Return the row that already holds what ``row`` would hold once re-pointed, if any.

    A unique constraint over ``column`` and other columns says when two rows are one: the
    same address for one contact, the same contact at one event. NULL is never equal to
    NULL in such a constraint, so a row with a NULL among the other columns has no twin.
    """
    for constraint in table.constraints:
        if not isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint):
            continue
        if column.name not in constraint.columns:
            continue
        others = [c for c in constraint.columns if c.name != column.name]
        if any(row[c.name] is None for c in others):
            continue
        twin = (
            session.execute(
                select(table).where(column == new_value, *(_same(table, c, row) for c in others))
            )
            .mappings()
            .first()
        )
        if twin is not None:
            return twin
    return None


# Values the database keeps apart but people do not: JOELLE@allmep.org is joelle@allmep.org.
_CASELESS = frozenset({("contact_emails", "address")})


def _same(table: Table, column: Column[Any], row: Any) -> Any:
    if (table.name, column.name) in _CASELESS:
        return func.lower(column) == func.lower(row[column.name])
    return column == row[column.name]


def _holds_a_primary(session: Session, table: Table, column: Column[Any], value: Any) -> bool:
    """Tell whether ``value`` already has a primary row in ``table`` (one primary email)."""
    return bool(
        session.scalar(select(exists().where(column == value, table.c.is_primary.is_(True))))
    )


def move_dependants(
    session: Session, table_name: str, absorbed_id: int, survivor_id: int
) -> list[MovedReference]:
    """Re-point every row that references ``absorbed_id`` in ``table_name`` at ``survivor_id``.

    The absorbed row itself is left in place (the caller deletes it, and with it the copies
    of rows the survivor already had). Returns the moves, in the order they were made.
    """
    moved: list[MovedReference] = []
    _move(session, Base.metadata.tables[table_name], absorbed_id, survivor_id, moved)
    return moved


def _move(session: Session, table: Table, old: Any, new: Any, moved: list[MovedReference]) -> None:
    for child in Base.metadata.tables.values():
        for foreign_key in child.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            column = foreign_key.parent
            rows = session.execute(select(child).where(column == old)).mappings().all()
            for row in rows:
                key = _key_of(child, row)
                if child is table and key.get("id") == new:
                    # The survivor referred to the absorbed (its parent): it cannot be its own.
                    session.execute(
                        update(child).where(_matches(child, key)).values({column.name: None})
                    )
                    moved.append(MovedReference(child.name, key, column.name, old, None))
                    continue
                twin = _twin(session, child, column, row, new)
                if twin is not None:
                    if "id" in child.c and len(child.primary_key.columns) == 1:
                        _move(session, child, row["id"], twin["id"], moved)
                    continue  # this copy goes with the absorbed row
                values: dict[str, Any] = {column.name: new}
                was_primary = bool(
                    "is_primary" in child.c
                    and row["is_primary"]
                    and _holds_a_primary(session, child, column, new)
                )
                if was_primary:
                    values["is_primary"] = False
                session.execute(update(child).where(_matches(child, key)).values(values))
                if column.name in key:  # a link row: its key is the reference itself
                    key = {**key, column.name: new}
                moved.append(MovedReference(child.name, key, column.name, old, new, was_primary))


def _identity(key: dict[str, Any], column: str = "", value: Any = None) -> tuple[Any, ...]:
    """A row's key as it was before a move changed ``column`` (part of a link row's key)."""
    return tuple(sorted((name, value if name == column else v) for name, v in key.items()))


def move_back(session: Session, snapshot: DeletionSnapshot, moved: list[MovedReference]) -> None:
    """Undo a merge's moves once the absorbed row is gone.

    ``snapshot`` is what a delete of the absorbed row would have removed, read before the
    merge: the absorbed row and every row that hung on it. Rows still present were moved and
    go back by reversing their moves; rows gone (the copies the survivor already had, and
    their own dependants) are inserted again under their old ids.
    """
    tables = Base.metadata.tables
    moved_rows = {(move.table, _identity(move.key, move.column, move.old)) for move in moved}
    for image in snapshot.rows:  # parents first
        table = tables[image.table]
        key = _key_of(table, image.values)
        if (image.table, _identity(key)) in moved_rows:
            continue
        if not session.scalar(select(exists().where(_matches(table, key)))):
            session.execute(insert(table).values(**image.values))
    for move in reversed(moved):
        table = tables[move.table]
        values: dict[str, Any] = {move.column: move.old}
        if move.was_primary:
            values["is_primary"] = True
        session.execute(update(table).where(_matches(table, move.key)).values(values))


def row_to_json(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values as JSON holds them (dates and times as ISO text, enums by value)."""
    return {name: plain_value(value) for name, value in values.items()}


def row_from_json(table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """A row read back from JSON, each value the type its column holds again."""
    columns = Base.metadata.tables[table_name].c
    return {name: _typed(columns[name], value) for name, value in values.items()}


def _typed(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    stored = column.type
    if isinstance(stored, TypeDecorator):  # UTCDateTime: the type it stores as says
        stored = stored.impl_instance
    try:
        kind = stored.python_type
    except NotImplementedError:
        return value
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is time and isinstance(value, str):
        return time.fromisoformat(value)
    return value
