"""Write the change history from what each flush did: one place, so no service can forget it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from crm.data.bulk_insert import insert_rows
from crm.data.models import Base, Change
from crm.data.models.base import utc_now
from crm.data.models.contacts import SUMMARY_COLUMNS
from crm.domain.enums import ChangeAction

# Columns that change on every save and would only add noise to the history.
_SKIPPED = frozenset({"version", "updated_at", "created_at", "search_text"})
# A bulk statement's rows hold every column; these are the database's, unknown to a flush.
_SKIPPED_IN_BULK = _SKIPPED | frozenset(SUMMARY_COLUMNS)


_JSON_SCALARS = (str, int, float, bool, type(None))


def plain_value(value: Any) -> Any:
    """Return a column's value as JSON holds it (enums by value, times as ISO text)."""
    if type(value) in _JSON_SCALARS:  # almost every value: no trial encoding (an import's 10 %)
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


def _column_changes(obj: Base, action: ChangeAction) -> dict[str, list[Any]]:
    state = inspect(obj)
    fields: dict[str, list[Any]] = {}
    for column_attr in state.mapper.column_attrs:
        key = column_attr.key
        if key in _SKIPPED:
            continue
        history = state.attrs[key].history
        if action is ChangeAction.UPDATED:
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        elif action is ChangeAction.CREATED:
            old, new = None, getattr(obj, key)
        else:
            old, new = getattr(obj, key), None
        if old != new:
            fields[key] = [plain_value(old), plain_value(new)]
    return fields


_SUMMARY_KEYS = ("name", "title", "address", "e164", "quote")
_NAME_KEYS = ("given_name", "family_name", "native_name")


def _summary(obj: Base) -> str:
    return _summary_of({key: getattr(obj, key, None) for key in (*_SUMMARY_KEYS, *_NAME_KEYS)})


def _summary_of(values: Mapping[str, Any]) -> str:
    """Name a record in its history entry: its name or title, else a person's names."""
    for key in _SUMMARY_KEYS:
        value = values.get(key)
        if isinstance(value, str) and value:
            return value[:200]
    given = values.get("given_name") or ""
    family = values.get("family_name") or ""
    return f"{given} {family}".strip() or values.get("native_name") or ""


def actor_of(session: Session) -> str:
    """Who the session's changes are written as (the database's actor, set per session)."""
    return str(session.info.get("actor", "unknown"))


def _record_changes(session: Session, _flush: UOWTransaction) -> None:
    actor = actor_of(session)
    rows: list[dict[str, Any]] = []
    groups = (
        (session.new, ChangeAction.CREATED),
        (session.dirty, ChangeAction.UPDATED),
        (session.deleted, ChangeAction.DELETED),
    )
    for objects, action in groups:
        for obj in objects:
            if not isinstance(obj, Base) or isinstance(obj, Change):
                continue
            mapper = inspect(obj).mapper
            if len(mapper.primary_key) != 1:
                continue  # link rows (list members) are logged through their owner's change
            fields = _column_changes(obj, action)
            if action is ChangeAction.UPDATED and not fields:
                continue
            record_id = mapper.primary_key_from_instance(obj)[0]
            if not isinstance(record_id, int):
                continue
            rows.append(
                {
                    "actor": actor,
                    "record_type": mapper.class_.__tablename__,
                    "record_id": record_id,
                    "action": action,
                    "summary": _summary(obj),
                    "fields": fields,
                }
            )
    if rows:
        # Without their moment (each row's own, from its default): SQLAlchemy's own insert.
        session.connection().execute(insert(Change), rows)


def _stored(values: Mapping[str, Any]) -> dict[str, Any]:
    """A whole row's values as a created or deleted record's history shows them.

    Left out: what changes on every save, the database's summaries, and empty columns.
    """
    return {
        name: plain_value(value)
        for name, value in values.items()
        if name not in _SKIPPED_IN_BULK and value is not None
    }


def record_restorations(
    session: Session, table: str, record_ids: Iterable[int], rows_restored: int
) -> None:
    """Log records an undone delete put back: an entry each, with the rows the undo restored."""
    _write(
        session,
        table,
        ChangeAction.CREATED,
        (
            (record_id, "restored (delete undone)", {"restored_rows": [None, rows_restored]})
            for record_id in record_ids
        ),
    )


def record_creations(session: Session, table: str, rows: Mapping[int, Mapping[str, Any]]) -> None:
    """Log rows a bulk INSERT created, as a flush would have logged each one."""
    _write(
        session,
        table,
        ChangeAction.CREATED,
        (
            (
                record_id,
                _summary_of(values),
                {name: [None, value] for name, value in _stored(values).items()},
            )
            for record_id, values in rows.items()
        ),
    )


def record_deletions(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Log rows a bulk DELETE removed (each with every column), as a flush logs a delete.

    Rows of a link table (a key of two columns) are left out, as a flush leaves them.
    """
    key_columns = Base.metadata.tables[table].primary_key.columns
    if len(key_columns) != 1:
        return
    key = next(iter(key_columns)).name
    _write(
        session,
        table,
        ChangeAction.DELETED,
        (
            (
                values[key],
                _summary_of(values),
                {name: [value, None] for name, value in _stored(values).items()},
            )
            for values in rows
        ),
    )


def record_field_changes(
    session: Session, table: str, field: str, changes: Mapping[int, tuple[Any, Any]]
) -> None:
    """Log one field changed on many rows by a bulk UPDATE, which no flush sees.

    The same entries a flush would write, one per row: a bulk change of a thousand
    participants' status is one statement, and its history one more.
    """
    record_changes(session, table, {i: {field: change} for i, change in changes.items()})


def record_changes(
    session: Session, table: str, changes: Mapping[int, Mapping[str, tuple[Any, Any]]]
) -> None:
    """Log fields changed on many rows by bulk UPDATEs: one entry per row, as a flush would."""
    _write(
        session,
        table,
        ChangeAction.UPDATED,
        (
            (
                record_id,
                "",
                {
                    field: [plain_value(old), plain_value(new)]
                    for field, (old, new) in fields.items()
                    if old != new
                },
            )
            for record_id, fields in changes.items()
            if any(old != new for old, new in fields.values())
        ),
    )


def record_entry(
    session: Session,
    table: str,
    record_id: int,
    action: ChangeAction,
    summary: str,
    fields: Mapping[str, tuple[Any, Any]],
) -> None:
    """Write one history entry no flush would write (a merge, an undone merge)."""
    plain = {name: [plain_value(old), plain_value(new)] for name, (old, new) in fields.items()}
    _write(session, table, action, [(record_id, summary[:500], plain)])


def _write(
    session: Session,
    table: str,
    action: ChangeAction,
    entries: Iterable[tuple[int, str, dict[str, list[Any]]]],
) -> None:
    actor = actor_of(session)
    at = utc_now()  # one moment for the batch, and no default to work out for each row
    rows = [
        {
            "at": at,
            "actor": actor,
            "record_type": table,
            "record_id": record_id,
            "action": action,
            "summary": summary,
            "fields": fields,
        }
        for record_id, summary, fields in entries
    ]
    if rows:
        insert_rows(session.connection(), Change, rows)


def install_change_history(session_class: type[Session]) -> None:
    """Record every flushed create, update and delete of sessions of ``session_class``."""
    if not event.contains(session_class, "after_flush", _record_changes):
        event.listen(session_class, "after_flush", _record_changes)
