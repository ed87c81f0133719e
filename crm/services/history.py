"""The change history of a record, as written by the session on every flush."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm.data.models import (
    Affiliation,
    Base,
    Change,
    Commitment,
    ContactEmail,
    ContactPhone,
    FollowUp,
    SocialHandle,
)
from crm.domain.records import ChangeRow

# Rows that belong to a record and whose changes are that record's history too: a contact's
# email replaced is a change to the contact as its reader sees it.
CONTACTS_OWN: tuple[type[Base], ...] = (ContactEmail, ContactPhone, Affiliation, SocialHandle)
_OWNED_BY: dict[str, tuple[tuple[type[Base], str], ...]] = {
    "contacts": tuple((model, "contact_id") for model in CONTACTS_OWN),
    Commitment.__tablename__: ((FollowUp, "commitment_id"),),
}


def _row(change: Change) -> ChangeRow:
    return ChangeRow(
        change.at,
        change.actor,
        change.action,
        change.record_type,
        change.record_id,
        change.summary,
        dict(change.fields),
    )


def history_of(session: Session, record_type: str, record_id: int) -> list[ChangeRow]:
    """Return who changed a record, when and how, oldest first."""
    changes = session.scalars(
        select(Change)
        .where(Change.record_type == record_type, Change.record_id == record_id)
        .order_by(Change.id)
    )
    return [_row(c) for c in changes]


def record_history(
    session: Session, record_type: str, record_id: int, limit: int = 100
) -> list[ChangeRow]:
    """Return a record's history with its own rows' (emails, follow-ups), newest first."""
    about = [(Change.record_type == record_type) & (Change.record_id == record_id)]
    for model, parent in _OWNED_BY.get(record_type, ()):
        columns = model.__table__.c
        owned = select(columns["id"]).where(columns[parent] == record_id)
        about.append((Change.record_type == model.__tablename__) & Change.record_id.in_(owned))
    changes = session.scalars(
        select(Change).where(or_(*about)).order_by(Change.id.desc()).limit(limit)
    )
    return [_row(c) for c in changes]
