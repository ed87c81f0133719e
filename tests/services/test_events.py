"""Events and their organizers through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import AttendanceDraft, EventDraft, OrganizerDraft
from crm.domain.enums import EventKind, EventStatus, OrganizerRole
from crm.domain.errors import NotFoundError, ValidationError
from crm.domain.records import ContactDetail, EventDetail, OrganizationDetail
from crm.services import attendances, events

MakeEvent = Callable[..., EventDetail]


def test_event_with_organizers_and_sessions(
    db: Database,
    make_event: MakeEvent,
    make_organization: Callable[..., OrganizationDetail],
    make_contact: Callable[..., ContactDetail],
) -> None:
    """A conference keeps its host, its patron and its working groups."""
    forum = make_organization(name="Paris Peace Forum")
    macron = make_contact(given_name="Emmanuel", family_name="Macron")
    conference = make_event(
        name="Paris Call for Peace",
        kind=EventKind.CONFERENCE,
        status=EventStatus.HELD,
        start_date=date(2025, 6, 13),
        city="Paris",
        country="FR",
        timezone="Europe/Paris",
        organizers=(
            OrganizerDraft(OrganizerRole.HOST, organization_id=forum.row.id),
            OrganizerDraft(OrganizerRole.PATRON, contact_id=macron.row.id),
        ),
    )
    make_event(
        name="Working group 1",
        kind=EventKind.WORKING_GROUP,
        parent_id=conference.row.id,
        start_date=date(2025, 6, 13),
    )
    with db.unit_of_work() as session:
        detail = events.get_event(session, conference.row.id)
    assert [(o.role, o.party.label) for o in detail.organizers] == [
        (OrganizerRole.HOST, "Paris Peace Forum"),
        (OrganizerRole.PATRON, "Emmanuel Macron"),
    ]
    assert [s.label for s in detail.sub_events] == ["Working group 1"]


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (
            EventDraft(name="X", start_date=date(2026, 6, 12), end_date=date(2026, 6, 11)),
            "end_date",
        ),
        (EventDraft(name="X", end_date=date(2026, 6, 11)), "start_date"),
        (
            EventDraft(
                name="X", start_date=date(2026, 6, 12), start_time=time(18), end_time=time(9)
            ),
            "end_time",
        ),
        (EventDraft(name="X", timezone="Mars/Olympus"), "timezone"),
        (EventDraft(name="X", venue_id=4242), "venue_id"),
        (EventDraft(name="X", reported_attendance=-1), "reported_attendance"),
        (EventDraft(name="X", organizers=(OrganizerDraft(OrganizerRole.HOST),)), "organizers[0]"),
        (EventDraft(name=""), "name"),
    ],
)
def test_nonsense_is_refused(db: Database, draft: EventDraft, field: str) -> None:
    """Each kind of impossible event is refused, naming the field to fix."""
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        events.create_event(session, draft)
    assert field in {p.field for p in caught.value.problems}


def test_an_event_cannot_sit_inside_itself(db: Database, make_event: MakeEvent) -> None:
    """A parent chain that loops is refused."""
    outer = make_event(name="Outer")
    inner = make_event(name="Inner", parent_id=outer.row.id)
    with pytest.raises(ValidationError, match="inside itself"), db.unit_of_work() as session:
        events.update_event(
            session, outer.row.id, EventDraft(name="Outer", parent_id=inner.row.id), None
        )


def test_filters_by_status_and_year(db: Database, make_event: MakeEvent) -> None:
    """The year and status filters pick the right events, latest first."""
    make_event(name="2025", start_date=date(2025, 6, 13), status=EventStatus.HELD)
    make_event(name="2026", start_date=date(2026, 6, 12), status=EventStatus.HELD)
    make_event(name="Next", start_date=date(2027, 1, 1), status=EventStatus.PLANNED)
    with db.unit_of_work() as session:
        assert [r.name for r in events.list_events(session, status="held").rows] == ["2026", "2025"]
        assert [r.name for r in events.list_events(session, year=2025).rows] == ["2025"]
        assert events.event_years(session) == [2027, 2026, 2025]


def test_deleting_an_event_takes_its_sessions_and_participants(
    db: Database, make_event: MakeEvent, make_contact: Callable[..., ContactDetail]
) -> None:
    """Sub-events and attendances go with their event; the people stay."""
    conference = make_event(name="Conference")
    session_event = make_event(name="Session", parent_id=conference.row.id)
    person = make_contact()
    with db.unit_of_work() as session:
        attendances.add_attendance(
            session, AttendanceDraft(event_id=session_event.row.id, contact_id=person.row.id)
        )
    with db.unit_of_work() as session:
        events.delete_event(session, conference.row.id)
    with db.unit_of_work() as session:
        with pytest.raises(NotFoundError):
            events.get_event(session, session_event.row.id)
        assert attendances.list_attendances(session).total == 0
        assert events.list_events(session).total == 0
