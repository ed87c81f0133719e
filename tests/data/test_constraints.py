"""The database itself refuses bad rows, whatever path they take to reach it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert

from crm.data.models import Attendance, Citation, Contact, ContactEmail, ContactPhone, Event
from crm.data.unit_of_work import Database
from crm.domain.errors import IntegrityViolationError
from crm.domain.records import ContactDetail, EventDetail


def _insert(db: Database, model: type[Any], **values: Any) -> None:
    with db.unit_of_work() as session:
        session.execute(insert(model).values(**values))


def test_a_bad_email_is_refused_by_the_database(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """An address without an @ never reaches the table."""
    person = make_contact()
    with pytest.raises(IntegrityViolationError, match="not an email address"):
        _insert(
            db,
            ContactEmail,
            contact_id=person.row.id,
            address="not-an-email",
            label="work",
            is_primary=False,
        )


def test_a_phone_not_in_e164_is_refused_by_the_database(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """Only international numbers are stored in the E.164 column."""
    person = make_contact()
    with pytest.raises(IntegrityViolationError, match=r"E\.164"):
        _insert(
            db,
            ContactPhone,
            contact_id=person.row.id,
            as_typed="0142",
            e164="0142",
            label="work",
            is_primary=False,
        )


def test_an_unknown_country_is_refused_by_the_database(db: Database) -> None:
    """Country codes must be in the countries table."""
    with pytest.raises(IntegrityViolationError, match="does not exist"):
        _insert(db, Contact, given_name="A", country="ZZ", search_text="", version=1)


def test_an_event_ending_before_it_starts_is_refused_by_the_database(db: Database) -> None:
    """The date order is a CHECK in the schema, not only a rule in Python."""
    with pytest.raises(IntegrityViolationError, match="cannot end before it starts"):
        _insert(
            db,
            Event,
            name="X",
            kind="meeting",
            status="planned",
            search_text="",
            version=1,
            start_date=date(2026, 6, 12),
            end_date=date(2026, 6, 1),
        )


def test_a_dangling_reference_is_refused_by_the_database(
    db: Database, make_event: Callable[..., EventDetail]
) -> None:
    """An attendance of a contact that does not exist is refused."""
    event = make_event()
    with pytest.raises(IntegrityViolationError, match="does not exist"):
        _insert(
            db,
            Attendance,
            event_id=event.row.id,
            contact_id=4242,
            role="participant",
            status="invited",
            version=1,
        )


def test_an_unknown_enumeration_value_is_refused_by_the_database(db: Database) -> None:
    """Statuses outside the list are refused by a CHECK."""
    with db.unit_of_work() as session:
        connection = session.connection()
        with pytest.raises(Exception, match="ck_events_event_status"):
            connection.exec_driver_sql(
                "INSERT INTO events (name, kind, status, search_text, version) "
                "VALUES ('X', 'meeting', 'postponed', '', 1)"
            )
        session.rollback()


def test_a_citation_points_at_exactly_one_record(db: Database) -> None:
    """A citation of nothing is refused."""
    with pytest.raises(IntegrityViolationError, match="exactly one record"):
        _insert(db, Citation, document_id=1, quote="q")


def test_a_contact_needs_some_name_in_the_database_too(db: Database) -> None:
    """Blank names are refused by the schema."""
    with pytest.raises(IntegrityViolationError, match="needs a name"):
        _insert(db, Contact, given_name=" ", search_text="", version=1)
