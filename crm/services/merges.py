"""Merge two duplicate contacts (or organizations) into one, and take a merge back.

The survivor keeps its own values; an empty field of its own takes the absorbed record's.
What protects a person is never lost in a merge: if either copy says do-not-contact, the
merged person does; of two consent answers the later dated one holds, and undated ones the
more careful. The absorbed record's names stay findable as name variants. Every email,
phone, affiliation, attendance, commitment, citation, tag, list membership and history entry
moves to the survivor (crm.data.merging walks the schema for them), and the merge is written
to both records' history. ``unmerge`` puts everything back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm.data.history import actor_of, record_entry, record_field_changes
from crm.data.merging import (
    MovedReference,
    move_back,
    move_dependants,
    row_from_json,
    row_to_json,
)
from crm.data.models import Base, Change, Contact, Merge, Organization
from crm.data.models.base import utc_now
from crm.data.snapshots import DeletionSnapshot, NulledReference, RowImage, capture_deletion
from crm.domain.enums import ChangeAction, ConsentStatus
from crm.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from crm.services.common import check_version, fetch, touch
from crm.services.contacts import contact_search_text
from crm.services.labels import label_of
from crm.services.member_search import refresh_search_text_of_members
from crm.services.organizations import organization_search_text

MERGEABLE: dict[str, tuple[type[Contact | Organization], str]] = {
    Contact.__tablename__: (Contact, "contact"),
    Organization.__tablename__: (Organization, "organization"),
}
# Never copied from one record to the other: identity, bookkeeping, and what is derived.
_OWN = frozenset(
    {"id", "version", "created_at", "updated_at", "search_text", "external_id", "parent_id"}
)
_EITHER = frozenset({"do_not_contact", "is_press"})  # true on either copy: true when merged
_JOINED = frozenset({"notes", "address"})  # both texts kept, the survivor's first
_CONSENT = ("consent_status", "consent_date", "lawful_basis")
_CAREFUL = {  # the more careful answer wins when neither is dated
    ConsentStatus.UNKNOWN: 0,
    ConsentStatus.GRANTED: 1,
    ConsentStatus.REFUSED: 2,
    ConsentStatus.WITHDRAWN: 3,
}
_NAME_COLUMNS = ("given_name", "family_name", "native_name")


@dataclass(frozen=True)
class MergeRecord:
    """What undo needs to take a merge back: the absorbed record as it was, and every move."""

    table: str
    survivor_id: int
    absorbed_id: int
    survivor_label: str
    absorbed_label: str
    snapshot: DeletionSnapshot
    moved: tuple[MovedReference, ...]
    survivor_before: dict[str, Any]  # the survivor's columns the merge changed, as they were
    survivor_version: int  # the survivor's version right after the merge
    history_ids: tuple[int, ...]  # the absorbed record's history entries, now the survivor's
    merge_id: int | None = None  # the kept merge (table merges) that undo marks undone

    def moved_count(self, table: str) -> int:
        """Count the rows of ``table`` that moved to the survivor."""
        return sum(1 for move in self.moved if move.table == table)


def _model_of(table: str) -> tuple[type[Contact | Organization], str]:
    try:
        return MERGEABLE[table]
    except KeyError:
        raise ValueError(f"{table} records are not merged") from None


def _columns(obj: Base) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def merged_values(survivor: dict[str, Any], absorbed: dict[str, Any]) -> dict[str, Any]:
    """Return the survivor's columns that change when ``absorbed`` merges into it."""
    changes: dict[str, Any] = {}
    for name, value in absorbed.items():
        if name in _OWN or name in _CONSENT or name in _NAME_COLUMNS or _blank(value):
            continue
        mine = survivor.get(name)
        if name in _EITHER:
            if value and not mine:
                changes[name] = True
        elif name in _JOINED:
            if _blank(mine):
                changes[name] = value
            elif value.strip() not in str(mine):
                changes[name] = f"{mine}\n\n{value}"
        elif _blank(mine):
            changes[name] = value
    if "consent_status" in survivor:
        changes.update(_consent(survivor, absorbed))
    if "given_name" in survivor:
        changes.update(_names(survivor, absorbed))
    return changes


def _consent(survivor: dict[str, Any], absorbed: dict[str, Any]) -> dict[str, Any]:
    """Keep the consent answer that holds: the later dated one, else the more careful."""
    mine, theirs = survivor["consent_date"], absorbed["consent_date"]
    if mine is not None and theirs is not None:
        takes_theirs = theirs > mine
    elif mine is not None or theirs is not None:
        takes_theirs = theirs is not None and (
            _CAREFUL[absorbed["consent_status"]] >= _CAREFUL[survivor["consent_status"]]
        )
    else:
        takes_theirs = _CAREFUL[absorbed["consent_status"]] > _CAREFUL[survivor["consent_status"]]
    if not takes_theirs:
        return {}
    return {name: absorbed[name] for name in _CONSENT if absorbed[name] != survivor[name]}


def _names(survivor: dict[str, Any], absorbed: dict[str, Any]) -> dict[str, Any]:
    """Fill the survivor's empty names, and keep the absorbed spellings findable."""
    changes = {
        name: absorbed[name]
        for name in _NAME_COLUMNS
        if _blank(survivor[name]) and not _blank(absorbed[name])
    }
    known = " ".join(
        str(v) for v in (*(survivor[n] for n in _NAME_COLUMNS), survivor["name_variants"]) if v
    ).casefold()
    extra = [
        str(absorbed[name])
        for name in (*_NAME_COLUMNS, "name_variants")
        if not _blank(absorbed[name])
        and name not in changes
        and str(absorbed[name]).casefold() not in known
    ]
    if extra:
        variants = "; ".join(v for v in (survivor["name_variants"], *extra) if v)
        changes["name_variants"] = variants[:500]
    return changes


def merge(
    session: Session,
    table: str,
    survivor_id: int,
    absorbed_id: int,
    survivor_version: int | None = None,
    absorbed_version: int | None = None,
) -> MergeRecord:
    """Merge ``absorbed_id`` into ``survivor_id``; return what undo needs.

    The versions, when given, are the ones the user looked at: a record changed since then
    is not merged (ConflictError).
    """
    model, noun = _model_of(table)
    if survivor_id == absorbed_id:
        raise ValidationError.single(
            "absorbed_id", "same_record", f"A {noun} cannot merge with itself."
        )
    survivor = fetch(session, model, survivor_id, noun)
    absorbed = fetch(session, model, absorbed_id, noun)
    check_version(survivor, survivor_version, noun)
    check_version(absorbed, absorbed_version, noun)
    survivor_label, absorbed_label = label_of(survivor), label_of(absorbed)
    snapshot = capture_deletion(session, table, absorbed_id)
    before = _columns(survivor)
    changes = merged_values(before, _columns(absorbed))
    external_id = absorbed.external_id if survivor.external_id is None else None

    moved = move_dependants(session, table, absorbed_id, survivor_id)
    history_ids = tuple(
        session.scalars(
            select(Change.id).where(Change.record_type == table, Change.record_id == absorbed_id)
        )
    )
    _move_history(session, history_ids, survivor_id)
    session.expire_all()  # the moves went round the ORM: what it holds is stale

    session.delete(fetch(session, model, absorbed_id, noun))
    session.flush()  # the absorbed record's deletion, in its (moved) history and the change log
    survivor = fetch(session, model, survivor_id, noun)
    if external_id is not None:
        changes["external_id"] = external_id
    for name, value in changes.items():
        setattr(survivor, name, value)
    touch(survivor)
    _refresh_search(session, survivor)
    session.flush()
    _log_moves(session, moved)
    updated = ChangeAction.UPDATED
    merged_with = f"merged with {absorbed_label} (#{absorbed_id})"
    merged_from = {"merged_from": (None, absorbed_id)}
    record_entry(session, table, survivor_id, updated, merged_with, merged_from)
    merged_into = f"merged into {survivor_label} (#{survivor_id})"
    record_entry(session, table, absorbed_id, updated, merged_into, {})
    record = MergeRecord(
        table=table,
        survivor_id=survivor_id,
        absorbed_id=absorbed_id,
        survivor_label=survivor_label,
        absorbed_label=absorbed_label,
        snapshot=snapshot,
        moved=tuple(moved),
        survivor_before={name: before.get(name) for name in (*changes, "updated_at")},
        survivor_version=survivor.version,
        history_ids=history_ids,
    )
    kept = Merge(
        actor=actor_of(session),
        record_type=table,
        survivor_id=survivor_id,
        absorbed_id=absorbed_id,
        summary=f"{absorbed_label} (#{absorbed_id}) into {survivor_label} (#{survivor_id})"[:500],
        undo=record_to_json(record),
    )
    session.add(kept)
    session.flush()
    return replace(record, merge_id=kept.id)


def undo_merge(session: Session, merge_id: int) -> MergeRecord:
    """Undo a kept merge by its number, however long ago it was made."""
    kept = session.get(Merge, merge_id)
    if kept is None:
        raise NotFoundError("merge", merge_id)
    record = record_from_json(kept)
    unmerge(session, record)
    return record


def list_merges(session: Session, limit: int = 50) -> list[MergeRow]:
    """The latest merges, newest first, with whether each was undone."""
    return [
        MergeRow(m.id, m.at, m.actor, m.record_type, m.summary, m.undone_at is not None)
        for m in session.scalars(select(Merge).order_by(Merge.id.desc()).limit(limit))
    ]


@dataclass(frozen=True)
class MergeRow:
    """A kept merge as a list shows it."""

    id: int
    at: datetime
    actor: str
    record_type: str
    summary: str
    undone: bool


def record_to_json(record: MergeRecord) -> dict[str, Any]:
    """What undo needs, as JSON (the kept merge's ``undo``)."""
    return {
        "survivor_label": record.survivor_label,
        "absorbed_label": record.absorbed_label,
        "rows": [[r.table, row_to_json(r.values)] for r in record.snapshot.rows],
        "nulled": [[n.table, n.key, n.column, n.value] for n in record.snapshot.nulled],
        "moved": [[m.table, m.key, m.column, m.old, m.new, m.was_primary] for m in record.moved],
        "survivor_before": row_to_json(record.survivor_before),
        "survivor_version": record.survivor_version,
        "history_ids": list(record.history_ids),
    }


def record_from_json(kept: Merge) -> MergeRecord:
    """A kept merge's undo record, each value the type its column holds."""
    undo = kept.undo
    return MergeRecord(
        table=kept.record_type,
        survivor_id=kept.survivor_id,
        absorbed_id=kept.absorbed_id,
        survivor_label=undo["survivor_label"],
        absorbed_label=undo["absorbed_label"],
        snapshot=DeletionSnapshot(
            tuple(RowImage(table, row_from_json(table, values)) for table, values in undo["rows"]),
            tuple(NulledReference(*item) for item in undo["nulled"]),
        ),
        moved=tuple(MovedReference(*item) for item in undo["moved"]),
        survivor_before=row_from_json(kept.record_type, undo["survivor_before"]),
        survivor_version=undo["survivor_version"],
        history_ids=tuple(undo["history_ids"]),
        merge_id=kept.id,
    )


def unmerge(session: Session, record: MergeRecord) -> None:
    """Take a merge back: the absorbed record returns with all it had, the survivor as it was.

    Refused when the survivor changed since the merge (its values would be overwritten), and
    when the merge was undone already.
    """
    kept = session.get(Merge, record.merge_id) if record.merge_id is not None else None
    if kept is not None and kept.undone_at is not None:
        raise DomainError(f"Merge #{kept.id} ({kept.summary}) was undone already.")
    model, noun = _model_of(record.table)
    survivor = fetch(session, model, record.survivor_id, noun)
    if survivor.version != record.survivor_version:
        raise ConflictError(noun, record.survivor_id, record.survivor_version, survivor.version)
    move_back(session, record.snapshot, list(record.moved))
    _move_history(session, record.history_ids, record.absorbed_id)
    session.expire_all()
    survivor = fetch(session, model, record.survivor_id, noun)
    for name, value in record.survivor_before.items():
        setattr(survivor, name, value)
    _refresh_search(session, survivor)
    absorbed = fetch(session, model, record.absorbed_id, noun)
    _refresh_search(session, absorbed)
    session.flush()
    _log_moves(session, [_reversed(move) for move in record.moved])
    record_entry(
        session,
        record.table,
        record.survivor_id,
        ChangeAction.UPDATED,
        f"merge with {record.absorbed_label} (#{record.absorbed_id}) undone",
        {"merged_from": (record.absorbed_id, None)},
    )
    record_entry(
        session,
        record.table,
        record.absorbed_id,
        ChangeAction.CREATED,
        f"restored (merge into {record.survivor_label} undone)",
        {},
    )
    if kept is not None:
        kept.undone_at = utc_now()
        session.flush()


def _reversed(move: MovedReference) -> MovedReference:
    return MovedReference(move.table, move.key, move.column, move.new, move.old, move.was_primary)


def _refresh_search(session: Session, record: Base) -> None:
    if isinstance(record, Contact):
        record.search_text = contact_search_text(session, record)
    elif isinstance(record, Organization):
        record.search_text = organization_search_text(record)
        session.flush()
        refresh_search_text_of_members(session, record.id)


def _log_moves(session: Session, moved: list[MovedReference]) -> None:
    """Write each moved row's history: its reference changed from one record to the other."""
    by_column: dict[tuple[str, str], dict[int, tuple[Any, Any]]] = {}
    for move in moved:
        record_id = move.key.get("id")
        if len(move.key) == 1 and isinstance(record_id, int):  # link rows have no history
            by_column.setdefault((move.table, move.column), {})[record_id] = (move.old, move.new)
    for (table, column), changes in by_column.items():
        record_field_changes(session, table, column, changes)


def _move_history(session: Session, history_ids: tuple[int, ...], record_id: int) -> None:
    """Give these history entries to another record (the survivor, or back to the absorbed)."""
    if history_ids:
        session.execute(
            update(Change).where(Change.id.in_(history_ids)).values(record_id=record_id)
        )
