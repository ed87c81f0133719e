"""Gather an event's briefing: participants by role, the press list, the commitments made.

Titles and organizations are those the attendance kept from the time of the event (a
minister who has moved on stays a minister on that event's list); the contact's current
ones fill in where the attendance kept none. The press list gives an email and a phone
number, except for people who asked not to be contacted.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import Affiliation, Attendance, Contact
from crm.domain.briefing import Briefing, BriefingPerson
from crm.domain.enums import AttendanceRole
from crm.domain.names import display_name, organization_label
from crm.services.commitments import list_commitments
from crm.services.contacts import current_affiliation
from crm.services.events import get_event
from crm.services.labels import ERASED_PERSON

ALL_COMMITMENTS = 10_000


def build_briefing(session: Session, event_id: int) -> Briefing:
    """Read everything the briefing of ``event_id`` prints."""
    event = get_event(session, event_id)
    attendances = session.scalars(
        select(Attendance)
        .where(Attendance.event_id == event_id)
        .options(
            selectinload(Attendance.contact).selectinload(Contact.emails),
            selectinload(Attendance.contact).selectinload(Contact.phones),
            selectinload(Attendance.contact)
            .selectinload(Contact.affiliations)
            .selectinload(Affiliation.organization),
            selectinload(Attendance.organization),
        )
    ).all()
    people = sorted((_person(a) for a in attendances), key=_order)
    press = tuple(p for p in people if p.role is AttendanceRole.PRESS)
    commitments = list_commitments(session, event_id=event_id, limit=ALL_COMMITMENTS).rows
    return Briefing(event, tuple(people), press, tuple(commitments))


def _order(person: BriefingPerson) -> tuple[int, str]:
    return list(AttendanceRole).index(person.role), person.name.casefold()


def _person(attendance: Attendance) -> BriefingPerson:
    contact, organization = attendance.contact, attendance.organization
    if contact is None:
        name = (
            organization_label(organization.name, organization.acronym)
            if organization
            else ERASED_PERSON
        )
        return BriefingPerson(name, None, None, None, attendance.role, attendance.status)
    latin = (
        display_name(contact.given_name, contact.family_name, None)
        if (contact.given_name or contact.family_name)
        else None
    )
    current = current_affiliation(contact)
    organization_now = (
        organization_label(current.organization.name, current.organization.acronym)
        if current is not None
        else None
    )
    is_press = attendance.role is AttendanceRole.PRESS
    reachable = is_press and not contact.do_not_contact
    return BriefingPerson(
        name=latin or contact.native_name or "",
        native_name=contact.native_name if latin else None,
        title=attendance.title_at_event or contact.job_title,
        organization=attendance.organization_at_event or organization_now,
        role=attendance.role,
        status=attendance.status,
        email=contact.emails[0].address if reachable and contact.emails else None,
        phone=contact.phones[0].e164 if reachable and contact.phones else None,
        do_not_contact=contact.do_not_contact,
    )
