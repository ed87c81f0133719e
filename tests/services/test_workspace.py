"""The façade the window uses: paging, sorting, pickers, and deletes that can be undone."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

import pytest
from sqlalchemy.event import listen as event_listen

from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, ContactDraft, EmailDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, RecordKind
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.queries import ListQuery
from crm.domain.records import Sort
from crm.services import generate, registry, seed
from crm.services.workspace import Workspace


@pytest.fixture
def workspace(db: Database) -> Workspace:
    """A workspace on a database holding the documents' records."""
    with db.unit_of_work() as session:
        seed.seed(session)
    return Workspace(db)


def _unversioned(record: Any) -> Any:
    """A record without its version: a row the delete set a reference of is a changed row."""
    if hasattr(record, "row"):
        return replace(record, row=replace(record.row, version=0))
    return replace(record, version=0)


def _everything(workspace: Workspace) -> dict[str, object]:
    """Every kind's rows and details, to compare before and after."""
    result: dict[str, object] = {}
    for kind in RecordKind:
        page = workspace.page(kind, ListQuery(), 0, 1000)
        result[kind] = [_unversioned(workspace.detail(kind, row.id)) for row in page.rows]
    return result


def test_deleting_a_contact_and_undoing_restores_everything(workspace: Workspace) -> None:
    """Emails, phones, affiliations, attendances and citations all come back, ids and all."""
    before = _everything(workspace)
    joelle = workspace.find(RecordKind.CONTACTS, "joelle")[0]
    effects = workspace.deletion_effects(RecordKind.CONTACTS, joelle.id)
    assert "1 email address" in effects.phrases and "1 phone number" in effects.phrases
    deleted = workspace.delete(RecordKind.CONTACTS, joelle.id, None)
    with pytest.raises(NotFoundError):
        workspace.detail(RecordKind.CONTACTS, joelle.id)
    workspace.restore(deleted)
    assert _everything(workspace) == before


def test_deleting_an_organization_and_undoing_puts_references_back(workspace: Workspace) -> None:
    """References that the delete set to nothing (a parent, a maker) are set back."""
    before = _everything(workspace)
    government = workspace.find(RecordKind.ORGANIZATIONS, "government of france")[0]
    deleted = workspace.delete(RecordKind.ORGANIZATIONS, government.id, None)
    ministry = workspace.find(RecordKind.ORGANIZATIONS, "ministry for europe")[0]
    assert workspace.detail(RecordKind.ORGANIZATIONS, ministry.id).parent_id is None
    workspace.restore(deleted)
    assert workspace.detail(RecordKind.ORGANIZATIONS, ministry.id).parent_id == government.id
    assert _everything(workspace) == before


def test_a_deleted_organization_no_longer_finds_its_people_until_undone(
    workspace: Workspace,
) -> None:
    """Its acronym found its people through their affiliation; gone with it, back with it."""

    def found_by_acronym() -> list[str]:
        rows = workspace.page(RecordKind.CONTACTS, ListQuery(search="allmep"), 0, 50).rows
        return [row.display_name for row in rows]

    people = found_by_acronym()
    assert people == ["John Lyndon", "Joelle Milman", "Nivine Sandouka"]
    allmep = workspace.find(RecordKind.ORGANIZATIONS, "allmep")[0]
    deleted = workspace.delete(RecordKind.ORGANIZATIONS, allmep.id, None)
    assert found_by_acronym() == ["Joelle Milman"], "still found by her address at allmep.org"
    workspace.restore(deleted)
    assert found_by_acronym() == people


def test_deleting_an_event_takes_its_sessions_and_undo_brings_them_back(
    workspace: Workspace,
) -> None:
    """A conference with five working groups and thirteen delegations returns whole."""
    before = _everything(workspace)
    conference = workspace.find(RecordKind.EVENTS, "two peoples two states")[0]
    effects = workspace.deletion_effects(RecordKind.EVENTS, conference.id)
    assert "5 events (sessions inside it)" in effects.phrases
    deleted = workspace.delete(RecordKind.EVENTS, conference.id, None)
    workspace.restore(deleted)
    assert _everything(workspace) == before


def test_sorting_and_paging(workspace: Workspace) -> None:
    """A sort re-orders the whole list, and pages continue where the last one ended."""
    by_country = ListQuery(sort=Sort("country", descending=True))
    first = workspace.page(RecordKind.ORGANIZATIONS, by_country, 0, 5)
    rest = workspace.page(RecordKind.ORGANIZATIONS, by_country, 5, 100)
    countries = [r.country for r in (*first.rows, *rest.rows)]
    assert first.total == len(countries) == 27
    known = [c for c in countries if c]
    assert known == sorted(known, reverse=True)
    assert countries[-1] is None, "unknown countries sort last either way"


def test_pickers_find_by_acronym(workspace: Workspace) -> None:
    """Typing "allm" offers ALLMEP by name and acronym."""
    (allmep,) = workspace.find(RecordKind.ORGANIZATIONS, "allm")
    assert allmep.label == "Alliance for Middle East Peace (ALLMEP)"
    events = workspace.find(RecordKind.EVENTS, "paris call")
    assert events[0].label == "Paris Call for Peace (2025)"


def test_pickers_tell_namesakes_apart(workspace: Workspace) -> None:
    """Five people called Ahmed Abbas are offered with what tells them apart; others as named."""
    allmep = workspace.find(RecordKind.ORGANIZATIONS, "allm")[0]
    made = [
        workspace.create(RecordKind.CONTACTS, draft).row.id
        for draft in (
            ContactDraft(
                "Ahmed",
                "Abbas",
                emails=(EmailDraft("ahmed@allmep.org"),),
                affiliations=(AffiliationDraft(allmep.id, primary=True),),
            ),
            ContactDraft(
                "Ahmed",
                "Abbas",
                emails=(EmailDraft("abbas@allmep.org"),),
                affiliations=(AffiliationDraft(allmep.id, primary=True),),
            ),
            ContactDraft("Ahmed", "Abbas", city="Ramallah"),
            ContactDraft("Ahmed", "Abbas"),
            ContactDraft("Ahmed", "Abbas"),
            ContactDraft("Ahmed", "Abbasi"),
        )
    ]

    labels = {ref.id: ref.label for ref in workspace.find(RecordKind.CONTACTS, "ahmed abba")}

    assert labels == {
        made[0]: "Ahmed Abbas — Alliance for Middle East Peace (ALLMEP) — ahmed@allmep.org",
        made[1]: "Ahmed Abbas — Alliance for Middle East Peace (ALLMEP) — abbas@allmep.org",
        made[2]: "Ahmed Abbas — Ramallah",
        made[3]: f"Ahmed Abbas (#{made[3]})",
        made[4]: f"Ahmed Abbas (#{made[4]})",
        made[5]: "Ahmed Abbasi",
    }


def test_participants_in_bulk(workspace: Workspace) -> None:
    """Three contacts and an organization join an event at once; a bulk change can be undone."""
    event = workspace.find(RecordKind.EVENTS, "paris call")[0]
    people = [r.id for r in workspace.find(RecordKind.CONTACTS, "")[:3]]
    brazil = workspace.find(RecordKind.ORGANIZATIONS, "brazil")[0]
    added = workspace.add_participants(
        event.id,
        [p for p in people if p not in _on_list(workspace, event.id)],
        [brazil.id],
        AttendanceRole.PARTICIPANT,
        AttendanceStatus.INVITED,
    )
    ids = [a.id for a in added]
    before = workspace.set_attendance_status(ids, AttendanceStatus.CONFIRMED)
    assert set(before.values()) == {AttendanceStatus.INVITED}
    workspace.restore_attendance_statuses(before)
    statuses = {workspace.detail(RecordKind.ATTENDANCES, i).status for i in ids}
    assert statuses == {AttendanceStatus.INVITED}


def test_participants_added_together_are_recorded_as_each_alone_and_refused_together(
    workspace: Workspace,
) -> None:
    """Each keeps its title and organization at the event; one bad party keeps out all."""
    event = workspace.find(RecordKind.EVENTS, "paris call")[0]
    on_list = _on_list(workspace, event.id)
    people = [
        r.id
        for r in workspace.find(RecordKind.CONTACTS, "", 50)
        if r.id not in on_list and workspace.rows(RecordKind.CONTACTS, [r.id])[0].organization
    ][:2]
    assert len(people) == 2
    brazil = workspace.find(RecordKind.ORGANIZATIONS, "brazil")[0]
    with pytest.raises(ValidationError, match="No contact with id 999999"):
        workspace.add_participants(
            event.id,
            [*people, 999_999],
            [brazil.id],
            AttendanceRole.SPEAKER,
            AttendanceStatus.INVITED,
        )
    assert _on_list(workspace, event.id) == on_list, "nothing kept of a refused batch"

    added = workspace.add_participants(
        event.id, people, [brazil.id], AttendanceRole.SPEAKER, AttendanceStatus.INVITED
    )
    assert [(a.participant.kind, a.participant.id) for a in added] == [
        ("contact", people[0]),
        ("contact", people[1]),
        ("organization", brazil.id),
    ]
    for attendance, person in zip(added, people, strict=False):
        (row,) = workspace.rows(RecordKind.CONTACTS, [person])
        assert (attendance.title_at_event, attendance.organization_at_event) == (
            row.job_title,
            row.organization,
        )
        assert attendance == workspace.detail(RecordKind.ATTENDANCES, attendance.id)


def _on_list(workspace: Workspace, event_id: int) -> set[int]:
    page = workspace.page(
        RecordKind.ATTENDANCES, ListQuery(filters=(("event_id", event_id),)), 0, 500
    )
    return {r.participant.id for r in page.rows if r.participant.kind == "contact"}


def test_an_empty_database_is_told_from_one_with_a_single_contact(
    db: Database, make_contact: Any
) -> None:
    """The window offers the sample records only while nothing at all is stored."""
    workspace = Workspace(db)
    assert workspace.is_empty()
    make_contact()
    assert not workspace.is_empty()


def test_an_event_of_twelve_hundred_participants_is_deleted_and_undone_whole(
    db: Database,
) -> None:
    """Its participants are read a few hundred per query, each of them back after undo.

    One query per participant (and per table pointing at participants) made the delete of
    a 5,000-participant event, and its undo, hold the window for 0.5 and 1.2 s.
    """
    with db.unit_of_work() as session:
        generate.generate(session, contacts=1200, seed=5)
    workspace = Workspace(db)

    def participants(event_id: int) -> list[tuple[object, ...]]:
        query = ListQuery(filters=(("event_id", event_id),))
        rows = workspace.page(RecordKind.ATTENDANCES, query, 0, 5000).rows
        return sorted((row.id, row.participant.id, row.role, row.status) for row in rows)

    event = workspace.page(RecordKind.EVENTS, ListQuery(), 0, 50).rows
    big = max(event, key=lambda row: len(participants(row.id)))
    before = participants(big.id)
    assert len(before) == 1200, "more than two batches of parents"
    statements: list[str] = []
    listen = partial(event_listen, db.engine, "before_cursor_execute")
    listen(lambda *args: statements.append(args[2]))

    effects = workspace.deletion_effects(RecordKind.EVENTS, big.id)
    assert effects.phrases == ("1,200 attendances",) and effects.rows == 1201
    deleted = workspace.delete(RecordKind.EVENTS, big.id, None)
    assert participants(big.id) == []
    workspace.restore(deleted)

    assert participants(big.id) == before
    assert len(statements) < 200, f"{len(statements)} statements: one per participant?"


def test_a_participants_row_is_found_by_its_id_a_block_at_a_time(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each participant's row is where the list shows it; past the walk's end, none.

    The blocks are made tiny here. The walk reads ids only: with the records loaded, a
    participant not among the first 20,000 held the window 3.8 s at a million contacts.
    """
    monkeypatch.setattr(registry, "SCAN_BLOCK", 3)
    monkeypatch.setattr(registry, "SCANNED_ROWS", 9)
    conference = workspace.find(RecordKind.EVENTS, "two peoples two states")[0]
    query = ListQuery(filters=(("event_id", conference.id),))
    rows = workspace.page(RecordKind.ATTENDANCES, query, 0, 100).rows
    assert len(rows) > 9, "longer than the walk"

    found = [workspace.position(RecordKind.ATTENDANCES, query, row.id) for row in rows]

    assert found == [*range(9), *[None] * (len(rows) - 9)]
