"""Counts of every kind of record."""

from __future__ import annotations

from sqlalchemy import func, select
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


def record_counts(session: Session) -> dict[str, int]:
    """Return how many records of each kind the database holds."""
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in COUNTED.items()
    }
