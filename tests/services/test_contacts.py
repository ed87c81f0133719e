"""Contacts through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, ContactDraft, EmailDraft, PhoneDraft
from crm.domain.enums import ConsentStatus
from crm.domain.errors import ConflictError, NotFoundError, ValidationError
from crm.domain.records import ContactDetail, OrganizationDetail
from crm.services import contacts
from crm.services.contact_rows import contact_rows

MakeContact = Callable[..., ContactDetail]
MakeOrganization = Callable[..., OrganizationDetail]


def test_contact_keeps_emails_phones_and_affiliation(
    db: Database, make_contact: MakeContact, make_organization: MakeOrganization
) -> None:
    """A contact saved with two emails and a phone reads back with each, phone in E.164."""
    allmep = make_organization(name="Alliance for Middle East Peace", acronym="ALLMEP")
    created = make_contact(
        given_name="Joelle",
        family_name="Milman",
        job_title="Press contact",
        emails=(EmailDraft("joelle@allmep.org"), EmailDraft("Joelle.M@Example.ORG", "home")),
        phones=(PhoneDraft("+1 920-574-1232"),),
        affiliations=(AffiliationDraft(allmep.row.id, role="Press contact", primary=True),),
    )
    with db.unit_of_work() as session:
        detail = contacts.get_contact(session, created.row.id)
    assert [e.address for e in detail.emails] == ["joelle@allmep.org", "Joelle.M@example.org"]
    assert detail.emails[0].primary and not detail.emails[1].primary
    assert detail.phones[0].e164 == "+19205741232"
    assert detail.phones[0].as_typed == "+1 920-574-1232"
    assert detail.row.organization == "Alliance for Middle East Peace (ALLMEP)"
    assert detail.row.job_title == "Press contact"


def test_a_block_of_rows_shows_each_contacts_own_first_email_organization_and_tags(
    db: Database, make_contact: MakeContact, make_organization: MakeOrganization
) -> None:
    """Rows read together keep to their own contact: primary first, today's organization."""
    old = make_organization(name="Old Employer")
    new = make_organization(name="Parents Circle", acronym="PCFF")
    other = make_organization(name="Combatants for Peace")
    moved = make_contact(
        given_name="Rami",
        family_name="Elhanan",
        emails=(EmailDraft("rami@old.example"), EmailDraft("rami@pcff.example", primary=True)),
        phones=(PhoneDraft("+972 2 123 4567"), PhoneDraft("+33 1 23 45 67 89", primary=True)),
        affiliations=(
            AffiliationDraft(old.row.id, start_date=date(2001, 1, 1), end_date=date(2010, 1, 1)),
            AffiliationDraft(other.row.id, start_date=date(2012, 1, 1)),
            AffiliationDraft(new.row.id, start_date=date(2005, 1, 1), primary=True),
        ),
        tags=("speaker", "2025", "Board"),
    )
    bare = make_contact(given_name="Bassam", family_name="Aramin")
    started_late = make_contact(
        given_name="Robi",
        family_name="Damelin",
        emails=(EmailDraft("robi@example.org"),),
        affiliations=(
            AffiliationDraft(old.row.id, start_date=date(1999, 1, 1)),
            AffiliationDraft(other.row.id, start_date=date(2019, 1, 1)),
        ),
        tags=("press",),
    )
    ids = [started_late.row.id, 999_999, moved.row.id, bare.row.id]
    with db.unit_of_work() as session:
        rows = contact_rows(session, ids)
    assert [r.id for r in rows] == [started_late.row.id, moved.row.id, bare.row.id]
    late, rami, bassam = rows
    assert (rami.email, rami.phone) == ("rami@pcff.example", "+33123456789")
    assert rami.organization == "Parents Circle (PCFF)", "the primary, not the latest"
    assert rami.tags == ("2025", "Board", "speaker"), "in the order of their names"
    assert (late.email, late.phone, late.organization, late.tags) == (
        "robi@example.org",
        None,
        "Combatants for Peace",
        ("press",),
    ), "with no primary, the latest started"
    assert (bassam.email, bassam.phone, bassam.organization, bassam.tags) == (None, None, None, ())


def test_every_problem_is_reported_at_once(db: Database) -> None:
    """A bad email, a bad phone and an unknown country are each named with their field."""
    draft = ContactDraft(
        given_name="Ana",
        emails=(EmailDraft("not-an-email"),),
        phones=(PhoneDraft("12"),),
        country="Atlantis",
    )
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        contacts.create_contact(session, draft)
    fields = {p.field: p.code for p in caught.value.problems}
    assert fields == {
        "emails[0]": "invalid_email",
        "phones[0]": "invalid_phone",
        "country": "unknown_country",
    }
    assert "not-an-email" in str(caught.value)
    with db.unit_of_work() as session:
        assert contacts.list_contacts(session).total == 0, "nothing half-written"


def test_a_contact_needs_a_name(db: Database) -> None:
    """An entirely blank name is refused by the service."""
    with pytest.raises(ValidationError, match="needs a name"), db.unit_of_work() as session:
        contacts.create_contact(session, ContactDraft(given_name="  "))


def test_national_numbers_use_the_contacts_country(db: Database, make_contact: MakeContact) -> None:
    """A number typed without +33 is read as French for a contact in France."""
    created = make_contact(country="fr", phones=(PhoneDraft("01 42 92 81 00"),))
    assert created.row.country == "FR"
    assert created.phones[0].e164 == "+33142928100"


def test_update_replaces_children_and_bumps_the_version(
    db: Database, make_contact: MakeContact
) -> None:
    """Editing emails alone still raises the version, so a stale editor is caught."""
    created = make_contact(emails=(EmailDraft("a@example.org"),))
    with db.unit_of_work() as session:
        updated = contacts.update_contact(
            session,
            created.row.id,
            ContactDraft(
                given_name="Nivine",
                family_name="Sandouka",
                emails=(EmailDraft("b@example.org"), EmailDraft("a@example.org")),
            ),
            expected_version=created.row.version,
        )
    assert updated.row.version == created.row.version + 1
    assert [(e.address, e.primary) for e in updated.emails] == [
        ("b@example.org", True),
        ("a@example.org", False),
    ], "with no primary marked, the first listed becomes primary"


def test_primary_can_move_between_emails(db: Database, make_contact: MakeContact) -> None:
    """Swapping which email is primary does not trip the one-primary rule mid-save."""
    created = make_contact(
        emails=(EmailDraft("a@example.org", primary=True), EmailDraft("b@example.org"))
    )
    with db.unit_of_work() as session:
        updated = contacts.update_contact(
            session,
            created.row.id,
            ContactDraft(
                given_name="Nivine",
                emails=(
                    EmailDraft("a@example.org"),
                    EmailDraft("b@example.org", primary=True),
                ),
            ),
            expected_version=None,
        )
    assert updated.row.email == "b@example.org"


def test_stale_version_is_refused(db: Database, make_contact: MakeContact) -> None:
    """Saving over someone else's newer change raises a conflict and changes nothing."""
    created = make_contact()
    with db.unit_of_work() as session:
        contacts.update_contact(
            session, created.row.id, ContactDraft(given_name="Nivine", family_name="S."), None
        )
    with pytest.raises(ConflictError, match="changed"), db.unit_of_work() as session:
        contacts.update_contact(
            session, created.row.id, ContactDraft(given_name="Overwritten"), created.row.version
        )
    with db.unit_of_work() as session:
        assert contacts.get_contact(session, created.row.id).row.display_name == "Nivine S."


def test_duplicate_email_in_one_contact_is_refused(db: Database) -> None:
    """The same address twice (whatever its case) is one problem, named."""
    draft = ContactDraft(
        given_name="A", emails=(EmailDraft("x@example.org"), EmailDraft("X@example.org"))
    )
    with pytest.raises(ValidationError, match="listed twice"), db.unit_of_work() as session:
        contacts.create_contact(session, draft)


def test_affiliation_to_a_missing_organization_is_refused(db: Database) -> None:
    """A dangling organization id is caught by the service with the field named."""
    draft = ContactDraft(given_name="A", affiliations=(AffiliationDraft(organization_id=999),))
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        contacts.create_contact(session, draft)
    assert caught.value.problems[0].field == "affiliations[0]"
    assert "No organization with id 999" in str(caught.value)


def test_affiliation_cannot_end_before_it_starts(
    db: Database, make_organization: MakeOrganization
) -> None:
    """Dates that make no sense are refused."""
    org = make_organization()
    draft = ContactDraft(
        given_name="A",
        affiliations=(
            AffiliationDraft(org.row.id, start_date=date(2024, 5, 1), end_date=date(2023, 1, 1)),
        ),
    )
    with pytest.raises(ValidationError, match="cannot end"), db.unit_of_work() as session:
        contacts.create_contact(session, draft)


def test_consent_date_needs_a_status(db: Database) -> None:
    """A dated consent of unknown status is refused; with a status it is kept."""
    with pytest.raises(ValidationError, match="consent"), db.unit_of_work() as session:
        contacts.create_contact(
            session, ContactDraft(given_name="A", consent_date=date(2025, 1, 2))
        )
    with db.unit_of_work() as session:
        detail = contacts.create_contact(
            session,
            ContactDraft(
                given_name="A", consent_date=date(2025, 1, 2), consent_status=ConsentStatus.GRANTED
            ),
        )
    assert detail.consent_status is ConsentStatus.GRANTED


def test_delete_removes_the_contact(db: Database, make_contact: MakeContact) -> None:
    """A deleted contact is gone, and asking for it says so plainly."""
    created = make_contact()
    with db.unit_of_work() as session:
        contacts.delete_contact(session, created.row.id, created.row.version)
    with pytest.raises(NotFoundError, match="No contact with id"), db.unit_of_work() as session:
        contacts.get_contact(session, created.row.id)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muller", ["Jürgen Müller"]),
        ("MÜLLER", ["Jürgen Müller"]),
        ("Mohammed", ["Muhammad Ali", "محمد عباس"]),
        ("محمد", ["Muhammad Ali", "محمد عباس"]),
        ("יוסף", ["Yosef Cohen"]),
        ("allmep.org", ["Jürgen Müller"]),
        ("jur mull", ["Jürgen Müller"]),
        ("100%", []),
    ],
)
def test_search_ignores_case_accents_and_script(
    db: Database, make_contact: MakeContact, query: str, expected: list[str]
) -> None:
    """Search finds names across case, accents, transliterations and Arabic/Hebrew script."""
    make_contact(given_name="Jürgen", family_name="Müller", emails=(EmailDraft("jm@allmep.org"),))
    make_contact(given_name="Muhammad", family_name="Ali")
    make_contact(given_name=None, family_name=None, native_name="محمد عباس")
    make_contact(given_name="Yosef", family_name="Cohen", native_name="יוסף כהן")
    with db.unit_of_work() as session:
        page = contacts.list_contacts(session, search=query)
    assert sorted(r.display_name for r in page.rows) == sorted(expected)
    assert page.total == len(expected)


def test_filters_by_tag_press_and_do_not_contact(db: Database, make_contact: MakeContact) -> None:
    """The filters users reach for narrow the list and the total."""
    make_contact(given_name="Press", family_name="One", is_press=True, tags=("press",))
    make_contact(given_name="Quiet", family_name="Two", do_not_contact=True)
    make_contact(given_name="Plain", family_name="Three")
    with db.unit_of_work() as session:
        assert [r.display_name for r in contacts.list_contacts(session, tag="press").rows] == [
            "Press One"
        ]
        assert contacts.list_contacts(session, press_only=True).total == 1
        assert [
            r.display_name for r in contacts.list_contacts(session, do_not_contact=True).rows
        ] == ["Quiet Two"]
        paged = contacts.list_contacts(session, limit=2)
        assert len(paged.rows) == 2 and paged.total == 3
