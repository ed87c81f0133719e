"""Merging duplicates: nothing either copy had is lost, and undo gives both back whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from crm.data.models import Base, Change, Citation, Merge
from crm.data.unit_of_work import Database
from crm.domain.drafts import (
    AffiliationDraft,
    AttendanceDraft,
    CitationDraft,
    CommitmentDraft,
    ContactDraft,
    ContactListDraft,
    DocumentDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
    PhoneDraft,
    RecordRef,
)
from crm.domain.enums import AttendanceRole, AttendanceStatus, ConsentStatus, RecordKind
from crm.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from crm.domain.queries import ListQuery
from crm.domain.records import ContactDetail
from crm.services import attendances, commitments, contacts, documents, events, lists
from crm.services import organizations as organizations_service
from crm.services.privacy import subject_access_report
from crm.services.workspace import Workspace

MakeContact = Callable[..., ContactDetail]
# Bookkeeping a merge and its undo move on by design: versions count saves, times say when.
_BOOKKEEPING = {"version", "updated_at"}


def _everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the history, bookkeeping left out, in a stable order."""
    rows = {}
    with db.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in (Change.__tablename__, Merge.__tablename__):  # the record of it
                continue
            columns = [c for c in table.columns if c.name not in _BOOKKEEPING]
            found = session.execute(select(*columns)).all()
            rows[table.name] = sorted((tuple(r) for r in found), key=repr)
    return rows


def _history(db: Database, record_id: int) -> list[tuple[int, str]]:
    with db.unit_of_work() as session:
        found = session.execute(
            select(Change.id, Change.summary)
            .where(Change.record_type == "contacts", Change.record_id == record_id)
            .order_by(Change.id)
        )
        return [(row.id, row.summary) for row in found]


def _two_copies(db: Database, make_contact: MakeContact) -> dict[str, int]:
    """Two records of one person, each with attendances, citations, lists and more."""
    with db.unit_of_work(changes=True) as session:
        paris = events.create_event(session, EventDraft(name="Paris Call for Peace")).row.id
        summit = events.create_event(session, EventDraft(name="Peace Summit 2025")).row.id
        release = documents.create_document(
            session, DocumentDraft(title="Paris Call for Peace press release")
        ).row.id
    kept = make_contact(
        given_name="Nivine",
        family_name="Sandouka",
        job_title="Regional Director",
        emails=(EmailDraft("nivine@allmep.org", primary=True), EmailDraft("shared@example.org")),
        tags=("allmep",),
    ).row.id
    copy = make_contact(
        given_name="Niveen",
        family_name="Sandouka",
        native_name="نيفين صندوقة",
        city="Jerusalem",
        notes="Met at the Élysée.",
        do_not_contact=True,
        emails=(EmailDraft("shared@example.org", primary=True), EmailDraft("n.s@example.org")),
        phones=(PhoneDraft("+972 2 123 4567"),),
        tags=("allmep", "speakers"),
    ).row.id
    with db.unit_of_work(changes=True) as session:
        both = lists.create_list(session, ContactListDraft("Paris press", contact_ids=(kept, copy)))
        own = lists.create_list(session, ContactListDraft("Speakers", contact_ids=(copy,)))
        kept_at_paris = attendances.add_attendance(
            session, AttendanceDraft(paris, AttendanceRole.SPEAKER, contact_id=kept)
        )
        copy_at_paris = attendances.add_attendance(
            session,
            AttendanceDraft(
                paris, AttendanceRole.SPEAKER, AttendanceStatus.ATTENDED, contact_id=copy
            ),
        )
        attendances.add_attendance(
            session, AttendanceDraft(summit, AttendanceRole.PARTICIPANT, contact_id=copy)
        )
        for record, quote in (
            (RecordRef("contact", kept), "Nivine Sandouka, ALLMEP's Regional Director"),
            (RecordRef("contact", copy), "who read the statement at the close of the event"),
            (RecordRef("attendance", copy_at_paris.id), "read the statement"),
        ):
            documents.cite(session, CitationDraft(release, record, quote))
        commitment = commitments.create_commitment(
            session, CommitmentDraft("Read the collective call to action", maker_contact_id=copy)
        ).row.id
    return {
        "kept": kept,
        "copy": copy,
        "paris": paris,
        "summit": summit,
        "both_list": both.row.id,
        "own_list": own.row.id,
        "kept_at_paris": kept_at_paris.id,
        "commitment": commitment,
    }


def test_a_merge_keeps_everything_either_copy_had_and_undo_gives_both_back(
    db: Database, make_contact: MakeContact
) -> None:
    ids = _two_copies(db, make_contact)
    kept, copy = ids["kept"], ids["copy"]
    workspace = Workspace(db)
    before = _everything(db)
    copy_history = _history(db, copy)
    assert copy_history, "the copy has a history of its own"

    record = workspace.merge(RecordKind.CONTACTS, kept, copy)

    with pytest.raises(NotFoundError):
        workspace.detail(RecordKind.CONTACTS, copy)
    merged = workspace.detail(RecordKind.CONTACTS, kept)
    with db.unit_of_work() as session:
        detail = contacts.get_contact(session, kept)
        emails = sorted((e.address, e.primary) for e in detail.emails)
        assert emails == [
            ("n.s@example.org", False),
            ("nivine@allmep.org", True),
            ("shared@example.org", False),
        ], "every address once, one primary: the survivor's"
        assert [p.e164 for p in detail.phones] == ["+97221234567"]
        assert merged.row.tags == ("allmep", "speakers")
        assert detail.row.do_not_contact, "do-not-contact on either copy holds for the person"
        assert detail.row.native_name == "نيفين صندوقة" and detail.row.city == "Jerusalem"
        assert detail.row.job_title == "Regional Director" and detail.given_name == "Nivine"
        assert "Niveen" in (detail.name_variants or ""), "the other spelling stays findable"
        assert sorted(ref.label for ref in detail.lists) == ["Paris press", "Speakers"]
        assert lists.member_ids(session, ids["both_list"]) == [kept]
        at_events = {
            a.event.id: a for a in attendances.list_attendances(session, contact_id=kept).rows
        }
        assert set(at_events) == {ids["paris"], ids["summit"]}
        assert at_events[ids["paris"]].id == ids["kept_at_paris"], "one attendance per event"
        quotes = {c.quote for c in detail.citations}
        assert quotes == {
            "Nivine Sandouka, ALLMEP's Regional Director",
            "who read the statement at the close of the event",
        }
        attendance_quotes = session.scalars(
            select(Citation.quote).where(Citation.attendance_id == ids["kept_at_paris"])
        ).all()
        assert attendance_quotes == ["read the statement"], (
            "the copy's attendance was cited: the citation moves to the one that stays"
        )
        made = commitments.get_commitment(session, ids["commitment"])
        assert made.row.maker is not None and made.row.maker.id == kept
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="niveen"), 0, 10).total == 1
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="n.s@example"), 0, 10).total == 1
    merged_history = [summary for _, summary in _history(db, kept)]
    assert any(s.startswith("merged with Niveen Sandouka") for s in merged_history)
    assert {i for i, _ in copy_history} <= {i for i, _ in _history(db, kept)}, (
        "the copy's history moved to the survivor"
    )
    assert record.moved_count("contact_emails") == 1  # shared@ was already the survivor's

    workspace.unmerge(record)

    assert _everything(db) == before, "every row of both records is back as it was"
    assert [i for i, _ in _history(db, copy)][: len(copy_history)] == [
        i for i, _ in copy_history
    ], "the copy's history is its own again"
    assert any("undone" in s for _, s in _history(db, kept))
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search="sandouka"), 0, 10)
    assert [row.display_name for row in found.rows] == ["Niveen Sandouka", "Nivine Sandouka"]


def test_a_merge_refuses_a_record_changed_since_it_was_shown(
    db: Database, make_contact: MakeContact
) -> None:
    kept = make_contact(given_name="John", family_name="Lyndon")
    copy = make_contact(given_name="Jon", family_name="Lyndon")
    workspace = Workspace(db)
    workspace.update(
        RecordKind.CONTACTS,
        copy.row.id,
        ContactDraft(given_name="Jon", family_name="Lyndon", job_title="Executive Director"),
        copy.row.version,
    )
    with pytest.raises(ConflictError):
        workspace.merge(
            RecordKind.CONTACTS, kept.row.id, copy.row.id, (kept.row.version, copy.row.version)
        )
    with pytest.raises(ValidationError, match="itself"):
        workspace.merge(RecordKind.CONTACTS, kept.row.id, kept.row.id)
    assert workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 10).total == 2


def test_undo_is_refused_once_the_survivor_changed_again(
    db: Database, make_contact: MakeContact
) -> None:
    kept = make_contact(given_name="John", family_name="Lyndon")
    copy = make_contact(given_name="Jon", family_name="Lyndon", city="Paris")
    workspace = Workspace(db)
    record = workspace.merge(RecordKind.CONTACTS, kept.row.id, copy.row.id)
    now = workspace.detail(RecordKind.CONTACTS, kept.row.id)
    workspace.update(
        RecordKind.CONTACTS,
        kept.row.id,
        ContactDraft(given_name="John", family_name="Lyndon", city="London"),
        now.row.version,
    )
    with pytest.raises(ConflictError):
        workspace.unmerge(record)
    assert workspace.detail(RecordKind.CONTACTS, kept.row.id).row.city == "London"


@pytest.mark.parametrize(
    ("kept", "copy", "holds"),
    [
        # The later dated answer holds, whichever copy has it.
        (
            (ConsentStatus.GRANTED, date(2026, 1, 5)),
            (ConsentStatus.WITHDRAWN, date(2026, 3, 1)),
            ConsentStatus.WITHDRAWN,
        ),
        (
            (ConsentStatus.WITHDRAWN, date(2025, 1, 5)),
            (ConsentStatus.GRANTED, date(2026, 3, 1)),
            ConsentStatus.GRANTED,
        ),
        # Undated: the more careful answer.
        ((ConsentStatus.GRANTED, None), (ConsentStatus.REFUSED, None), ConsentStatus.REFUSED),
        ((ConsentStatus.REFUSED, None), (ConsentStatus.UNKNOWN, None), ConsentStatus.REFUSED),
    ],
)
def test_the_consent_that_holds_survives_a_merge(
    db: Database,
    make_contact: MakeContact,
    kept: tuple[ConsentStatus, date | None],
    copy: tuple[ConsentStatus, date | None],
    holds: ConsentStatus,
) -> None:
    first = make_contact(consent_status=kept[0], consent_date=kept[1])
    second = make_contact(given_name="Niveen", consent_status=copy[0], consent_date=copy[1])
    workspace = Workspace(db)
    workspace.merge(RecordKind.CONTACTS, first.row.id, second.row.id)
    assert workspace.detail(RecordKind.CONTACTS, first.row.id).consent_status is holds


def test_merging_organizations_moves_their_people_and_children(
    db: Database, make_contact: MakeContact
) -> None:
    with db.unit_of_work(changes=True) as session:
        long_name = organizations_service.create_organization(
            session, OrganizationDraft(name="Alliance for Middle East Peace")
        ).row.id
        acronym = organizations_service.create_organization(
            session, OrganizationDraft(name="ALLMEP", website="https://www.allmep.org")
        ).row.id
        member = organizations_service.create_organization(
            session, OrganizationDraft(name="Combatants for Peace", parent_id=acronym)
        ).row.id
        # The survivor had the copy as its parent: it cannot end as its own.
        organizations_service.update_organization(
            session,
            long_name,
            OrganizationDraft(name="Alliance for Middle East Peace", parent_id=acronym),
            None,
        )
    person = make_contact(affiliations=(AffiliationDraft(acronym, primary=True),)).row.id
    workspace = Workspace(db)
    before = _everything(db)

    record = workspace.merge(RecordKind.ORGANIZATIONS, long_name, acronym)

    kept = workspace.detail(RecordKind.ORGANIZATIONS, long_name)
    assert kept.row.website == "https://www.allmep.org"
    assert kept.parent_id is None
    assert workspace.detail(RecordKind.ORGANIZATIONS, member).parent_id == long_name
    assert workspace.detail(RecordKind.CONTACTS, person).row.organization == (
        "Alliance for Middle East Peace"
    )
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search="alliance"), 0, 10)
    assert [row.id for row in found.rows] == [person], "the people are found by the new name"

    workspace.unmerge(record)
    assert _everything(db) == before


def test_a_kept_merge_is_undone_later_by_its_number_even_from_another_session(
    db: Database, make_contact: MakeContact
) -> None:
    """The undo record is kept in the database: a restart, or the command line, undoes it."""
    ids = _two_copies(db, make_contact)
    before = _everything(db)
    record = Workspace(db).merge(RecordKind.CONTACTS, ids["kept"], ids["copy"])
    assert record.merge_id is not None

    later = Workspace(db)  # nothing of the first workspace's memory
    [listed] = later.merges()
    assert (listed.id, listed.undone) == (record.merge_id, False)
    assert listed.summary.startswith("Niveen Sandouka (#")
    later.undo_merge(record.merge_id)

    assert _everything(db) == before, "read back from JSON, every row returns as it was"
    assert later.merges()[0].undone
    with pytest.raises(DomainError, match="undone already"):
        later.undo_merge(record.merge_id)
    with pytest.raises(NotFoundError):
        later.undo_merge(record.merge_id + 100)


def test_erasing_a_person_erases_the_merges_that_keep_a_copy_of_them(
    db: Database, make_contact: MakeContact
) -> None:
    kept = make_contact(given_name="John", family_name="Lyndon")
    copy = make_contact(given_name="Jon", family_name="Lyndon", emails=(EmailDraft("j@x.org"),))
    workspace = Workspace(db)
    workspace.merge(RecordKind.CONTACTS, kept.row.id, copy.row.id)
    assert len(workspace.merges()) == 1
    with db.unit_of_work() as session:
        held = subject_access_report(session, kept.row.id)
    assert [m["absorbed_id"] for m in held["merges"]] == [copy.row.id], "a copy is held: said"
    workspace.erase_contact(kept.row.id)
    assert workspace.merges() == [], "the kept copy of Jon went with the person"
