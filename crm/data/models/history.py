"""The change history: who changed what and when, written for every record by the session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.data.models.base import Base, enum_type, utc_now
from crm.domain.enums import ChangeAction


class Change(Base):
    """One created, updated or deleted record, with the fields that changed (old → new)."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int]
    action: Mapped[ChangeAction] = mapped_column(enum_type(ChangeAction, "change_action"))
    summary: Mapped[str] = mapped_column(String(500))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


Index("ix_changes_record", Change.record_type, Change.record_id, Change.id)


class Merge(Base):
    """A merge of two records, kept so that it can be undone later, even after a restart.

    ``undo`` holds the absorbed record as it was (every row that hung on it) and every
    reference the merge moved, as JSON. It is personal data: erasing either person erases it.
    """

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    record_type: Mapped[str] = mapped_column(String(40))
    survivor_id: Mapped[int] = mapped_column(index=True)
    absorbed_id: Mapped[int] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(String(500))
    undo: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[datetime | None]
