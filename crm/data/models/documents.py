"""Documents (the sources) and citations: any record can say where we know it from."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.data.models.base import Base, Timestamped, Versioned, enum_type
from crm.data.models.commitments import Commitment
from crm.data.models.contacts import Contact
from crm.data.models.events import Attendance, Event
from crm.data.models.organizations import Organization
from crm.domain.enums import DocumentKind

# The kinds of record a citation can point at: one nullable foreign key each, so the database
# itself refuses a citation of a record that does not exist and removes it with the record.
CITABLE_COLUMNS = (
    "contact_id",
    "organization_id",
    "event_id",
    "attendance_id",
    "commitment_id",
)
_ONE_TARGET = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in CITABLE_COLUMNS)


class Document(Versioned, Base):
    """A source: a press release, article or declaration, with its full text."""

    __tablename__ = "documents"
    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, "document_kind"))
    publisher_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str | None] = mapped_column(String(300))
    author_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    published_on: Mapped[date | None]
    url: Mapped[str | None] = mapped_column(String(1000))
    language: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    publisher: Mapped[Organization | None] = relationship()
    author_contact: Mapped[Contact | None] = relationship()
    citations: Mapped[list[Citation]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Citation.id",
    )


class Citation(Timestamped, Base):
    """A record citing a document with a short quote (and a note on any choice made)."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(f"{_ONE_TARGET} = 1", name="one_target"),
        CheckConstraint("length(trim(quote)) > 0", name="quote_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    quote: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendances.id", ondelete="CASCADE"), index=True
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )

    document: Mapped[Document] = relationship(back_populates="citations")
    contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    event: Mapped[Event | None] = relationship()
    attendance: Mapped[Attendance | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
