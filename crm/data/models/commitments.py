"""Commitments: what was pledged, declared or called for, by whom, where, and what came of it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.data.models.base import Base, Versioned, enum_type
from crm.data.models.contacts import Contact
from crm.data.models.events import ONE_PARTY, Event
from crm.data.models.organizations import Organization
from crm.domain.enums import CommitmentKind, CommitmentStatus


class Commitment(Versioned, Base):
    """A pledge, declaration or call, made by an organization or a person (or a count of states)."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint(
            "maker_organization_id IS NULL OR maker_contact_id IS NULL", name="one_maker"
        ),
        CheckConstraint("endorser_count IS NULL OR endorser_count >= 0", name="count_positive"),
        CheckConstraint(
            "due_on IS NULL OR made_on IS NULL OR due_on >= made_on", name="due_after_made"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[CommitmentKind] = mapped_column(enum_type(CommitmentKind, "commitment_kind"))
    status: Mapped[CommitmentStatus] = mapped_column(
        enum_type(CommitmentStatus, "commitment_status")
    )
    maker_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    maker_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    made_on: Mapped[date | None]
    due_on: Mapped[date | None]
    endorser_count: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    maker_organization: Mapped[Organization | None] = relationship()
    maker_contact: Mapped[Contact | None] = relationship()
    event: Mapped[Event | None] = relationship()
    endorsers: Mapped[list[CommitmentEndorser]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CommitmentEndorser.id",
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(FollowUp.on_date, FollowUp.id)",
    )


class CommitmentEndorser(Base):
    """An organization or a person who endorsed a commitment."""

    __tablename__ = "commitment_endorsers"
    __table_args__ = (
        CheckConstraint(ONE_PARTY, name="one_party"),
        UniqueConstraint("commitment_id", "organization_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )

    commitment: Mapped[Commitment] = relationship(back_populates="endorsers")
    organization: Mapped[Organization | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class FollowUp(Base):
    """A dated step in a commitment's life, with the status it moved to."""

    __tablename__ = "commitment_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    on_date: Mapped[date]
    status: Mapped[CommitmentStatus] = mapped_column(
        enum_type(CommitmentStatus, "follow_up_status")
    )
    note: Mapped[str] = mapped_column(Text)

    commitment: Mapped[Commitment] = relationship(back_populates="follow_ups")
