"""Contacts' table rows read with Core queries built once, not as ORM objects.

A table block asks for 200 rows at a time, at any depth of a million; building each from a
Contact with its emails, phones, tags and affiliations took 20 ms a block, most of it in the
ORM. Each contact's first email, phone and current organization come in one query, its tags
with it or in a second, the way each database does it quickest (see the two statements
below). A contact's detail uses the same rows, so the table and the detail pane can never
disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    Subquery,
    any_,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Session

from crm.data.models import Affiliation, Contact, ContactEmail, ContactPhone, Organization, Tag
from crm.data.models.contacts import CURRENT_AFFILIATION_FIRST
from crm.data.models.reference import contact_tags
from crm.domain.names import display_name, organization_label
from crm.domain.records import ContactRow

# The tables' own columns, not the mapped attributes (see contacts_query): the window's first
# page is read before any mapper is set up.
_CONTACTS = Contact.__table__
_EMAILS = ContactEmail.__table__.c
_PHONES = ContactPhone.__table__.c
_AFFILIATIONS = Affiliation.__table__.c
_ORGANIZATIONS = Organization.__table__
_TAGS = Tag.__table__
_PERSON_COLUMNS = tuple(
    _CONTACTS.c[name]
    for name in (
        "id",
        "given_name",
        "family_name",
        "native_name",
        "job_title",
        "country",
        "city",
        "is_press",
        "do_not_contact",
        "version",
    )
)


def contact_rows(session: Session, ids: Sequence[int]) -> list[ContactRow]:
    """Return the table rows of these contacts, in the order of ``ids``."""
    if not ids:
        return []
    wanted = {"ids": list(ids)}
    if session.get_bind().dialect.name == "postgresql":
        rows_with_tags = _postgres_statement()
        contacts = {row[0]: row for row in session.execute(rows_with_tags, wanted)}
        tags = {contact_id: row[-1] for contact_id, row in contacts.items()}
    else:
        rows, tag_rows = _sqlite_statements()
        contacts = {row[0]: row for row in session.execute(rows, wanted)}
        tags = {}
        for contact_id, name in session.execute(tag_rows, wanted):
            tags.setdefault(contact_id, []).append(name)
    found = []
    for contact_id in ids:
        row = contacts.get(contact_id)
        if row is None:
            continue
        # Unpacked by position: reading a Row's fields by name cost 1 ms a block.
        (
            _,
            given,
            family,
            native,
            title,
            country,
            city,
            is_press,
            do_not_contact,
            version,
            email,
            phone,
            organization_name,
            organization_acronym,
        ) = row[:14]
        found.append(
            ContactRow(
                contact_id,
                display_name(given, family, native),
                native,
                organization_label(organization_name, organization_acronym)
                if organization_name is not None
                else None,
                title,
                email,
                phone,
                country,
                city,
                is_press,
                do_not_contact,
                tuple(tags.get(contact_id) or ()),
                version,
            )
        )
    return found


@cache
def _sqlite_statements() -> tuple[Select[Any], Select[Any]]:
    """The block's rows with correlated subqueries, then its tags.

    Inside SQLite a correlated subquery is an index seek (2–3 ms a block where a query per
    relation took 6–18 ms), and a second query costs no round trip.
    """
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    rows = (
        select(
            *_PERSON_COLUMNS,
            _first_of(_EMAILS.address, _EMAILS.contact_id, _EMAILS.is_primary, _EMAILS.id).label(
                "email"
            ),
            _first_of(_PHONES.e164, _PHONES.contact_id, _PHONES.is_primary, _PHONES.id).label(
                "phone"
            ),
            _ORGANIZATIONS.c.name.label("organization_name"),
            _ORGANIZATIONS.c.acronym.label("organization_acronym"),
        )
        .select_from(_CONTACTS)
        .outerjoin(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _current_organization_id())
        .where(_CONTACTS.c.id.in_(ids))
    )
    tags = (
        select(contact_tags.c.contact_id, _TAGS.c.name)
        .join(_TAGS, _TAGS.c.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id.in_(ids))
        .order_by(contact_tags.c.contact_id, _TAGS.c.name)
    )
    return rows, tags


@cache
def _postgres_statement() -> Select[Any]:
    """The block's rows and tags in one query, one pass over each relation, for PostgreSQL.

    There a correlated subquery is a plan run once per row (200 × 3 a block, 3.6 ms of the
    server's time), and every query a round trip: one DISTINCT ON per relation for the
    whole block, and the tags gathered in an array, took 1.7 ms where the two queries took
    4.6 ms.
    """
    # Loaded here, where a PostgreSQL engine has loaded the dialect already: at import it
    # would cost every SQLite start about 25 ms.
    from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on

    array: BindParameter[Any] = bindparam("ids", type_=ARRAY(Integer))

    def one_of(column: Any) -> ColumnElement[bool]:
        # One array parameter: 200 separate ones cost more to send and parse than the query
        # takes to run (30 ms a block instead of a few).
        return column == any_(array)  # type: ignore[no-any-return]

    def first_each(value: Any, contact_id: Any, is_primary: Any, row_id: Any) -> Subquery:
        """Each contact's primary email or phone, else its first (as _first_of)."""
        return (
            select(contact_id, value)
            .where(one_of(contact_id))
            .ext(distinct_on(contact_id))
            .order_by(contact_id, is_primary.desc(), row_id)
            .subquery()
        )

    first_email = first_each(_EMAILS.address, _EMAILS.contact_id, _EMAILS.is_primary, _EMAILS.id)
    first_phone = first_each(_PHONES.e164, _PHONES.contact_id, _PHONES.is_primary, _PHONES.id)
    current_organization = (
        select(_AFFILIATIONS.contact_id, _ORGANIZATIONS.c.name, _ORGANIZATIONS.c.acronym)
        .join(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _AFFILIATIONS.organization_id)
        .where(one_of(_AFFILIATIONS.contact_id), _AFFILIATIONS.end_date.is_(None))
        .ext(distinct_on(_AFFILIATIONS.contact_id))
        .order_by(_AFFILIATIONS.contact_id, *CURRENT_AFFILIATION_FIRST)
        .subquery()
    )
    tags = (
        select(
            contact_tags.c.contact_id,
            func.array_agg(aggregate_order_by(_TAGS.c.name, _TAGS.c.name)).label("names"),
        )
        .join(_TAGS, _TAGS.c.id == contact_tags.c.tag_id)
        .where(one_of(contact_tags.c.contact_id))
        .group_by(contact_tags.c.contact_id)
        .subquery()
    )
    return (
        select(
            *_PERSON_COLUMNS,
            first_email.c.address.label("email"),
            first_phone.c.e164.label("phone"),
            current_organization.c.name.label("organization_name"),
            current_organization.c.acronym.label("organization_acronym"),
            tags.c.names,
        )
        .select_from(_CONTACTS)
        .outerjoin(first_email, first_email.c.contact_id == _CONTACTS.c.id)
        .outerjoin(first_phone, first_phone.c.contact_id == _CONTACTS.c.id)
        .outerjoin(current_organization, current_organization.c.contact_id == _CONTACTS.c.id)
        .outerjoin(tags, tags.c.contact_id == _CONTACTS.c.id)
        .where(one_of(_CONTACTS.c.id))
    )


def _first_of(value: Any, contact_id: Any, is_primary: Any, row_id: Any) -> ScalarSelect[str]:
    """A contact's primary email or phone, else its first."""
    return (
        select(value)
        .where(contact_id == _CONTACTS.c.id)
        .order_by(is_primary.desc(), row_id)
        .limit(1)
        .correlate(_CONTACTS)
        .scalar_subquery()
    )


def _current_organization_id() -> ScalarSelect[int]:
    """The organization a contact is with today (see CURRENT_AFFILIATION_FIRST)."""
    return (
        select(_AFFILIATIONS.organization_id)
        .where(_AFFILIATIONS.contact_id == _CONTACTS.c.id, _AFFILIATIONS.end_date.is_(None))
        .order_by(*CURRENT_AFFILIATION_FIRST)
        .limit(1)
        .correlate(_CONTACTS)
        .scalar_subquery()
    )
