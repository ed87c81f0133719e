"""Counts of every kind of record."""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from crm.data.models import (
    Attendance,
    Base,
    Citation,
    Commitment,
    Contact,
    ContactList,
    Document,
    Event,
    Organization,
    Tag,
)

COUNTED: dict[str, type[Base]] = {
    "organizations": Organization,
    "contacts": Contact,
    "events": Event,
    "attendances": Attendance,
    "commitments": Commitment,
    "documents": Document,
    "citations": Citation,
    "tags": Tag,
    "lists": ContactList,
}


def holds_records(session: Session) -> bool:
    """Tell whether any organization, contact, event or document is stored.

    One row looked for in each table, not a count: the window asks at every start, and
    counting a million contacts took 16 ms of it.
    """
    kinds = ("organizations", "contacts", "events", "documents")
    return any(
        session.scalar(select(literal(1)).select_from(COUNTED[k]).limit(1)) is not None
        for k in kinds
    )


def record_counts(session: Session) -> dict[str, int]:
    """Return how many records of each kind the database holds."""
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in COUNTED.items()
    }
