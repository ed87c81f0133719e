"""Events for calendars (iCalendar, RFC 5545) and spreadsheets (CSV)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import Event
from crm.domain.enums import EventStatus
from crm.domain.exports import neutralise_formula
from crm.services.common import text_filter
from crm.services.labels import organization_name

_STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}
CSV_HEADERS = ("Name", "Kind", "Status", "Starts", "Ends", "Venue", "City", "Country", "Part of")


def _events(session: Session, search: str | None, year: int | None) -> list[Event]:
    query = select(Event).options(selectinload(Event.venue), selectinload(Event.parent))
    condition = text_filter(Event.search_text, search)
    if condition is not None:
        query = query.where(condition)
    events = session.scalars(query.order_by(Event.start_date, Event.name, Event.id)).all()
    if year is not None:
        events = [e for e in events if e.start_date is not None and e.start_date.year == year]
    return list(events)


def _location(event: Event) -> str:
    parts = [organization_name(event.venue) if event.venue else None, event.city, event.country]
    return ", ".join(p for p in parts if p)


def write_ics(
    out: BinaryIO, session: Session, search: str | None = None, year: int | None = None
) -> tuple[int, int]:
    """Write the events with a date as a calendar; return (written, left out for no date)."""
    # Imported here: icalendar is a tenth of the app's start-up, and only this export needs it.
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Convene//Convene CRM//EN")
    calendar.add("version", "2.0")
    written = skipped = 0
    for event in _events(session, search, year):
        if event.start_date is None:
            skipped += 1
            continue
        entry = CalendarEvent()
        entry.add("uid", f"urn:convene:event:{event.id}")
        entry.add("summary", event.name)
        entry.add("dtstamp", event.updated_at)
        zone = ZoneInfo(event.timezone) if event.timezone else None
        if event.start_time is not None:
            start = datetime.combine(event.start_date, event.start_time, zone)
            entry.add("dtstart", start)
            if event.end_time is not None:
                end_day = event.end_date or event.start_date
                entry.add("dtend", datetime.combine(end_day, event.end_time, zone))
        else:
            entry.add("dtstart", event.start_date)
            # All-day events end the day after their last day (RFC 5545 §3.6.1).
            entry.add("dtend", (event.end_date or event.start_date) + timedelta(days=1))
        if location := _location(event):
            entry.add("location", location)
        if event.description:
            entry.add("description", event.description)
        entry.add("status", _STATUS[event.status])
        entry.add("categories", [event.kind.value.replace("_", " ")])
        calendar.add_component(entry)
        written += 1
    out.write(calendar.to_ical())
    return written, skipped


def write_events_csv(
    out: BinaryIO,
    session: Session,
    search: str | None = None,
    year: int | None = None,
    bom: bool = True,
) -> int:
    """Write the events as CSV rows; return how many."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    events = _events(session, search, year)
    for event in events:
        row = [
            event.name,
            event.kind.value,
            event.status.value,
            event.start_date.isoformat() if event.start_date else "",
            event.end_date.isoformat() if event.end_date else "",
            organization_name(event.venue) if event.venue else "",
            event.city or "",
            event.country or "",
            event.parent.name if event.parent else "",
        ]
        writer.writerow([neutralise_formula(value) for value in row])
    text.flush()
    text.detach()
    return len(events)
