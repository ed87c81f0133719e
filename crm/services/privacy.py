"""A person's rights over what Convene holds about them: see all of it, and have it erased.

The report gathers every record that is about the person or names them: their own fields,
emails, phones, affiliations, lists, tags, attendances, commitments, the quotes that cite
them and the change history of all of these. Erasure removes the person and everything
that is theirs alone; what they took part in stays, without them: an attendance is kept
anonymised (the event still had that many people), a commitment keeps its words but not
its maker, and every history entry about them keeps who changed what when, not the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, or_, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

from crm.data.history import plain_value
from crm.data.models import (
    Attendance,
    Base,
    Change,
    Citation,
    Commitment,
    CommitmentEndorser,
    Contact,
    ContactListMember,
    Merge,
)
from crm.data.search_index import purge_deleted_entries
from crm.services.common import fetch
from crm.services.contacts import KIND
from crm.services.history import CONTACTS_OWN
from crm.services.labels import label_of

ERASED_SUMMARY = "(erased on request)"


def _columns(obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        column.key: plain_value(getattr(obj, column.key))
        for column in obj.__mapper__.column_attrs
        if column.key not in skip
    }


def _their_records(session: Session, contact_id: int) -> dict[str, list[int]]:
    """Every row that is the person's, by table: what their history entries are about."""
    records = {Contact.__tablename__: [contact_id]}
    theirs: tuple[type[Base], ...] = (*CONTACTS_OWN, Attendance, Citation, CommitmentEndorser)
    for model in theirs:
        columns = model.__table__.c
        ids = session.scalars(select(columns["id"]).where(columns["contact_id"] == contact_id))
        records[model.__tablename__] = list(ids)
    return records


def _history_of(records: dict[str, list[int]]) -> Any:
    pairs = [(table, record_id) for table, ids in records.items() for record_id in ids]
    return tuple_(Change.record_type, Change.record_id).in_(pairs)


def subject_access_report(session: Session, contact_id: int) -> dict[str, Any]:
    """Gather everything held about one person, as plain values (the report's JSON)."""
    contact = fetch(session, Contact, contact_id, KIND)
    skip = frozenset({"search_text"})
    attendances = session.scalars(select(Attendance).where(Attendance.contact_id == contact_id))
    made = session.scalars(select(Commitment).where(Commitment.maker_contact_id == contact_id))
    endorsed = session.scalars(
        select(CommitmentEndorser).where(CommitmentEndorser.contact_id == contact_id)
    )
    citations = session.scalars(select(Citation).where(Citation.contact_id == contact_id))
    memberships = session.scalars(
        select(ContactListMember).where(ContactListMember.contact_id == contact_id)
    )
    history = session.scalars(
        select(Change).where(_history_of(_their_records(session, contact_id))).order_by(Change.id)
    )
    merges = session.scalars(select(Merge).where(_merges_of(contact_id)).order_by(Merge.id))
    return {
        "person": _columns(contact, skip),
        "emails": [_columns(e) for e in contact.emails],
        "phones": [_columns(p) for p in contact.phones],
        "affiliations": [
            {**_columns(a), "organization": label_of(a.organization)} for a in contact.affiliations
        ],
        "social_handles": [_columns(h) for h in contact.social_handles],
        "tags": sorted(tag.name for tag in contact.tags),
        "lists": [m.contact_list.name for m in memberships],
        "attendances": [{**_columns(a), "event": a.event.name} for a in attendances],
        "commitments_made": [_columns(c, skip) for c in made],
        "commitments_endorsed": [e.commitment.title for e in endorsed],
        "cited_in": [
            {
                "document": c.document.title,
                "date": plain_value(c.document.published_on),
                "quote": c.quote,
            }
            for c in citations
        ],
        "history": [_columns(change) for change in history],
        # A merge keeps a copy of the record it absorbed, so that it can be undone.
        "merges": [_columns(merge) for merge in merges],
    }


def _merges_of(contact_id: int) -> Any:
    return and_(
        Merge.record_type == Contact.__tablename__,
        or_(Merge.survivor_id == contact_id, Merge.absorbed_id == contact_id),
    )


def _count(session: Session, statement: Executable) -> int:
    """Run a bulk change on the session's connection; return the rows it touched."""
    return session.connection().execute(statement).rowcount


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, to tell the user (no personal data in it)."""

    attendances_anonymised: int
    citations_removed: int
    commitments_unattributed: int
    history_entries_anonymised: int


def erase_contact(session: Session, contact_id: int) -> Erasure:
    """Erase a person on request; keep what they took part in, without them.

    Not undoable, by design. The caller's unit of work commits it whole; SQLite is asked to
    overwrite the freed pages (secure_delete), so the values do not linger in the file.
    """
    fetch(session, Contact, contact_id, KIND)
    if session.get_bind().dialect.name == "sqlite":
        # Left on for this pooled connection: later deletes through it are zeroed too.
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    records = _their_records(session, contact_id)
    anonymised = _count(
        session,
        update(Attendance)
        .where(Attendance.contact_id == contact_id)
        .values(
            contact_id=None,
            party_erased=True,
            title_at_event=None,
            organization_at_event=None,
            notes=None,
            external_id=None,
            version=Attendance.version + 1,  # an editor still holding it must reload
        ),
    )
    cited = _count(session, delete(Citation).where(Citation.contact_id == contact_id))
    unattributed = _count(
        session,
        update(Commitment)
        .where(Commitment.maker_contact_id == contact_id)
        .values(maker_contact_id=None, version=Commitment.version + 1),
    )
    session.execute(delete(CommitmentEndorser).where(CommitmentEndorser.contact_id == contact_id))
    # A kept merge holds a copy of the person as they were: it goes with them (its undo too).
    session.execute(delete(Merge).where(_merges_of(contact_id)))
    session.expire_all()
    session.delete(fetch(session, Contact, contact_id, KIND))
    session.flush()  # writes the deletion's own history entries, anonymised next with the rest
    purge_deleted_entries(session.connection())
    entries = _count(
        session,
        update(Change).where(_history_of(records)).values(summary=ERASED_SUMMARY, fields={}),
    )
    return Erasure(anonymised, cited, unattributed, entries)
