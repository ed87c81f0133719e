"""Events, their organizers, and who took part in which role and status."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.data.models.base import Base, Versioned, enum_type
from crm.data.models.contacts import Contact
from crm.data.models.organizations import Organization
from crm.data.models.reference import Tag, event_tags
from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    EventKind,
    EventStatus,
    OrganizerRole,
)

# "Exactly one of two columns is set", written so SQLite and PostgreSQL both accept it.
ONE_PARTY = "(contact_id IS NULL) <> (organization_id IS NULL)"
# An attendance's party: a contact, an organization, or a person erased on request (the
# row stays, anonymised, so that the event's counts stay true).
ONE_PARTY_OR_ERASED = (
    "(CASE WHEN contact_id IS NULL THEN 0 ELSE 1 END) "
    "+ (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) "
    "+ (CASE WHEN party_erased THEN 1 ELSE 0 END) = 1"
)


class Event(Versioned, Base):
    """A summit, conference, meeting or session; sessions and working groups sit in a parent."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="ends_after_start",
        ),
        CheckConstraint("end_date IS NULL OR start_date IS NOT NULL", name="end_needs_start"),
        CheckConstraint("start_time IS NULL OR start_date IS NOT NULL", name="time_needs_date"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "reported_attendance IS NULL OR reported_attendance >= 0",
            name="reported_attendance_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "event_kind"))
    status: Mapped[EventStatus] = mapped_column(enum_type(EventStatus, "event_status"))
    start_date: Mapped[date | None] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_date: Mapped[date | None]
    end_time: Mapped[time | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(
        String(2), ForeignKey("countries.code", ondelete="RESTRICT")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    # A head-count a source gives ("over 150 representatives"), beside the named attendances.
    reported_attendance: Mapped[int | None]
    search_text: Mapped[str] = mapped_column(Text, default="")

    venue: Mapped[Organization | None] = relationship()
    parent: Mapped[Event | None] = relationship(remote_side=[id], back_populates="sub_events")
    # Mirrors ON DELETE CASCADE: loaded sessions are deleted by the ORM (and logged), the rest
    # by the database. Without it the ORM would orphan loaded sessions instead.
    sub_events: Mapped[list[Event]] = relationship(
        back_populates="parent",
        cascade="all, delete",
        passive_deletes=True,
        order_by="(Event.start_date, Event.name)",
    )
    organizers: Mapped[list[EventOrganizer]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventOrganizer.id",
    )
    tags: Mapped[list[Tag]] = relationship(secondary=event_tags, order_by=Tag.name)


class EventOrganizer(Base):
    """An organization or a person who put an event on, in a role (host, patron, co-chair…)."""

    __tablename__ = "event_organizers"
    __table_args__ = (
        CheckConstraint(ONE_PARTY, name="one_party"),
        UniqueConstraint("event_id", "organization_id", "contact_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[OrganizerRole] = mapped_column(enum_type(OrganizerRole, "organizer_role"))

    event: Mapped[Event] = relationship(back_populates="organizers")
    organization: Mapped[Organization | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class Attendance(Versioned, Base):
    """A contact, or an organization such as a delegation, at an event: role, status, snapshot.

    ``title_at_event`` and ``organization_at_event`` keep what the person was at the time, so a
    minister who has since moved on stays a minister on that year's list.
    """

    __tablename__ = "attendances"
    __table_args__ = (
        CheckConstraint(ONE_PARTY_OR_ERASED, name="one_party"),
        UniqueConstraint("event_id", "contact_id"),
        UniqueConstraint("event_id", "organization_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[AttendanceRole] = mapped_column(enum_type(AttendanceRole, "attendance_role"))
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus, "attendance_status")
    )
    on_behalf_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    party_erased: Mapped[bool] = mapped_column(default=False, server_default=false())
    title_at_event: Mapped[str | None] = mapped_column(String(300))
    organization_at_event: Mapped[str | None] = mapped_column(String(300))
    checked_in_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
    contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    on_behalf_of: Mapped[Organization | None] = relationship(foreign_keys=[on_behalf_of_id])


Index("ix_attendances_event_status", Attendance.event_id, Attendance.status)
# The participants of every event are listed from the newest event (crm.data.join_order);
# on SQLite a descending date puts undated events last, as the list's NULLS LAST asks.
Index("ix_events_newest_first", Event.start_date.desc(), Event.id)
