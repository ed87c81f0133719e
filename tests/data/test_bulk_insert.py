"""Rows inserted many at a time are stored exactly as SQLAlchemy's own insert stores them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, text

from crm.data.bulk_insert import insert_rows
from crm.data.models import Base, Change, Contact
from crm.data.unit_of_work import Database
from crm.domain.enums import ChangeAction, ConsentStatus, LawfulBasis
from crm.domain.errors import IntegrityViolationError


def _stored(db: Database, table: str, ids: list[int]) -> list[tuple[Any, ...]]:
    """The rows as the database holds them, read by the driver without any conversion."""
    with db.unit_of_work() as session:
        cursor = session.connection().exec_driver_sql(
            f"SELECT * FROM {table} ORDER BY id"  # a fixed table name, no user text
        )
        columns = list(cursor.keys())
        rows = [r for r in cursor if r[columns.index("id")] in ids]
    return [tuple(v for name, v in zip(columns, row, strict=True) if name != "id") for row in rows]


def _both_ways(db: Database, table: type[Base], rows: list[dict[str, Any]], first_id: int) -> None:
    """Insert ``rows`` through insert_rows, then again through insert(), ids ``first_id`` on."""
    fast = [{**row, "id": first_id + n} for n, row in enumerate(rows)]
    core = [{**row, "id": first_id + len(rows) + n} for n, row in enumerate(rows)]
    with db.unit_of_work() as session:
        insert_rows(session.connection(), table, fast)
        session.connection().execute(insert(table), core)


def test_every_kind_of_value_is_stored_as_an_orm_insert_stores_it(db: Database) -> None:
    """Dates, moments, choices, flags, JSON, empty values: the same in the table both ways."""
    moment = datetime(2025, 7, 29, 9, 30, 15, 123456, tzinfo=UTC)
    person = {
        "given_name": "Nivine",
        "family_name": "Sandouka",
        "native_name": "نيفين",
        "job_title": None,
        "consent_status": ConsentStatus.GRANTED,
        "consent_date": date(2024, 3, 1),
        "lawful_basis": LawfulBasis.CONSENT,
        "do_not_contact": True,
        "is_press": False,
        "search_text": "nivine sandouka",
        "version": 1,
        "created_at": moment,
        "updated_at": moment,
    }
    _both_ways(db, Contact, [person, {**person, "do_not_contact": False}], 100)
    change = {
        "at": moment,
        "actor": "test",
        "record_type": "contacts",
        "record_id": 100,
        "action": ChangeAction.CREATED,
        "summary": "Nivine Sandouka",
        "fields": {"given_name": [None, "Nivine"], "consent_date": [None, "2024-03-01"]},
    }
    _both_ways(db, Change, [change], 500)
    contacts = _stored(db, "contacts", [100, 101, 102, 103])
    assert len(contacts) == 4
    assert contacts[:2] == contacts[2:]
    changes = _stored(db, "changes", [500, 501])
    assert len(changes) == 2 and changes[0] == changes[1]


def test_rows_left_without_a_computed_default_are_stored_with_it(db: Database) -> None:
    """Without their moment, history rows still get one (SQLAlchemy's own path)."""
    change = {
        "actor": "test",
        "record_type": "contacts",
        "record_id": 1,
        "action": ChangeAction.DELETED,
        "summary": "",
        "fields": {},
    }
    with db.unit_of_work() as session:
        insert_rows(session.connection(), Change, [change, change])
        stamped = session.execute(
            text("SELECT count(*) FROM changes WHERE at IS NOT NULL AND action = 'deleted'")
        ).scalar_one()
    assert stamped == 2


def test_the_database_still_refuses_a_bad_row(db: Database) -> None:
    """A row its table's checks refuse fails the insert, and nothing of the batch is kept."""
    good = {"given_name": "Ana", "search_text": "ana", "version": 1}
    bad = {**good, "given_name": None}  # a contact needs a name
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [{**r, "created_at": moment, "updated_at": moment} for r in (good, bad)]
    with pytest.raises(IntegrityViolationError), db.unit_of_work() as session:
        insert_rows(session.connection(), Contact, rows)
    with db.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 0
