"""The change history of a record, as written by the session on every flush."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import Change
from crm.domain.records import ChangeRow


def history_of(session: Session, record_type: str, record_id: int) -> list[ChangeRow]:
    """Return who changed a record, when and how, oldest first."""
    changes = session.scalars(
        select(Change)
        .where(Change.record_type == record_type, Change.record_id == record_id)
        .order_by(Change.id)
    )
    return [
        ChangeRow(c.at, c.actor, c.action, c.record_type, c.record_id, c.summary, dict(c.fields))
        for c in changes
    ]
