"""Organizations through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import Contact
from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, EmailDraft, OrganizationDraft
from crm.domain.editing import contact_draft
from crm.domain.enums import OrganizationKind
from crm.domain.errors import ConflictError, ValidationError
from crm.domain.records import ContactDetail, OrganizationDetail
from crm.services import contacts, organizations

MakeOrganization = Callable[..., OrganizationDetail]


def test_parent_and_children_are_linked(db: Database, make_organization: MakeOrganization) -> None:
    """A wire service owned by a company shows the company as parent, and vice versa."""
    owner = make_organization(name="Newsmatics Inc.", kind=OrganizationKind.COMPANY)
    wire = make_organization(
        name="EIN Presswire",
        kind=OrganizationKind.MEDIA,
        parent_id=owner.row.id,
        phone="+33 1 42 92 81 00",
        email="desk@example.org",
    )
    assert wire.row.parent == "Newsmatics Inc."
    assert wire.row.phone == "+33142928100"
    with db.unit_of_work() as session:
        detail = organizations.get_organization(session, owner.row.id)
    assert [c.label for c in detail.children] == ["EIN Presswire"]


def test_an_organization_cannot_sit_below_itself(
    db: Database, make_organization: MakeOrganization
) -> None:
    """Making a parent the child of its own child is refused."""
    government = make_organization(name="Government of France")
    ministry = make_organization(name="Ministry", parent_id=government.row.id)
    with pytest.raises(ValidationError, match="sits below"), db.unit_of_work() as session:
        organizations.update_organization(
            session,
            government.row.id,
            OrganizationDraft(name="Government of France", parent_id=ministry.row.id),
            None,
        )


def test_bad_values_are_refused_with_fields(db: Database) -> None:
    """A blank name, an unknown country and a bad email are reported together."""
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        organizations.create_organization(
            session, OrganizationDraft(name=" ", country="ZZ", email="nobody")
        )
    assert {p.field for p in caught.value.problems} == {"name", "country", "email"}


def test_search_finds_acronyms_and_folded_names(
    db: Database, make_organization: MakeOrganization
) -> None:
    """Typing "allm" finds ALLMEP; "elysee" finds the Élysée."""
    make_organization(name="Alliance for Middle East Peace", acronym="ALLMEP")
    make_organization(name="Palais de l'Élysée", kind=OrganizationKind.VENUE, country="France")
    with db.unit_of_work() as session:
        assert [
            r.acronym for r in organizations.list_organizations(session, search="allm").rows
        ] == ["ALLMEP"]
        found = organizations.list_organizations(session, search="elysee").rows
        assert [(r.name, r.country) for r in found] == [("Palais de l'Élysée", "FR")]
        assert organizations.list_organizations(session, kind="venue").total == 1


def test_deleting_an_organization_ends_its_affiliations(
    db: Database, make_organization: MakeOrganization, make_contact: Callable[..., ContactDetail]
) -> None:
    """The people stay; their tie to the deleted organization goes."""
    org = make_organization()
    person = make_contact(affiliations=(AffiliationDraft(org.row.id, role="Director"),))
    with db.unit_of_work() as session:
        organizations.delete_organization(session, org.row.id, org.row.version)
    with db.unit_of_work() as session:
        detail = contacts.get_contact(session, person.row.id)
    assert detail.affiliations == ()
    assert detail.row.organization is None


def test_stale_update_is_refused(db: Database, make_organization: MakeOrganization) -> None:
    """Two editors: the second save, made from an old copy, is refused."""
    org = make_organization()
    with db.unit_of_work() as session:
        organizations.update_organization(session, org.row.id, OrganizationDraft(name="A"), 1)
    with pytest.raises(ConflictError), db.unit_of_work() as session:
        organizations.update_organization(session, org.row.id, OrganizationDraft(name="B"), 1)


def test_renaming_an_organization_finds_its_people_by_the_new_name_alone(
    db: Database, make_organization: MakeOrganization, make_contact: Callable[..., ContactDetail]
) -> None:
    """Their search text is rebuilt as a save builds it; their version is left alone."""
    old = make_organization(name="Alliance for Middle East Peace", acronym="ALLMEP")
    other = make_organization(name="Combatants for Peace", acronym="CfP")
    people = [
        make_contact(
            given_name=given,
            emails=(EmailDraft(f"{given.lower()}@example.org"),),
            affiliations=(
                AffiliationDraft(old.row.id, role="Director", primary=True),
                *((AffiliationDraft(other.row.id),) if given == "Nivine" else ()),
            ),
        )
        for given in ("John", "Nivine")
    ]
    with db.unit_of_work() as session:
        organizations.update_organization(
            session, old.row.id, OrganizationDraft(name="Peace Alliance", acronym="PAX"), None
        )

    def found(search: str) -> list[int]:
        with db.unit_of_work() as session:
            return [row.id for row in contacts.list_contacts(session, search=search).rows]

    ids = sorted(p.row.id for p in people)
    assert sorted(found("pax")) == ids
    assert found("allmep") == []
    assert found("combatants") == [people[1].row.id]
    with db.unit_of_work() as session:
        rebuilt = {p.row.id: _search_text(session, p.row.id) for p in people}
        for person in people:
            detail = contacts.get_contact(session, person.row.id)
            assert detail.row.version == person.row.version, "an open editor can still save"
            contacts.update_contact(session, person.row.id, contact_draft(detail), None)
    with db.unit_of_work() as session:
        assert rebuilt == {p.row.id: _search_text(session, p.row.id) for p in people}


def _search_text(session: Session, contact_id: int) -> str:
    return session.scalars(select(Contact.search_text).where(Contact.id == contact_id)).one()
