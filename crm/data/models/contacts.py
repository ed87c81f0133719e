"""People: names in any script, emails, phones, affiliations over time, data protection."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from crm.data.models.base import Base, Versioned, enum_type
from crm.data.models.organizations import E164_SHAPE, EMAIL_SHAPE, Organization
from crm.data.models.reference import Tag, contact_tags
from crm.domain.enums import ConsentStatus, LawfulBasis
from crm.domain.records import Sort

# A contact's first email and phone, today's organization and tags, as its table row shows them.
SUMMARY_COLUMNS = ("first_email", "first_phone", "current_organization_id", "tag_names")


class Contact(Versioned, Base):
    """A person the team knows: a peacebuilder, a minister, a journalist."""

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint(
            "length(trim(coalesce(given_name, '') || coalesce(family_name, '') "
            "|| coalesce(native_name, ''))) > 0",
            name="has_a_name",
        ),
        CheckConstraint(
            "consent_date IS NULL OR consent_status <> 'unknown'", name="consent_dated"
        ),
        # What the contacts table shows of the rows around a contact, kept on it by the
        # database's triggers (crm.data.contact_summary), never written by the ORM.
        Column(SUMMARY_COLUMNS[0], String(320)),
        Column(SUMMARY_COLUMNS[1], String(20)),
        Column(SUMMARY_COLUMNS[2], Integer),
        Column(SUMMARY_COLUMNS[3], Text),
    )
    kept_by_database = SUMMARY_COLUMNS

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str | None] = mapped_column(String(40))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200), index=True)
    native_name: Mapped[str | None] = mapped_column(String(300))
    name_variants: Mapped[str | None] = mapped_column(String(500))
    job_title: Mapped[str | None] = mapped_column(String(300))
    is_press: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    press_role: Mapped[str | None] = mapped_column(String(100))
    languages: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(
        String(2), ForeignKey("countries.code", ondelete="RESTRICT")
    )
    city: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    consent_status: Mapped[ConsentStatus] = mapped_column(
        enum_type(ConsentStatus, "consent_status"), default=ConsentStatus.UNKNOWN
    )
    consent_date: Mapped[date | None]
    lawful_basis: Mapped[LawfulBasis | None] = mapped_column(enum_type(LawfulBasis, "lawful_basis"))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    search_text: Mapped[str] = mapped_column(Text, default="")

    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ContactEmail.is_primary.desc(), ContactEmail.id)",
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ContactPhone.is_primary.desc(), ContactPhone.id)",
    )
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        # The same order as the Core queries' (undated last on PostgreSQL too), so that the
        # detail, the briefing and an event's list name the organization the table shows.
        order_by=lambda: CURRENT_AFFILIATION_FIRST,
    )
    social_handles: Mapped[list[SocialHandle]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SocialHandle.id",
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by=Tag.name)


# The order the contacts table shows, by name: the expressions the services sort by, so that
# an index serves the first page and any later one without sorting a million rows.
# The table's own columns, not the mapped attributes: a list query made of them alone runs
# without first setting up every mapper (50 ms), so the window paints its first rows sooner.
_columns = Contact.__table__.c
CONTACT_NAME_ORDER = (
    func.coalesce(_columns.family_name, _columns.native_name, _columns.given_name),
    func.coalesce(_columns.given_name, literal_column("''")),  # a literal, as in the index
    _columns.id,
)
# Columns a user can sort by; a nullable one leads with its IS NULL flag (empty cells last).
CONTACT_SORT_COLUMNS = {
    "job_title": (Contact.job_title, True),
    "country": (Contact.country, True),
    "city": (Contact.city, True),
    "is_press": (Contact.is_press, False),
    "do_not_contact": (Contact.do_not_contact, False),
}


def _order_indexes(name: str, column: Any, nullable: bool) -> tuple[Index, ...]:
    if not nullable:
        return (Index(f"ix_contacts_by_{name}", column, *CONTACT_NAME_ORDER),)
    # Empty cells stay last both ways: (empty, value, name) ascending for an A-Z sort, and
    # (empty descending, value, name) read backwards for Z-A.
    return (
        Index(f"ix_contacts_by_{name}", column.is_(None), column, *CONTACT_NAME_ORDER),
        Index(
            f"ix_contacts_by_{name}_desc",
            column.is_(None).self_group().desc(),
            column,
            *CONTACT_NAME_ORDER,
        ),
    )


# Every sort key of a contact, reached by id: the matches of a search (tens of thousands of
# ids from the full-text index) are put in order from this narrow index instead of from
# the table's wide rows (35 ms instead of 55-90 ms for 32,000 matches at a million).
SORT_KEYS_BY_ID = "ix_contacts_sort_keys"


def order_index(sort: Sort | None) -> str:
    """Name the index that holds the contacts in ``sort``'s order."""
    if sort is None or sort.key not in CONTACT_SORT_COLUMNS:
        return "ix_contacts_by_name"  # the name order, either way
    nullable = CONTACT_SORT_COLUMNS[sort.key][1]
    return f"ix_contacts_by_{sort.key}" + ("_desc" if nullable and sort.descending else "")


CONTACT_ORDER_INDEXES = (
    Index("ix_contacts_by_name", *CONTACT_NAME_ORDER),
    # The people of one country already in name order: the country filter reads its first
    # page without sorting 70,000 rows (100 ms -> 8 ms at a million).
    Index("ix_contacts_country", Contact.country, *CONTACT_NAME_ORDER),
    *(
        index
        for name, (column, nullable) in CONTACT_SORT_COLUMNS.items()
        for index in _order_indexes(name, column, nullable)
    ),
    Index(
        SORT_KEYS_BY_ID,
        Contact.id,
        Contact.family_name,
        Contact.native_name,
        Contact.given_name,
        *(column for column, _ in CONTACT_SORT_COLUMNS.values()),
    ),
)


# The narrowest index of the table, for SQLite to count a list of everyone by: it walks the
# index of fewest pages (at a million, 12-15 ms through the name index, 4-6 ms through this
# one, at the window's start and after every change; far more from a cold disk).
COUNTING_INDEX = Index("ix_contacts_for_counting", Contact.do_not_contact)

# The table's own filters together (press only, country, do not contact, no organization),
# for SQLite to count two or more of them without reading a row: each index of one of them
# left a look in the table per row it passed. At a million, press only and France took
# 0.5 s warm and 6 s from a cold file; from this index, under 1 ms, and 41 ms at worst
# (France without an organization, the whole index read): crm.services.contacts names it.
OWN_FILTERS_INDEX = Index(
    "ix_contacts_by_own_filters",
    Contact.is_press,
    Contact.country,
    Contact.do_not_contact,
    Contact.__table__.c[SUMMARY_COLUMNS[2]],
)

# The people with no organization today, counted from this small index (150,000 of a
# million: 5 ms, against 57 ms from the ongoing affiliations). SQLite's condition only, as
# below; db/versions/0013 gives PostgreSQL its own.
WITHOUT_ORGANIZATION_INDEX = Index(
    "ix_contacts_without_organization",
    Contact.id,
    sqlite_where=text(f"{SUMMARY_COLUMNS[2]} IS NULL"),
)


# The partial unique indexes below name only SQLite's condition: a postgresql_where here would
# load the PostgreSQL dialect into every start-up (about 25 ms) to check the keyword. The schema
# is made by the migrations, which give each database its own form (db/versions/0001).


class ContactEmail(Base):
    """One of a contact's email addresses, with a label; at most one is primary."""

    __tablename__ = "contact_emails"
    __table_args__ = (
        UniqueConstraint("contact_id", "address"),
        CheckConstraint(EMAIL_SHAPE.format(column="address"), name="address_form"),
        Index(
            "uq_contact_emails_one_primary",
            "contact_id",
            unique=True,
            sqlite_where=text("is_primary = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320), index=True)
    label: Mapped[str] = mapped_column(String(40), default="work")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[Contact] = relationship(back_populates="emails")


# Duplicates are found by address whatever its case; this index answers that for a whole
# import file at a million contacts without reading every address.
Index("ix_contact_emails_lower_address", func.lower(ContactEmail.address))


class ContactPhone(Base):
    """One of a contact's phone numbers: as typed and in E.164; at most one is primary."""

    __tablename__ = "contact_phones"
    __table_args__ = (
        UniqueConstraint("contact_id", "e164"),
        CheckConstraint(E164_SHAPE.format(column="e164"), name="e164_form"),
        Index(
            "uq_contact_phones_one_primary",
            "contact_id",
            unique=True,
            sqlite_where=text("is_primary = 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    as_typed: Mapped[str] = mapped_column(String(64))
    e164: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(40), default="work")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Affiliation(Base):
    """A contact's tie to an organization over a period: role, department, from, to."""

    __tablename__ = "affiliations"
    __table_args__ = (
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="ends_after_start",
        ),
        # The ongoing ties, both ways: the people at organizations of a kind are counted
        # from the first, and each contact's ties are looked up in the second
        # (crm.services.contacts.with_organization_kind). SQLite's condition only, as the
        # partial indexes below say why; db/versions/0013 gives PostgreSQL its own.
        Index(
            "ix_affiliations_ongoing_by_organization",
            "organization_id",
            "contact_id",
            sqlite_where=text("end_date IS NULL"),
        ),
        Index(
            "ix_affiliations_ongoing_by_contact",
            "contact_id",
            "organization_id",
            sqlite_where=text("end_date IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[Contact] = relationship(back_populates="affiliations")
    organization: Mapped[Organization] = relationship(back_populates="affiliations")


# Which of a contact's ongoing affiliations names its organization today: the primary one,
# else the latest started. Of the table's columns, as CONTACT_NAME_ORDER, for Core queries.
_affiliation = Affiliation.__table__.c
CURRENT_AFFILIATION_FIRST: tuple[ColumnElement[Any], ...] = (
    _affiliation.is_primary.desc(),
    _affiliation.start_date.desc().nulls_last(),
    _affiliation.id,
)


class SocialHandle(Base):
    """A contact's handle on a social network (X, LinkedIn, Mastodon, …)."""

    __tablename__ = "social_handles"
    __table_args__ = (UniqueConstraint("contact_id", "network", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str] = mapped_column(String(200))

    contact: Mapped[Contact] = relationship(back_populates="social_handles")
