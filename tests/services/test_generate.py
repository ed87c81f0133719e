"""The synthetic data set that benchmarks are built on."""

from __future__ import annotations

from crm.data.unit_of_work import Database
from crm.domain.enums import RecordKind
from crm.domain.queries import ListQuery
from crm.services import generate, stats
from crm.services.workspace import Workspace


def test_the_same_seed_gives_the_same_realistic_data(db: Database) -> None:
    """Names in three scripts, valid phones, affiliations, a big event; deterministic."""
    with db.unit_of_work() as session:
        report = generate.generate(session, contacts=600, seed=7)
    assert (report.contacts, report.organizations, report.events) == (600, 10, 3)
    with db.unit_of_work() as session:
        counts = stats.record_counts(session)
    assert counts["contacts"] == 600 and counts["attendances"] == report.attendances
    workspace = Workspace(db)
    people = workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 600).rows
    natives = [p.native_name for p in people if p.native_name]
    assert any("\u0600" <= n[0] <= "\u06ff" for n in natives), "Arabic names"
    assert any("\u0590" <= n[0] <= "\u05ff" for n in natives), "Hebrew names"
    assert all(p.email for p in people)
    # Every generated contact passes the services' own rules when read back and re-saved.
    from crm.domain.editing import contact_draft

    sample = workspace.detail(RecordKind.CONTACTS, people[0].id)
    workspace.update(RecordKind.CONTACTS, sample.row.id, contact_draft(sample), None)
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search="muhammad"), 0, 5)
    assert found.total, "transliteration keys were built like the services build them"


def test_generated_people_are_found_by_their_organizations_acronym(db: Database) -> None:
    """As for people saved in the app: the acronym finds every one of its people."""
    with db.unit_of_work() as session:
        generate.generate(session, contacts=300, seed=3)
    workspace = Workspace(db)
    organization = workspace.page(RecordKind.ORGANIZATIONS, ListQuery(), 0, 1).rows[0]
    assert organization.acronym
    members = ListQuery(filters=(("organization_id", organization.id),))
    expected = {row.id for row in workspace.page(RecordKind.CONTACTS, members, 0, 300).rows}
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search=organization.acronym), 0, 300)
    assert expected and {row.id for row in found.rows} == expected
