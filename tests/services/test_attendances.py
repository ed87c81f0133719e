"""Attendances: who came to what, in which role and status, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.event import listen, remove

from crm.data.models import Change
from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, AttendanceDraft, ContactDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, ChangeAction
from crm.domain.errors import IntegrityViolationError, ValidationError
from crm.domain.records import ContactDetail, EventDetail, OrganizationDetail
from crm.services import attendances, contacts, events


def test_a_minister_stays_a_minister_on_that_years_list(
    db: Database,
    make_event: Callable[..., EventDetail],
    make_contact: Callable[..., ContactDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """The attendance keeps the title and organization the person had at the event."""
    ministry = make_organization(name="Ministry for Europe and Foreign Affairs")
    barrot = make_contact(
        given_name="Jean-Noël",
        family_name="Barrot",
        job_title="Minister for Europe and Foreign Affairs",
        affiliations=(AffiliationDraft(ministry.row.id, primary=True),),
    )
    conference = make_event(name="Two peoples, two states, one future")
    with db.unit_of_work() as session:
        row = attendances.add_attendance(
            session,
            AttendanceDraft(
                event_id=conference.row.id,
                contact_id=barrot.row.id,
                role=AttendanceRole.ORGANIZER,
                status=AttendanceStatus.ATTENDED,
            ),
        )
    with db.unit_of_work() as session:
        contacts.update_contact(
            session,
            barrot.row.id,
            ContactDraft(given_name="Jean-Noël", family_name="Barrot", job_title="Former minister"),
            None,
        )
    with db.unit_of_work() as session:
        again = attendances.get_attendance(session, row.id)
    assert again.title_at_event == "Minister for Europe and Foreign Affairs"
    assert again.organization_at_event == "Ministry for Europe and Foreign Affairs"


def test_a_state_that_stayed_away_is_recorded(
    db: Database,
    make_event: Callable[..., EventDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """An organization can be on the list as absent, and the counts show it."""
    italy = make_organization(name="Government of Italy", country="IT")
    brazil = make_organization(name="Government of Brazil", country="BR")
    conference = make_event(name="Conference")
    with db.unit_of_work() as session:
        for org, status in ((italy, AttendanceStatus.ABSENT), (brazil, AttendanceStatus.ATTENDED)):
            attendances.add_attendance(
                session,
                AttendanceDraft(
                    event_id=conference.row.id,
                    organization_id=org.row.id,
                    role=AttendanceRole.DELEGATE,
                    status=status,
                ),
            )
    with db.unit_of_work() as session:
        detail = events.get_event(session, conference.row.id)
        absent = attendances.list_attendances(session, status="absent").rows
    assert dict(detail.participant_counts) == {
        AttendanceStatus.ABSENT: 1,
        AttendanceStatus.ATTENDED: 1,
    }
    assert [a.participant.label for a in absent] == ["Government of Italy"]


def test_one_party_exactly(
    db: Database,
    make_event: Callable[..., EventDetail],
    make_contact: Callable[..., ContactDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """Neither a contact nor an organization, or both, is refused."""
    event = make_event()
    person = make_contact()
    org = make_organization()
    for draft in (
        AttendanceDraft(event_id=event.row.id),
        AttendanceDraft(
            event_id=event.row.id, contact_id=person.row.id, organization_id=org.row.id
        ),
    ):
        with pytest.raises(ValidationError, match="exactly one"), db.unit_of_work() as session:
            attendances.add_attendance(session, draft)


def test_the_same_person_twice_is_refused_by_the_database(
    db: Database, make_event: Callable[..., EventDetail], make_contact: Callable[..., ContactDetail]
) -> None:
    """A second attendance of one contact at one event fails with a plain message."""
    event = make_event()
    person = make_contact()
    draft = AttendanceDraft(event_id=event.row.id, contact_id=person.row.id)
    with db.unit_of_work() as session:
        attendances.add_attendance(session, draft)
    refused = pytest.raises(IntegrityViolationError, match="already on this event's list")
    with refused, db.unit_of_work() as session:
        attendances.add_attendance(session, draft)


def test_bulk_status_change(
    db: Database, make_event: Callable[..., EventDetail], make_contact: Callable[..., ContactDetail]
) -> None:
    """Three invited people move to confirmed at once; their versions move on."""
    event = make_event()
    ids = []
    with db.unit_of_work() as session:
        for name in ("A", "B", "C"):
            person = contacts.create_contact(session, ContactDraft(given_name=name))
            ids.append(
                attendances.add_attendance(
                    session, AttendanceDraft(event_id=event.row.id, contact_id=person.row.id)
                ).id
            )
    with db.unit_of_work() as session:
        before = attendances.change_statuses(session, ids, AttendanceStatus.CONFIRMED)
    assert set(before.values()) == {AttendanceStatus.INVITED}
    with db.unit_of_work() as session:
        page = attendances.list_attendances(session, event_id=event.row.id, status="confirmed")
        logged = session.scalars(
            select(Change)
            .where(Change.record_type == "attendances", Change.record_id.in_(ids))
            .order_by(Change.id)
        ).all()
    assert page.total == 3
    assert all(r.version == 2 for r in page.rows), "a bulk change counts as a save"
    assert [c.fields for c in logged if c.action is ChangeAction.UPDATED] == [
        {"status": ["invited", "confirmed"]}
    ] * 3, "each row's change is in the history"


def test_search_and_role_filters(
    db: Database, make_event: Callable[..., EventDetail], make_contact: Callable[..., ContactDetail]
) -> None:
    """Participants are found by name and by role."""
    event = make_event(name="Paris Call for Peace")
    press = make_contact(given_name="Joelle", family_name="Milman", is_press=True)
    speaker = make_contact(given_name="Nivine", family_name="Sandouka")
    with db.unit_of_work() as session:
        attendances.add_attendance(
            session,
            AttendanceDraft(
                event_id=event.row.id, contact_id=press.row.id, role=AttendanceRole.PRESS
            ),
        )
        attendances.add_attendance(
            session,
            AttendanceDraft(
                event_id=event.row.id, contact_id=speaker.row.id, role=AttendanceRole.SPEAKER
            ),
        )
    with db.unit_of_work() as session:
        assert [
            r.participant.label for r in attendances.list_attendances(session, role="press").rows
        ] == ["Joelle Milman"]
        assert [
            r.participant.label
            for r in attendances.list_attendances(session, search="sandouka").rows
        ] == ["Nivine Sandouka"]
        assert attendances.list_attendances(session, search="paris call").total == 2


def test_every_events_participants_come_newest_event_first_from_the_events_index(
    db: Database, make_event: Callable[..., EventDetail], make_contact: Callable[..., ContactDetail]
) -> None:
    """Newest event first, each event's people by name, undated events last, counted exactly.

    The whole order, which a long table reads in the background, is the same.

    On SQLite the first page loops over the events newest first and sorts one event's
    participants at a time: sorting every attendance took 74 ms for 23,000 of them.
    """
    forum = make_event(name="Forum", start_date=date(2024, 5, 1))
    summit = make_event(name="Summit", start_date=date(2026, 6, 1))
    undated = make_event(name="Working group")
    people = {n: make_contact(given_name=n, family_name=n) for n in ("Cohen", "Abbas", "Baker")}
    with db.unit_of_work() as session:
        for held in (forum, summit, undated):
            for person in people.values():
                attendances.add_attendance(
                    session, AttendanceDraft(event_id=held.row.id, contact_id=person.row.id)
                )

    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("SELECT attendances.id") and "ORDER BY" in statement:
            captured.append((statement, parameters))

    listen(db.engine, "before_cursor_execute", capture)
    with db.unit_of_work() as session:
        page = attendances.list_attendances(session, limit=7)
    remove(db.engine, "before_cursor_execute", capture)

    assert [(r.event.label, r.participant.label) for r in page.rows] == [
        ("Summit", "Abbas Abbas"),
        ("Summit", "Baker Baker"),
        ("Summit", "Cohen Cohen"),
        ("Forum", "Abbas Abbas"),
        ("Forum", "Baker Baker"),
        ("Forum", "Cohen Cohen"),
        ("Working group", "Abbas Abbas"),
    ]
    assert page.total == 9
    with db.unit_of_work() as session:
        everyone = [r.id for r in attendances.list_attendances(session).rows]
        order = attendances.attendance_order(session)  # what a long table reads behind
        summit_only = attendances.attendance_order(session, event_id=summit.row.id)
        rows = attendances.attendance_rows(session, everyone[::-1])
    assert list(order) == everyone and everyone[:7] == [r.id for r in page.rows]
    assert list(summit_only) == everyone[:3]
    assert [r.id for r in rows] == everyone[::-1]
    if db.engine.dialect.name == "sqlite":
        (statement, parameters), *_ = captured
        with db.engine.connect() as connection:
            plan = " / ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
        assert plan.startswith("SCAN events USING COVERING INDEX ix_events_newest_first"), plan
        assert "RIGHT PART OF ORDER BY" in plan, plan


def test_the_list_names_the_organization_the_contacts_table_shows(
    db: Database,
    make_event: Callable[..., EventDetail],
    make_contact: Callable[..., ContactDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """With no primary, the latest started is today's organization; an undated one is not."""
    dated = make_organization(name="Women Wage Peace")
    undated = make_organization(name="Parents Circle")
    person = make_contact(
        given_name="Yael",
        family_name="Admi",
        affiliations=(
            AffiliationDraft(dated.row.id, start_date=date(2014, 1, 1)),
            AffiliationDraft(undated.row.id),
        ),
    )
    conference = make_event(name="Conference")
    with db.unit_of_work() as session:
        row = attendances.add_attendance(
            session,
            AttendanceDraft(
                event_id=conference.row.id,
                contact_id=person.row.id,
                role=AttendanceRole.DELEGATE,
                status=AttendanceStatus.INVITED,
            ),
        )
        detail = contacts.get_contact(session, person.row.id)
    assert person.row.organization == "Women Wage Peace"
    assert row.organization_at_event == person.row.organization
    assert [a.organization_id for a in detail.affiliations] == [dated.row.id, undated.row.id]


def test_a_check_in_of_many_at_once_and_its_undo(
    db: Database, make_event: Callable[..., EventDetail], make_contact: Callable[..., ContactDetail]
) -> None:
    """Everyone attended, checked in now; one checked in earlier keeps that time; undone whole.

    One by one through the ORM, the 824 invited to an event of 5,000 took 2.5 s at a million
    contacts; a few hundred per statement, 0.07 s.
    """
    event = make_event()
    earlier = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    now = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    states = [
        (AttendanceStatus.INVITED, None),
        (AttendanceStatus.CONFIRMED, None),
        (AttendanceStatus.ATTENDED, earlier),
        (AttendanceStatus.ATTENDED, None),
    ] + [(AttendanceStatus.INVITED, None)] * 600  # more than one statement's worth
    ids = []
    with db.unit_of_work() as session:
        for n, (status, at) in enumerate(states):
            person = contacts.create_contact(session, ContactDraft(given_name=f"P{n}"))
            draft = AttendanceDraft(
                event_id=event.row.id, contact_id=person.row.id, status=status, checked_in_at=at
            )
            ids.append(attendances.add_attendance(session, draft).id)

    with db.unit_of_work() as session:
        before = attendances.check_in(session, ids, now)
    with db.unit_of_work() as session:
        after = attendances.check_ins_of(session, ids)
        versions = [attendances.get_attendance(session, i).version for i in ids[:4]]
        logged = session.scalars(
            select(Change).where(
                Change.record_type == "attendances",
                Change.record_id == ids[0],
                Change.action == ChangeAction.UPDATED,
            )
        ).all()

    assert before == dict(zip(ids, states, strict=True))
    assert after[ids[0]] == (AttendanceStatus.ATTENDED, now)
    assert after[ids[2]] == (AttendanceStatus.ATTENDED, earlier), "checked in before: kept"
    assert after[ids[3]] == (AttendanceStatus.ATTENDED, now)
    assert all(state == (AttendanceStatus.ATTENDED, now) for state in list(after.values())[4:])
    assert versions == [2, 2, 1, 2], "a row already checked in is left be"
    assert [c.fields["status"] for c in logged] == [["invited", "attended"]]
    assert set(logged[0].fields) == {"status", "checked_in_at"}

    with db.unit_of_work() as session:
        attendances.undo_check_in(session, before)
    with db.unit_of_work() as session:
        assert attendances.check_ins_of(session, ids) == before
