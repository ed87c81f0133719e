"""Events: conferences, summits and the sessions inside them, with their organizers."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import Attendance, Citation, Contact, Event, EventOrganizer, Organization
from crm.domain.drafts import EventDraft
from crm.domain.errors import FieldProblem
from crm.domain.records import EventDetail, EventRow, OrganizerRow, Page, Ref, Sort
from crm.domain.text import search_document
from crm.domain.validation import check_date_order, normalize_country, optional_text, require_text
from crm.services.common import (
    Problems,
    check_reference,
    citation_rows,
    delete_record,
    edit_record,
    fetch,
    insert_record,
    text_filter,
)
from crm.services.labels import organization_name, party_ref
from crm.services.paging import DEFAULT_LIMIT, page_of
from crm.services.tags import check_tag_names, resolve_tags

KIND = "event"

SORT_KEYS: dict[str, Any] = {
    "name": func.lower(Event.name),
    "kind": Event.kind,
    "status": Event.status,
    "start_date": Event.start_date,
    "end_date": Event.end_date,
    "city": Event.city,
    "country": Event.country,
}


def _check_timezone(name: str | None) -> FieldProblem | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return FieldProblem("timezone", "unknown_timezone", f"“{name}” is not a time zone.")
    return None


def _check_times(draft: EventDraft, problems: Problems) -> None:
    problems.add(check_date_order(draft.start_date, draft.end_date, "end_date"))
    if draft.end_date is not None and draft.start_date is None:
        problems.add(FieldProblem("start_date", "required", "An event with an end needs a start."))
    if draft.start_time is not None and draft.start_date is None:
        problems.add(FieldProblem("start_date", "required", "A start time needs a start date."))
    same_day = draft.end_date is None or draft.end_date == draft.start_date
    if draft.start_time and draft.end_time and same_day and draft.end_time < draft.start_time:
        problems.add(
            FieldProblem(
                "end_time",
                "ends_before_start",
                f"It cannot end at {draft.end_time:%H:%M} "
                f"before it starts at {draft.start_time:%H:%M}.",
            )
        )
    problems.add(_check_timezone(optional_text(draft.timezone)))
    if draft.reported_attendance is not None and draft.reported_attendance < 0:
        problems.add(
            FieldProblem("reported_attendance", "negative", "A head-count cannot be negative.")
        )


def _check_parent(session: Session, event: Event, parent_id: int | None) -> FieldProblem | None:
    current = parent_id
    while current is not None:
        if event.id is not None and current == event.id:
            return FieldProblem("parent_id", "cycle", "An event cannot sit inside itself.")
        current = session.scalar(select(Event.parent_id).where(Event.id == current))
    return None


def _apply(session: Session, event: Event, draft: EventDraft) -> None:
    problems = Problems()
    name = problems.take(require_text(draft.name, "name", "The event's name"))
    country = problems.optional(normalize_country, draft.country)
    _check_times(draft, problems)
    problems.add(check_reference(session, Organization, draft.venue_id, "venue_id", "venue"))
    problems.add(check_reference(session, Event, draft.parent_id, "parent_id", "event"))
    problems.add(_check_parent(session, event, draft.parent_id))
    for index, organizer in enumerate(draft.organizers):
        field = f"organizers[{index}]"
        if (organizer.organization_id is None) == (organizer.contact_id is None):
            problems.add(
                FieldProblem(
                    field, "one_party", "An organizer is an organization or a person, not both."
                )
            )
        problems.add(
            check_reference(session, Organization, organizer.organization_id, field, "organization")
        )
        problems.add(check_reference(session, Contact, organizer.contact_id, field, "contact"))
    problems.add(check_tag_names(draft.tags))
    problems.raise_if_any()

    event.name = name or ""
    event.kind = draft.kind
    event.status = draft.status
    event.start_date = draft.start_date
    event.start_time = draft.start_time
    event.end_date = draft.end_date
    event.end_time = draft.end_time
    event.timezone = optional_text(draft.timezone)
    event.venue_id = draft.venue_id
    event.city = optional_text(draft.city)
    event.country = country
    event.parent_id = draft.parent_id
    event.description = optional_text(draft.description)
    event.reported_attendance = draft.reported_attendance
    event.tags = resolve_tags(session, draft.tags)
    if draft.external_id is not None:
        event.external_id = draft.external_id
    event.organizers = [
        EventOrganizer(role=o.role, organization_id=o.organization_id, contact_id=o.contact_id)
        for o in dict.fromkeys(draft.organizers)
    ]
    event.search_text = search_document(event.name, event.city, event.description)


def create_event(session: Session, draft: EventDraft) -> EventDetail:
    """Add an event."""
    event = insert_record(session, Event(), lambda e: _apply(session, e, draft))
    return get_event(session, event.id)


def update_event(
    session: Session, event_id: int, draft: EventDraft, expected_version: int | None
) -> EventDetail:
    """Change an event, refusing if someone else changed it since ``expected_version``."""
    edit_record(
        session, Event, event_id, KIND, expected_version, lambda e: _apply(session, e, draft)
    )
    return get_event(session, event_id)


def delete_event(session: Session, event_id: int, expected_version: int | None = None) -> None:
    """Delete an event with its sub-events, attendances and citations."""
    delete_record(session, Event, event_id, KIND, expected_version)


def to_row(event: Event) -> EventRow:
    """Build the table row of an event."""
    return EventRow(
        id=event.id,
        name=event.name,
        kind=event.kind,
        status=event.status,
        start_date=event.start_date,
        end_date=event.end_date,
        venue=organization_name(event.venue) if event.venue else None,
        city=event.city,
        country=event.country,
        parent=event.parent.name if event.parent else None,
        tags=tuple(t.name for t in event.tags),
        version=event.version,
    )


def get_event(session: Session, event_id: int) -> EventDetail:
    """Return an event with its organizers, sub-events, participant counts and sources."""
    event = fetch(session, Event, event_id, KIND)
    counts = session.execute(
        select(Attendance.status, func.count())
        .where(Attendance.event_id == event_id)
        .group_by(Attendance.status)
        .order_by(Attendance.status)
    )
    return EventDetail(
        row=to_row(event),
        start_time=event.start_time,
        end_time=event.end_time,
        timezone=event.timezone,
        venue_id=event.venue_id,
        parent_id=event.parent_id,
        description=event.description,
        reported_attendance=event.reported_attendance,
        organizers=tuple(
            OrganizerRow(o.role, party_ref(o.contact, o.organization)) for o in event.organizers
        ),
        sub_events=tuple(Ref(KIND, e.id, e.name) for e in event.sub_events),
        participant_counts=tuple((status, count) for status, count in counts),
        citations=citation_rows(session, Citation.event_id, event_id),
    )


def list_events(
    session: Session,
    search: str | None = None,
    status: str | None = None,
    year: int | None = None,
    parent_id: int | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[EventRow]:
    """Return events, latest first, filtered by search text, status, year and parent."""
    query = select(Event)
    condition = text_filter(Event.search_text, search)
    if condition is not None:
        query = query.where(condition)
    if status:
        query = query.where(Event.status == status)
    if year is not None:
        query = query.where(Event.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    if parent_id is not None:
        query = query.where(Event.parent_id == parent_id)
    events, total = page_of(
        session,
        query,
        (Event.start_date.desc().nulls_last(), Event.name, Event.id),
        limit,
        offset,
        (selectinload(Event.tags), selectinload(Event.venue), selectinload(Event.parent)),
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
    )
    return Page(tuple(to_row(e) for e in events), total)


def event_years(session: Session) -> list[int]:
    """Return the years in which events start, for a year filter."""
    years = session.scalars(
        select(extract("year", Event.start_date)).where(Event.start_date.is_not(None)).distinct()
    )
    return sorted({int(y) for y in years}, reverse=True)
