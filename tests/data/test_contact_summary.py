"""The summary a contact's table row shows is kept by the database, whoever writes the rows.

Every test of the suite ends by checking that no contact's summary is out of step (see
tests/conftest.py); these write the source rows directly, as a path the services do not
have yet would (renaming or deleting a tag, a primary address changed by hand).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from crm.data.contact_summary import (
    bulk_summaries,
    fill_summaries,
    stale_summaries,
    summary_of,
    tag_order,
)
from crm.data.models import Affiliation, Base, ContactEmail, ContactPhone, Organization, Tag
from crm.data.models.contacts import SUMMARY_COLUMNS
from crm.data.models.reference import contact_tags
from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, EmailDraft, PhoneDraft
from crm.domain.records import ContactDetail, ContactRow, OrganizationDetail
from crm.services.contact_rows import contact_rows

MakeContact = Callable[..., ContactDetail]
MakeOrganization = Callable[..., OrganizationDetail]
CONTACTS = Base.metadata.tables["contacts"]


def _row(db: Database, contact_id: int) -> ContactRow:
    with db.unit_of_work() as session:
        (row,) = contact_rows(session, [contact_id])
    return row


def test_the_row_follows_each_change_of_the_rows_it_summarises(
    db: Database, make_contact: MakeContact, make_organization: MakeOrganization
) -> None:
    """Primary address moved, phone gone, affiliation ended, tag renamed and deleted."""
    parents = make_organization(name="Parents Circle", acronym="PCFF")
    combatants = make_organization(name="Combatants for Peace")
    rami = make_contact(
        given_name="Rami",
        family_name="Elhanan",
        emails=(EmailDraft("rami@pcff.example", primary=True), EmailDraft("rami@home.example")),
        phones=(PhoneDraft("+972 2 123 4567"),),
        affiliations=(
            AffiliationDraft(combatants.row.id, start_date=date(2012, 1, 1)),
            AffiliationDraft(parents.row.id, start_date=date(2005, 1, 1), primary=True),
        ),
        tags=("speaker", "Board"),
    )
    contact_id = rami.row.id
    before = _row(db, contact_id)
    assert (before.email, before.phone) == ("rami@pcff.example", "+97221234567")
    assert (before.organization, before.tags) == ("Parents Circle (PCFF)", ("Board", "speaker"))

    with db.unit_of_work() as session:
        mine = ContactEmail.contact_id == contact_id
        # One primary at a time, as PostgreSQL checks each row: the old one stops first.
        session.execute(update(ContactEmail).where(mine).values(is_primary=False))
        session.execute(
            update(ContactEmail)
            .where(mine, ContactEmail.address == "rami@home.example")
            .values(is_primary=True)
        )
        session.execute(delete(ContactPhone).where(ContactPhone.contact_id == contact_id))
        session.execute(
            update(Affiliation)
            .where(Affiliation.organization_id == parents.row.id)
            .values(end_date=date(2020, 1, 1))
        )
        session.execute(update(Tag).where(Tag.name == "speaker").values(name="Keynote"))
    after = _row(db, contact_id)
    assert (after.email, after.phone) == ("rami@home.example", None)
    assert after.organization == "Combatants for Peace", "the one still going on"
    assert after.tags == ("Board", "Keynote")

    with db.unit_of_work() as session:
        session.execute(delete(Tag).where(Tag.name == "Board"))
        session.execute(delete(Organization).where(Organization.id == combatants.row.id))
    gone = _row(db, contact_id)
    assert (gone.organization, gone.tags) == (None, ("Keynote",))


def test_a_summary_out_of_step_is_found_and_filled_again(
    db: Database, make_contact: MakeContact
) -> None:
    """The check the suite relies on finds a wrong column; filling puts it right."""
    amira = make_contact(given_name="Amira", emails=(EmailDraft("amira@example.org"),))
    other = make_contact(given_name="Noa", family_name="Levi")
    with db.unit_of_work() as session:
        session.execute(
            update(CONTACTS)
            .where(CONTACTS.c.id == amira.row.id)
            .values(first_email="someone.else@example.org", updated_at=CONTACTS.c.updated_at)
        )
        assert stale_summaries(session.connection()) == [amira.row.id]
        fill_summaries(session.connection())
        assert stale_summaries(session.connection()) == []
    assert _row(db, amira.row.id).email == "amira@example.org"
    assert _row(db, other.row.id).email is None


Dated = tuple[int, bool, date | None, date | None]  # organization, primary, start, end


def test_a_bulk_insert_gives_each_contact_the_summary_the_triggers_would(
    db: Database, make_organization: MakeOrganization
) -> None:
    """summary_of follows the triggers' rules, on the rows inserted after it.

    A primary email after another, an ended affiliation, a primary one started before a
    later one, undated ones, tags whose order hangs on case and accents (the database's
    collation orders them).
    """
    old, primary, later = (make_organization(name=n).row.id for n in ("Old", "Primary", "Later"))
    with db.unit_of_work() as session:
        connection = session.connection()
        names = ["Zeta", "board", "árbol", "Speaker", "abc"]
        connection.execute(insert(Tag), [{"name": name} for name in names])
        with bulk_summaries(connection):
            everything = _insert_person(
                connection,
                [("a@example.org", False), ("b@example.org", True)],
                [("+33123456789", False)],
                [
                    (old, True, date(2001, 1, 1), date(2005, 1, 1)),
                    (later, False, date(2015, 1, 1), None),
                    (primary, True, date(2010, 1, 1), None),
                ],
                names,
            )
            undated = _insert_person(
                connection,
                [],
                [("+33123456780", False), ("+33123456781", False)],
                [(old, False, None, None), (later, False, date(2015, 1, 1), None)],
                [],
            )
        assert stale_summaries(connection) == []
        assert _summary(connection, everything)[:3] == ("b@example.org", "+33123456789", primary)
        assert _summary(connection, undated) == (None, "+33123456780", later, None)


def _insert_person(
    connection: Connection,
    emails: list[tuple[str, bool]],
    phones: list[tuple[str, bool]],
    affiliations: list[Dated],
    tags: list[str],
) -> int:
    """Insert a contact with its summary, then its rows, as a bulk insert does."""
    summary = summary_of(emails, phones, affiliations, tags, tag_order(connection))
    contact_id: int = connection.execute(
        insert(CONTACTS).returning(CONTACTS.c.id), [{"given_name": "P", "version": 1, **summary}]
    ).scalar_one()
    mine = {"contact_id": contact_id}
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (ContactEmail, [{**mine, "address": a, "is_primary": p} for a, p in emails]),
        (ContactPhone, [{**mine, "as_typed": e, "e164": e, "is_primary": p} for e, p in phones]),
        (
            Affiliation,
            [
                {**mine, "organization_id": o, "is_primary": p, "start_date": s, "end_date": e}
                for o, p, s, e in affiliations
            ],
        ),
    ]
    tag_ids = dict(connection.execute(select(Tag.name, Tag.id)).all())
    rows.append((contact_tags, [{**mine, "tag_id": tag_ids[t]} for t in tags]))
    for table, values in rows:
        if values:
            connection.execute(insert(table), values)
    return contact_id


def _summary(connection: Connection, contact_id: int) -> tuple[Any, ...]:
    columns = [CONTACTS.c[name] for name in SUMMARY_COLUMNS]
    return tuple(connection.execute(select(*columns).where(CONTACTS.c.id == contact_id)).one())


def test_after_a_bulk_insert_the_triggers_run_again_in_the_same_transaction(
    db: Database, make_contact: MakeContact
) -> None:
    """Row-by-row keeping stands by inside the block only: a later email still shows."""
    older = make_contact(given_name="Noa", family_name="Levi")
    with db.unit_of_work() as session:
        connection = session.connection()
        with bulk_summaries(connection):
            summary = summary_of([("amira@example.org", True)], [], [], [], {})
            (new_id,) = connection.execute(
                insert(CONTACTS).returning(CONTACTS.c.id),
                [{"given_name": "Amira", "family_name": "Haddad", "version": 1, **summary}],
            ).scalars()
            connection.execute(
                insert(ContactEmail),
                [{"contact_id": new_id, "address": "amira@example.org", "is_primary": True}],
            )
        connection.execute(
            insert(ContactEmail),
            [{"contact_id": older.row.id, "address": "noa@example.org", "is_primary": True}],
        )
    assert _row(db, new_id).email == "amira@example.org"
    assert _row(db, older.row.id).email == "noa@example.org"
