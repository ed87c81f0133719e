"""The records drawn from the two source documents."""

from __future__ import annotations

import re

import pytest

from crm.data.unit_of_work import Database
from crm.domain.enums import AttendanceStatus
from crm.services import attendances, commitments, contacts, documents, events, seed, stats


@pytest.fixture
def seeded(db: Database) -> Database:
    """A database holding the documents' records."""
    with db.unit_of_work() as session:
        seed.seed(session)
    return db


def test_seeding_twice_changes_nothing(seeded: Database) -> None:
    """The second run adds nothing and every count stays."""
    with seeded.unit_of_work() as session:
        before = stats.record_counts(session)
    with seeded.unit_of_work() as session:
        assert seed.seed(session) == 0
    with seeded.unit_of_work() as session:
        assert stats.record_counts(session) == before
    assert before["contacts"] == 6 and before["documents"] == 2


def test_the_people_the_documents_name(seeded: Database) -> None:
    """Each person comes with the title, organization, email and phone the documents give."""
    with seeded.unit_of_work() as session:
        rows = {r.display_name: r for r in contacts.list_contacts(session).rows}
    assert set(rows) == {
        "Joelle Milman",
        "Emmanuel Macron",
        "John Lyndon",
        "Nivine Sandouka",
        "Jean-Noël Barrot",
        "Sergio Bassoli",
    }
    joelle = rows["Joelle Milman"]
    assert (joelle.email, joelle.phone, joelle.is_press) == (
        "joelle@allmep.org",
        "+19205741232",
        True,
    )
    assert rows["John Lyndon"].job_title == "Executive Director"
    assert rows["Nivine Sandouka"].organization == "Alliance for Middle East Peace (ALLMEP)"
    assert rows["Jean-Noël Barrot"].organization == "Ministry for Europe and Foreign Affairs"


def test_events_dates_and_absences(seeded: Database) -> None:
    """The 2026 conference is on Friday 12 June with its five working groups and Italy absent."""
    with seeded.unit_of_work() as session:
        by_name = {e.name: e for e in events.list_events(session).rows}
        found = by_name["Two peoples, two states, one future"]
        conference = events.get_event(session, found.id)
        absent = attendances.list_attendances(session, event_id=found.id, status="absent")
        paris_call = by_name["Paris Call for Peace"]
    assert conference.row.start_date is not None
    assert conference.row.start_date.isoformat() == "2026-06-12"
    assert conference.row.start_date.strftime("%A") == "Friday"
    assert len(conference.sub_events) == 5
    assert conference.reported_attendance == 150
    assert dict(conference.participant_counts)[AttendanceStatus.ATTENDED] == 13
    assert [a.participant.label for a in absent.rows] == ["Government of Italy"]
    assert paris_call.start_date is not None and paris_call.start_date.isoformat() == "2025-06-13"


def test_commitments_and_their_makers(seeded: Database) -> None:
    """The calls of the Paris Call, the G7 pledge and the New York Declaration are there."""
    with seeded.unit_of_work() as session:
        rows = {c.title: c for c in commitments.list_commitments(session, limit=100).rows}
        nyd = commitments.get_commitment(session, rows["New York Declaration"].id)
    assert rows["An immediate and permanent ceasefire"].maker is not None
    assert nyd.row.endorser_count == 147
    assert [f.note for f in nyd.follow_ups] == ["Adopted by 147 states at the UN General Assembly."]
    g7 = rows["Institutionalise support for Israeli-Palestinian civil society peace-building"]
    assert g7.maker is not None and g7.maker.label == "Group of Seven (G7)"


def test_every_quote_is_in_its_document(seeded: Database) -> None:
    """A citation quotes its document word for word, so a reader can find it."""
    with seeded.unit_of_work() as session:
        page = documents.list_documents(session)
        checked = 0
        for row in page.rows:
            detail = documents.get_document(session, row.id)
            for citation in detail.citations:
                assert citation.quote in detail.text, citation
                checked += 1
    assert checked > 60
    assert page.total == 2


def test_every_record_cites_a_document(seeded: Database) -> None:
    """No seeded contact, event or commitment is without a source."""
    with seeded.unit_of_work() as session:
        for row in contacts.list_contacts(session).rows:
            assert contacts.get_contact(session, row.id).citations, row.display_name
        for event_row in events.list_events(session).rows:
            assert events.get_event(session, event_row.id).citations, event_row.name
        for commitment_row in commitments.list_commitments(session).rows:
            assert commitments.get_commitment(session, commitment_row.id).citations
        press_release = documents.list_documents(session, search="einpresswire").rows[0]
    assert re.fullmatch(r"Paris Call for Peace: .*", press_release.title)
    assert press_release.publisher == "EIN Presswire"
