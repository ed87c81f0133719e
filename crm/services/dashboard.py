"""The numbers a coordinator looks at before a meeting, each bar a list of records away.

Every count is made with the test the list it opens will use (the same filter names the
tables take), so clicking a bar shows as many rows as the bar says.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.models import Affiliation, Attendance, Commitment, Contact, Event, Organization
from crm.domain.dashboard import Bar, Chart, ChartStyle
from crm.domain.enums import AttendanceStatus, CommitmentStatus, OrganizationKind, RecordKind
from crm.domain.names import display_name, organization_label
from crm.domain.queries import NO_ORGANIZATION
from crm.domain.validation import country_names
from crm.services.contacts import organization_kind_count

TOP = 10  # bars of the longest charts (makers, countries); the rest are left out, not lumped
EVENTS_SHOWN = 12  # the latest events with participants, for attendance over time


def participants_by_status(session: Session, event_id: int) -> Chart:
    """One event's participants, by status (invited, confirmed, attended, …)."""
    name = session.scalar(select(Event.name).where(Event.id == event_id)) or f"#{event_id}"
    counts = dict(
        session.execute(
            select(Attendance.status, func.count())
            .where(Attendance.event_id == event_id)
            .group_by(Attendance.status)
        ).all()
    )
    bars = tuple(
        Bar(
            status.value.replace("_", " "),
            counts.get(status, 0),
            RecordKind.ATTENDANCES,
            (("event_id", event_id), ("status", status.value)),
        )
        for status in AttendanceStatus
        if counts.get(status, 0)
    )
    return Chart(f"Participants of {name} by status", ChartStyle.BARS, bars)


def attendance_over_time(session: Session) -> Chart:
    """Who attended each of the latest dated events, oldest first."""
    attended = (
        select(Attendance.event_id, func.count().label("n"))
        .where(Attendance.status == AttendanceStatus.ATTENDED)
        .group_by(Attendance.event_id)
        .subquery()
    )
    rows = session.execute(
        select(Event.id, Event.name, Event.start_date, attended.c.n)
        .join(attended, attended.c.event_id == Event.id)
        .where(Event.start_date.is_not(None))
        .order_by(Event.start_date.desc(), Event.id.desc())
        .limit(EVENTS_SHOWN)
    ).all()
    bars = tuple(
        Bar(
            f"{start.isoformat()[:7]} {name}",
            count,
            RecordKind.ATTENDANCES,
            (("event_id", event_id), ("status", AttendanceStatus.ATTENDED.value)),
        )
        for event_id, name, start, count in reversed(rows)
    )
    return Chart("Attended, event by event", ChartStyle.BARS, bars)


def commitments_by_status(session: Session) -> Chart:
    """Count commitments by where they stand: proposed, made, in progress, fulfilled."""
    counts = dict(
        session.execute(select(Commitment.status, func.count()).group_by(Commitment.status)).all()
    )
    bars = tuple(
        Bar(
            status.value.replace("_", " "),
            counts.get(status, 0),
            RecordKind.COMMITMENTS,
            (("status", status.value),),
        )
        for status in CommitmentStatus
        if counts.get(status, 0)
    )
    return Chart("Commitments by status", ChartStyle.PIE, bars)


def commitments_by_maker(session: Session) -> Chart:
    """The organizations and people who made the most commitments."""
    organizations = session.execute(
        select(Organization.id, Organization.name, Organization.acronym, func.count())
        .join(Commitment, Commitment.maker_organization_id == Organization.id)
        .group_by(Organization.id, Organization.name, Organization.acronym)
    ).all()
    people = session.execute(
        select(
            Contact.id, Contact.given_name, Contact.family_name, Contact.native_name, func.count()
        )
        .join(Commitment, Commitment.maker_contact_id == Contact.id)
        .group_by(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
    ).all()
    bars = [
        Bar(
            organization_label(name, acronym),
            count,
            RecordKind.COMMITMENTS,
            (("maker_organization_id", organization_id),),
        )
        for organization_id, name, acronym, count in organizations
    ] + [
        Bar(
            display_name(given, family, native),
            count,
            RecordKind.COMMITMENTS,
            (("maker_contact_id", contact_id),),
        )
        for contact_id, given, family, native, count in people
    ]
    bars.sort(key=lambda bar: (-bar.value, bar.label))
    return Chart("Commitments by maker", ChartStyle.BARS, tuple(bars[:TOP]))


def contacts_by_organization_kind(session: Session) -> Chart:
    """People by the kind of organization they are with now (a person with two, twice)."""
    ongoing = (
        select(Organization.kind, func.count(func.distinct(Affiliation.contact_id)))
        .join(Affiliation, Affiliation.organization_id == Organization.id)
        .where(Affiliation.end_date.is_(None))
        .group_by(Organization.kind)
    )
    counts = dict(session.execute(ongoing).all())
    alone = organization_kind_count(session, NO_ORGANIZATION)  # as the bar's list counts them
    bars = [
        Bar(
            kind.value.replace("_", " "),
            counts[kind],
            RecordKind.CONTACTS,
            (("organization_kind", kind.value),),
        )
        for kind in OrganizationKind
        if counts.get(kind)
    ]
    if alone:
        bars.append(
            Bar(
                "no organization",
                alone,
                RecordKind.CONTACTS,
                (("organization_kind", NO_ORGANIZATION),),
            )
        )
    return Chart("People by kind of organization", ChartStyle.PIE, tuple(bars))


def contacts_by_country(session: Session) -> Chart:
    """The countries with the most people."""
    rows = session.execute(
        select(Contact.country, func.count())
        .where(Contact.country.is_not(None))
        .group_by(Contact.country)
        .order_by(func.count().desc(), Contact.country)
        .limit(TOP)
    ).all()
    names = country_names()
    bars = tuple(
        Bar(names.get(code, code), count, RecordKind.CONTACTS, (("country", code),))
        for code, count in rows
        if code is not None
    )
    return Chart("People by country", ChartStyle.BARS, bars)


def busiest_event(session: Session) -> int | None:
    """The latest event with participants: the one a coordinator prepares next."""
    found = session.scalar(
        select(Event.id)
        .where(select(Attendance.id).where(Attendance.event_id == Event.id).exists())
        .order_by(Event.start_date.desc().nulls_last(), Event.id.desc())
        .limit(1)
    )
    return int(found) if found is not None else None


def dashboard(session: Session, event_id: int | None = None) -> list[Chart]:
    """Every chart of the dashboard; participants for ``event_id`` or the latest event."""
    charts = []
    chosen = event_id if event_id is not None else busiest_event(session)
    if chosen is not None:
        charts.append(participants_by_status(session, chosen))
    charts += [
        attendance_over_time(session),
        commitments_by_status(session),
        commitments_by_maker(session),
        contacts_by_organization_kind(session),
        contacts_by_country(session),
    ]
    return charts
