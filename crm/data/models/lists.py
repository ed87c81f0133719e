"""Static contact lists (a press list for an event) and saved searches (smart lists)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.data.models.base import Base, Versioned, utc_now
from crm.data.models.contacts import Contact


class ContactList(Versioned, Base):
    """A named, hand-picked list of contacts."""

    __tablename__ = "contact_lists"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[ContactListMember]] = relationship(
        back_populates="contact_list",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ContactListMember.added_at",
    )


class ContactListMember(Base):
    """A contact on a list, since when."""

    __tablename__ = "contact_list_members"
    # A list's first members in the order they joined, without sorting all 200,000 of them.
    __table_args__ = (
        Index("ix_contact_list_members_in_order", "list_id", "added_at", "contact_id"),
    )

    list_id: Mapped[int] = mapped_column(
        ForeignKey("contact_lists.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(default=utc_now)

    contact_list: Mapped[ContactList] = relationship(back_populates="members")
    contact: Mapped[Contact] = relationship()


class SavedSearch(Versioned, Base):
    """A named search whose members are worked out afresh each time it is opened."""

    __tablename__ = "saved_searches"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    record_kind: Mapped[str] = mapped_column(String(40), default="contacts")
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
