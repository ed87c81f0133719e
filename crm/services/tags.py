"""Tags: the labels in use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import Tag


def tag_names(session: Session) -> list[str]:
    """Return every tag's name, alphabetically."""
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))
