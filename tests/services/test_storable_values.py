"""Values a column cannot hold are refused on their field, the same on SQLite and PostgreSQL.

Text too long, a NUL character, an integer past 32 bits: SQLite would store them and
PostgreSQL refuse them with a database error; neither is what a user should meet. Every test
runs on both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import (
    AffiliationDraft,
    ContactDraft,
    ContactListDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
    PhoneDraft,
)
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.imports import ImportOptions
from crm.domain.records import OrganizationDetail
from crm.services import contacts, events, lists, organizations
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.intake.reading import document_from_text
from crm.services.workspace import Workspace


def _refused(db: Database, action: Callable[[Any], object]) -> dict[str, str]:
    """Run ``action`` in a unit of work; return the refusal's problems by field."""
    with pytest.raises(ValidationError) as refusal, db.unit_of_work(changes=True) as session:
        action(session)
    return {problem.field: problem.code for problem in refusal.value.problems}


def test_a_contact_field_at_its_limit_is_kept_whole_and_one_more_is_refused(
    db: Database,
) -> None:
    """300 characters of title are stored and read back; 301 are refused on the title.

    Characters, not bytes: 300 of "é" are 600 bytes of UTF-8, and PostgreSQL counts characters.
    """
    title = "é" * 301
    kept = title[:300]
    with db.unit_of_work(changes=True) as session:
        saved = contacts.create_contact(session, ContactDraft(given_name="Ana", job_title=kept))
    with db.unit_of_work() as session:
        assert contacts.get_contact(session, saved.row.id).row.job_title == kept
    problems = _refused(
        db,
        lambda s: contacts.create_contact(
            s, ContactDraft(given_name="Bo", job_title=title[:301], city="x" * 201)
        ),
    )
    assert problems == {"job_title": "too_long", "city": "too_long"}
    assert Workspace(db).counts()["contacts"] == 1


def test_a_contact_s_emails_phones_and_affiliations_are_checked_on_their_own_fields(
    db: Database, make_organization: Callable[..., OrganizationDetail]
) -> None:
    """A long label or department is named where the form shows it."""
    alliance = make_organization().row.id
    draft = ContactDraft(
        given_name="Ana",
        emails=(EmailDraft("ana@example.org", "l" * 41),),
        phones=(PhoneDraft("+33 6 12 34 56 78", "mobile"), PhoneDraft("+1 920-574-1232", "p" * 41)),
        affiliations=(AffiliationDraft(alliance, department="d" * 201),),
    )
    problems = _refused(db, lambda s: contacts.create_contact(s, draft))
    assert problems == {
        "emails[0].label": "too_long",
        "phones[1].label": "too_long",
        "affiliations[0].department": "too_long",
    }


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("t" * 81, "too_long"),
        ("press\x1fpartner", "control_character"),  # would read back as two tags
        ("press\tpartner", "control_character"),
    ],
)
def test_a_tag_too_long_or_with_a_control_character_is_refused(
    db: Database, tag: str, code: str
) -> None:
    """Contacts, organizations and events refuse the same tags."""
    for make in (
        lambda s: contacts.create_contact(s, ContactDraft(given_name="Ana", tags=(tag,))),
        lambda s: organizations.create_organization(s, OrganizationDraft("Geneva", tags=(tag,))),
    ):
        assert _refused(db, make) == {"tags": code}
    with db.unit_of_work(changes=True) as session:
        contacts.create_contact(session, ContactDraft(given_name="Ana", tags=("t" * 80,)))


def test_every_save_is_checked_even_where_no_form_checks(db: Database) -> None:
    """A list's name and an organization's name are refused at the flush, by field."""
    assert _refused(db, lambda s: lists.create_list(s, ContactListDraft("n" * 201))) == {
        "name": "too_long"
    }
    assert _refused(
        db, lambda s: organizations.create_organization(s, OrganizationDraft("n" * 301))
    ) == {"name": "too_long"}
    assert Workspace(db).counts()["organizations"] == 0


def test_an_import_refuses_the_lines_too_long_to_store_and_keeps_the_others(
    db: Database,
) -> None:
    """A title, an organization's name or a department too long: the line, with its reason."""
    data = (
        "Given name,Family name,Title,Organization,Department\r\n"
        "Ana,Lima,Editor,Geneva Forum,Press\r\n"
        f"Bo,Long title,{'t' * 301},,\r\n"
        f"Cy,Long organization,Editor,{'o' * 301},\r\n"
        f"Dee,Long department,Editor,Geneva Forum,{'d' * 201}\r\n"
    ).encode()
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(data), ImportOptions(skip_invalid=True))
    assert (result.created, result.skipped, result.organizations_created) == (1, 3, 1)
    reasons = {problem.line: problem.message for problem in result.problems}
    assert "Job title can have at most 300 characters" in reasons[3]
    assert "organization's name can have at most 300 characters" in reasons[4]
    assert "Department can have at most 200 characters" in reasons[5]


def test_a_nul_character_or_an_integer_past_32_bits_is_refused_on_its_field(
    db: Database,
) -> None:
    """A NUL pasted into a name, an attendance of three billion: refused, nothing written."""
    assert _refused(
        db, lambda s: contacts.create_contact(s, ContactDraft(given_name="Ana\x00", notes="a\x00"))
    ) == {"given_name": "nul_character", "notes": "nul_character"}
    assert _refused(
        db,
        lambda s: events.create_event(s, EventDraft("Summit", reported_attendance=3_000_000_000)),
    ) == {"reported_attendance": "out_of_range"}
    counts = Workspace(db).counts()
    assert (counts["contacts"], counts["events"]) == (0, 0)


def test_an_id_no_key_can_hold_names_no_record(db: Database) -> None:
    """Looked up, or named by an affiliation: not found, as any missing id."""
    with pytest.raises(NotFoundError), db.unit_of_work() as session:
        contacts.get_contact(session, 10**12)
    draft = ContactDraft(given_name="Ana", affiliations=(AffiliationDraft(10**12),))
    assert _refused(db, lambda s: contacts.create_contact(s, draft)) == {
        "affiliations[0]": "not_found"
    }


def test_a_document_s_nul_characters_are_taken_out() -> None:
    """A PDF's text layer or a mail can hold a NUL; what is read of it holds none."""
    document = document_from_text("Paris Call\x00 for Peace\n\nAmira\x00 Haddad spoke.", "a.pdf")
    assert "\x00" not in document.text
    assert document.title == "Paris Call for Peace"
