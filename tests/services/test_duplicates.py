"""Likely duplicates are found for the reasons people are, and unlike records are left alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import EmailDraft, PhoneDraft
from crm.domain.enums import RecordKind
from crm.domain.records import ContactDetail, OrganizationDetail
from crm.services import duplicates
from crm.services.duplicates import spells
from crm.services.workspace import Workspace

MakeContact = Callable[..., ContactDetail]


def _found(workspace: Workspace, kind: RecordKind) -> dict[frozenset[str], tuple[str, ...]]:
    return {
        frozenset((pair.first.label, pair.second.label)): pair.reasons
        for pair in workspace.duplicates(kind)
    }


def test_contacts_pair_on_email_phone_spelling_and_script(
    db: Database, make_contact: MakeContact
) -> None:
    make_contact(
        given_name="Joelle", family_name="Milman", emails=(EmailDraft("joelle@allmep.org"),)
    )
    make_contact(
        given_name="J.", family_name="Milman-Levy", emails=(EmailDraft("Joelle@ALLMEP.org"),)
    )
    make_contact(given_name="Mohammed", family_name="Haddad")
    make_contact(given_name="Muhammad", family_name="Haddad")
    make_contact(given_name="Nivine", family_name="Sandouka")
    make_contact(given_name=None, family_name=None, native_name="نيفين صندوقة")
    make_contact(given_name="John", family_name="Lyndon", phones=(PhoneDraft("+1 920-574-1232"),))
    make_contact(given_name="Jean", family_name="Barrot", phones=(PhoneDraft("+19205741232"),))
    make_contact(given_name="Sergio", family_name="Bassoli")
    make_contact(given_name="Sara", family_name="Bassi")
    for n in range(duplicates.SHARED_VALUE_LIMIT + 1):  # a shared desk address proves nothing
        make_contact(given_name="Desk", family_name=str(n), emails=(EmailDraft("info@ngo.org"),))

    found = _found(Workspace(db), RecordKind.CONTACTS)

    assert found.pop(frozenset({"Joelle Milman", "J. Milman-Levy"})) == (
        "same email joelle@allmep.org",
    )
    assert found.pop(frozenset({"Mohammed Haddad", "Muhammad Haddad"})) == (
        "same name, another spelling",
    )
    assert found.pop(frozenset({"Nivine Sandouka", "نيفين صندوقة"})) == (
        "same name in another script",
    )
    assert found.pop(frozenset({"John Lyndon", "Jean Barrot"})) == ("same phone +19205741232",)
    assert found == {}, "Bassoli and Bassi, and the people sharing info@, are not paired"


def test_the_surest_come_first_and_reasons_add_up(db: Database, make_contact: MakeContact) -> None:
    make_contact(given_name="Nivine", family_name="Sandouka", emails=(EmailDraft("n@allmep.org"),))
    make_contact(given_name="Niveen", family_name="Sandouka", emails=(EmailDraft("n@allmep.org"),))
    make_contact(given_name="Mohammed", family_name="Haddad")
    make_contact(given_name="Muhammad", family_name="Haddad")
    pairs = Workspace(db).duplicates(RecordKind.CONTACTS)
    assert [p.first.label for p in pairs] == ["Nivine Sandouka", "Mohammed Haddad"]
    assert pairs[0].reasons == ("same email n@allmep.org", "same name, another spelling")
    assert pairs[0].score > pairs[1].score


def test_organizations_pair_on_name_acronym_and_misspelling(
    db: Database, make_organization: Callable[..., OrganizationDetail]
) -> None:
    make_organization(name="Alliance for Middle East Peace")
    make_organization(name="ALLMEP")
    make_organization(name="Paris Peace Forum")
    make_organization(name="Paris  peace forum")
    make_organization(name="Confederazione Generale Italiana del Lavoro")
    make_organization(name="CGIL International Department", acronym="CGIL")
    make_organization(name="Government of Ireland")
    make_organization(name="Government of Iceland")
    make_organization(name="United Nations", acronym="UN")
    make_organization(name="United Nations General Assembly", acronym="UNGA")
    make_organization(name="Two-State Coalition")
    make_organization(name="Two State Coalitions")

    found = _found(Workspace(db), RecordKind.ORGANIZATIONS)

    assert found.pop(frozenset({"Alliance for Middle East Peace", "ALLMEP"})) == (
        "ALLMEP spells Alliance for Middle East Peace",
    )
    assert found.pop(frozenset({"Paris Peace Forum", "Paris  peace forum"})) == ("same name",)
    assert found.pop(
        frozenset(
            {"Confederazione Generale Italiana del Lavoro", "CGIL International Department (CGIL)"}
        )
    ) == ("CGIL spells Confederazione Generale Italiana del Lavoro",)
    assert found.pop(frozenset({"Two-State Coalition", "Two State Coalitions"}))[0].startswith(
        "similar names"
    )
    assert found == {}, "Ireland is not Iceland; the UN is not its General Assembly"


@pytest.mark.parametrize(
    ("acronym", "name", "spelt"),
    [
        ("ALLMEP", "Alliance for Middle East Peace", True),
        ("CGIL", "Confederazione Generale Italiana del Lavoro", True),
        ("PPF", "Paris Peace Forum", True),
        ("UN", "United Nations General Assembly", False),  # Assembly gives no letter
        ("G7", "Group of Seven", False),  # a number is not a word's start
        ("ALLMEP", "Paris Peace Forum", False),
    ],
)
def test_an_acronym_spells_a_name_from_its_words_starts(
    acronym: str, name: str, spelt: bool
) -> None:
    assert spells(acronym, name) is spelt


def test_a_common_name_alone_pairs_no_one(db: Database, make_contact: MakeContact) -> None:
    """Five Mohammed Alis are five people; two of them sharing an address are one."""
    for n in range(duplicates.COMMON_NAME + 1):
        emails = (EmailDraft("m.ali@example.org"),) if n < 2 else (EmailDraft(f"ali{n}@x.org"),)
        make_contact(given_name="Mohammed", family_name="Ali", emails=emails)
    pairs = Workspace(db).duplicates(RecordKind.CONTACTS)
    assert [p.reasons for p in pairs] == [("same email m.ali@example.org",)]


def test_a_number_in_an_acronym_is_spelt_whole() -> None:
    assert not spells("CJ1", "Council on Justice 137")
    assert spells("CJ137", "Council on Justice 137")
