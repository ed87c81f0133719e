"""Contacts' table rows read with one Core query built once, not as ORM objects.

A table block asks for 200 rows at a time, at any depth of a million; building each from a
Contact with its emails, phones, tags and affiliations took 20 ms a block, most of it in the
ORM. Each contact carries its first email, phone, today's organization and its tags itself
(kept by the database, see crm.data.contact_summary), so a block reads the contacts' rows
and nothing else but the organizations' names. A contact's detail uses the same rows, so
the table and the detail pane can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, BindParameter, ColumnElement, Integer, Select, any_, bindparam, select
from sqlalchemy.orm import Session

from crm.data.contact_summary import TAG_SEPARATOR
from crm.data.models import Contact, Organization
from crm.domain.names import display_name, organization_label
from crm.domain.records import ContactRow

# The tables' own columns, not the mapped attributes (see contacts_query): the window's first
# page is read before any mapper is set up.
_CONTACTS = Contact.__table__
_ORGANIZATIONS = Organization.__table__
_ROW_COLUMNS = tuple(
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
        "first_email",
        "first_phone",
        "tag_names",
    )
)


def contact_rows(session: Session, ids: Sequence[int]) -> list[ContactRow]:
    """Return the table rows of these contacts, in the order of ``ids``."""
    if not ids:
        return []
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = _postgres_statement() if postgres else _sqlite_statement()
    # all(): one fetch; iterating a result has psycopg fetch row by row (0.5 ms a block).
    contacts = {row[0]: row for row in session.execute(statement, {"ids": list(ids)}).all()}
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
            tag_names,
            organization_name,
            organization_acronym,
        ) = row
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
                tuple(tag_names.split(TAG_SEPARATOR)) if tag_names else (),
                version,
            )
        )
    return found


def _rows_where(matches_ids: ColumnElement[bool]) -> Select[Any]:
    """The rows' columns: the contact's own and its summary's, with its organization's name."""
    return (
        select(*_ROW_COLUMNS, _ORGANIZATIONS.c.name, _ORGANIZATIONS.c.acronym)
        .select_from(_CONTACTS)
        .outerjoin(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _CONTACTS.c.current_organization_id)
        .where(matches_ids)
    )


@cache
def _sqlite_statement() -> Select[Any]:
    return _rows_where(_CONTACTS.c.id.in_(bindparam("ids", expanding=True)))


@cache
def _postgres_statement() -> Select[Any]:
    # One array parameter: 200 separate ones cost more to send and parse than the query
    # takes to run (30 ms a block instead of a few).
    ids: BindParameter[Any] = bindparam("ids", type_=ARRAY(Integer))
    return _rows_where(_CONTACTS.c.id == any_(ids))
