"""The summary a contact's table row shows is kept by the database, whoever writes the rows.

Every test of the suite ends by checking that no contact's summary is out of step (see
tests/conftest.py); these write the source rows directly, as a path the services do not
have yet would (renaming or deleting a tag, a primary address changed by hand).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import delete, insert, update

from crm.data.contact_summary import bulk_summaries, fill_summaries, stale_summaries
from crm.data.models import Affiliation, Base, ContactEmail, ContactPhone, Organization, Tag
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


def test_after_a_bulk_insert_the_triggers_run_again_in_the_same_transaction(
    db: Database, make_contact: MakeContact
) -> None:
    """The block fills its own contacts, and leaves row-by-row keeping on for what follows."""
    older = make_contact(given_name="Noa", family_name="Levi")
    with db.unit_of_work() as session:
        connection = session.connection()
        with bulk_summaries(connection):
            (new_id,) = connection.execute(
                insert(CONTACTS).returning(CONTACTS.c.id),
                [{"given_name": "Amira", "family_name": "Haddad", "version": 1}],
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
