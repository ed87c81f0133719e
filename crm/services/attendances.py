"""Attendances: who took part in an event, in which role and status, and as what."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from crm.data.history import record_changes, record_field_changes
from crm.data.in_lists import in_chunks
from crm.data.join_order import OuterLoopJoin
from crm.data.models import Affiliation, Attendance, Base, Contact, Event, Organization
from crm.data.models.base import utc_now
from crm.domain.drafts import AttendanceDraft
from crm.domain.enums import AttendanceStatus
from crm.domain.errors import FieldProblem, NotFoundError
from crm.domain.records import AttendanceRow, Page, Sort
from crm.domain.text import search_terms
from crm.domain.validation import optional_text
from crm.services.common import (
    Problems,
    check_reference,
    delete_record,
    edit_record,
    fetch,
    insert_record,
    text_filter,
)
from crm.services.contacts import current_affiliation
from crm.services.labels import label_of, organization_name, party_ref, ref_to
from crm.services.paging import (
    DEFAULT_LIMIT,
    Progress,
    ordered_ids,
    page_of,
    records_in_order,
)

KIND = "attendance"

SORT_KEYS: dict[str, Any] = {
    "participant": func.coalesce(Contact.family_name, Contact.native_name, Organization.name),
    "role": Attendance.role,
    "status": Attendance.status,
    "title_at_event": Attendance.title_at_event,
    "organization_at_event": Attendance.organization_at_event,
    "checked_in_at": Attendance.checked_in_at,
    "event": Event.start_date,
}


def _apply(session: Session, attendance: Attendance, draft: AttendanceDraft) -> None:
    problems = Problems()
    if (draft.contact_id is None) == (draft.organization_id is None):
        problems.add(
            FieldProblem(
                "participant",
                "one_party",
                "An attendance is of one contact or one organization: choose exactly one.",
            )
        )
    problems.add(check_reference(session, Event, draft.event_id, "event_id", "event"))
    problems.add(check_reference(session, Contact, draft.contact_id, "contact_id", "contact"))
    problems.add(
        check_reference(
            session, Organization, draft.organization_id, "organization_id", "organization"
        )
    )
    problems.add(
        check_reference(
            session, Organization, draft.on_behalf_of_id, "on_behalf_of_id", "organization"
        )
    )
    if draft.checked_in_at is not None and draft.checked_in_at.tzinfo is None:
        problems.add(
            FieldProblem("checked_in_at", "naive_time", "A check-in time needs its time zone.")
        )
    problems.raise_if_any()

    attendance.event_id = draft.event_id
    attendance.contact_id = draft.contact_id
    attendance.organization_id = draft.organization_id
    attendance.role = draft.role
    attendance.status = draft.status
    attendance.on_behalf_of_id = draft.on_behalf_of_id
    attendance.checked_in_at = draft.checked_in_at
    attendance.notes = optional_text(draft.notes)
    if draft.external_id is not None:
        attendance.external_id = draft.external_id
    title = optional_text(draft.title_at_event)
    organization = optional_text(draft.organization_at_event)
    if draft.contact_id is not None and (title is None or organization is None):
        contact = session.get(Contact, draft.contact_id)
        assert contact is not None
        affiliation = current_affiliation(contact)
        title = title or contact.job_title
        if organization is None and affiliation is not None:
            organization = organization_name(affiliation.organization)
    attendance.title_at_event = title
    attendance.organization_at_event = organization


def add_attendance(session: Session, draft: AttendanceDraft) -> AttendanceRow:
    """Put a contact or an organization on an event's list."""
    attendance = insert_record(session, Attendance(), lambda a: _apply(session, a, draft))
    return get_attendance(session, attendance.id)


def add_attendances(session: Session, drafts: Sequence[AttendanceDraft]) -> list[AttendanceRow]:
    """Put many contacts and organizations on events' lists, checked each, written at once.

    One by one, each took a flush and a read of its contact and today's organization: a
    thousand participants kept the window waiting 1.6 s. The parties are read together
    first (the checks then find them in the session), and one flush writes every row.
    """
    # Held here: the session keeps its records by weak reference only.
    parties = _load(session, Contact, {d.contact_id for d in drafts if d.contact_id is not None})
    parties += _load(
        session,
        Organization,
        {i for d in drafts for i in (d.organization_id, d.on_behalf_of_id) if i is not None},
    )
    added = []
    with session.no_autoflush:  # half-filled rows must not reach the database mid-way
        for draft in drafts:
            attendance = Attendance()
            _apply(session, attendance, draft)
            session.add(attendance)
            added.append(attendance)
    session.flush()
    return [to_row(attendance) for attendance in added]


def _load(session: Session, model: type[Contact] | type[Organization], ids: set[int]) -> list[Base]:
    """Read these records into the session, a contact with its organization today."""
    loaded: list[Base] = []
    for chunk in in_chunks(sorted(ids)):
        query = select(model).where(model.id.in_(chunk))
        if model is Contact:
            query = query.options(
                selectinload(Contact.affiliations).selectinload(Affiliation.organization)
            )
        loaded += session.scalars(query).all()
    return loaded


def update_attendance(
    session: Session, attendance_id: int, draft: AttendanceDraft, expected_version: int | None
) -> AttendanceRow:
    """Change an attendance, refusing if someone else changed it since ``expected_version``."""
    edit_record(
        session,
        Attendance,
        attendance_id,
        KIND,
        expected_version,
        lambda a: _apply(session, a, draft),
    )
    return get_attendance(session, attendance_id)


def change_statuses(
    session: Session, attendance_ids: Sequence[int], status: AttendanceStatus
) -> dict[int, AttendanceStatus]:
    """Move many attendances to one status in one statement; return their statuses before.

    Each moved row's version goes up, as a save would, so an edit open elsewhere sees the
    conflict; the history gets one entry per row. Rows already at ``status`` are left be.
    """
    before = statuses_of(session, attendance_ids)
    moving = [i for i, current in before.items() if current is not status]
    for chunk in in_chunks(moving):
        session.execute(
            update(Attendance)
            .where(Attendance.id.in_(chunk))
            .values(status=status, version=Attendance.version + 1, updated_at=utc_now())
            .execution_options(synchronize_session=False)
        )
    record_field_changes(
        session, Attendance.__tablename__, "status", {i: (before[i], status) for i in moving}
    )
    return before


def participant_ids(session: Session, event_id: int) -> tuple[set[int], set[int]]:
    """Return the ids of the contacts and of the organizations on an event's list."""
    rows = session.execute(
        select(Attendance.contact_id, Attendance.organization_id).where(
            Attendance.event_id == event_id
        )
    )
    contacts: set[int] = set()
    organizations: set[int] = set()
    for contact_id, organization_id in rows:
        if contact_id is not None:
            contacts.add(contact_id)
        elif organization_id is not None:
            organizations.add(organization_id)
    return contacts, organizations


def statuses_of(session: Session, attendance_ids: Sequence[int]) -> dict[int, AttendanceStatus]:
    """Return the status of each attendance, for an undo to put back."""
    return {i: status for i, (status, _at) in check_ins_of(session, attendance_ids).items()}


# Each attendance's status and check-in time before a check-in, for its undo.
CheckIns = dict[int, tuple[AttendanceStatus, datetime | None]]


def check_ins_of(session: Session, attendance_ids: Sequence[int]) -> CheckIns:
    """Return each attendance's status and check-in time; refuse an id that names none."""
    found: CheckIns = {}
    for chunk in in_chunks(list(dict.fromkeys(attendance_ids))):
        rows = session.execute(
            select(Attendance.id, Attendance.status, Attendance.checked_in_at).where(
                Attendance.id.in_(chunk)
            )
        )
        found.update((attendance_id, (status, at)) for attendance_id, status, at in rows)
    missing = next((i for i in attendance_ids if i not in found), None)
    if missing is not None:
        raise NotFoundError(KIND, missing)
    return found


def check_in(session: Session, attendance_ids: Sequence[int], at: datetime) -> CheckIns:
    """Mark attendances attended, checked in ``at``; return each one's state before.

    One checked in already keeps its time. A few hundred per statement, each row's version
    up and one history entry per row, as change_statuses does: one by one, through the
    ORM, the 824 invited to an event of 5,000 took 2.5 s at a million contacts.
    """
    before = check_ins_of(session, attendance_ids)
    attended = AttendanceStatus.ATTENDED
    after: CheckIns = {
        i: (attended, when or at)
        for i, (status, when) in before.items()
        if status is not attended or when is None
    }
    _set_check_ins(session, before, after)
    return before


def undo_check_in(session: Session, before: CheckIns) -> None:
    """Give each attendance back the status and check-in time it had before check_in."""
    now = check_ins_of(session, list(before))
    _set_check_ins(session, now, {i: state for i, state in before.items() if now[i] != state})


def _set_check_ins(session: Session, before: CheckIns, after: CheckIns) -> None:
    by_state: dict[tuple[AttendanceStatus, datetime | None], list[int]] = {}
    for attendance_id, state in after.items():
        by_state.setdefault(state, []).append(attendance_id)
    for (status, at), ids in by_state.items():
        for chunk in in_chunks(ids):
            session.execute(
                update(Attendance)
                .where(Attendance.id.in_(chunk))
                .values(
                    status=status,
                    checked_in_at=at,
                    version=Attendance.version + 1,
                    updated_at=utc_now(),
                )
                .execution_options(synchronize_session=False)
            )
    record_changes(
        session,
        Attendance.__tablename__,
        {
            i: {"status": (before[i][0], status), "checked_in_at": (before[i][1], at)}
            for i, (status, at) in after.items()
        },
    )


def remove_attendance(
    session: Session, attendance_id: int, expected_version: int | None = None
) -> None:
    """Take a participant off an event's list."""
    delete_record(session, Attendance, attendance_id, KIND, expected_version)


def to_row(attendance: Attendance) -> AttendanceRow:
    """Build the table row of an attendance."""
    return AttendanceRow(
        id=attendance.id,
        event=ref_to(attendance.event),
        participant=party_ref(attendance.contact, attendance.organization),
        role=attendance.role,
        status=attendance.status,
        on_behalf_of_id=attendance.on_behalf_of_id,
        on_behalf_of=label_of(attendance.on_behalf_of) if attendance.on_behalf_of else None,
        title_at_event=attendance.title_at_event,
        organization_at_event=attendance.organization_at_event,
        checked_in_at=attendance.checked_in_at,
        notes=attendance.notes,
        version=attendance.version,
    )


def get_attendance(session: Session, attendance_id: int) -> AttendanceRow:
    """Return one attendance."""
    return to_row(fetch(session, Attendance, attendance_id, KIND))


def list_attendances(
    session: Session,
    event_id: int | None = None,
    contact_id: int | None = None,
    organization_id: int | None = None,
    role: str | None = None,
    status: str | None = None,
    search: str | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[AttendanceRow]:
    """Return attendances filtered by event, participant, role, status and search text."""
    query, counted = _listed(event_id, contact_id, organization_id, role, status, search)
    attendances, total = page_of(
        session,
        query,
        _LIST_ORDER,
        limit,
        offset,
        _row_loads(),
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
        counted=counted,
    )
    return Page(tuple(to_row(a) for a in attendances), total)


def attendance_order(
    session: Session,
    search: str | None = None,
    sort: Sort | None = None,
    progress: Progress | None = None,
    **filters: Any,
) -> array[int]:
    """Return the id of every attendance the filtered, sorted table shows, in its order.

    ``filters`` are those of ``list_attendances``. With it, a table of ten years of
    conferences' participants reaches any row by its number: an OFFSET deep into 23,000
    of them took 67 ms, and grows with the list.
    """
    query, _counted = _listed(search=search, **filters)
    return ordered_ids(session, query, _LIST_ORDER, sort, SORT_KEYS, progress)


def attendance_rows(session: Session, ids: Sequence[int]) -> list[AttendanceRow]:
    """Return the table rows of these attendances in the order of ``ids`` (gone ones left out)."""
    return [to_row(a) for a in records_in_order(session, Attendance, ids, _row_loads())]


def _listed(
    event_id: int | None = None,
    contact_id: int | None = None,
    organization_id: int | None = None,
    role: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> tuple[Select[Attendance], Select[Attendance]]:
    """The list's query, and a query of the same rows that is cheaper to count."""
    filters: list[ColumnElement[bool]] = []
    if event_id is not None:
        filters.append(Attendance.event_id == event_id)
    if contact_id is not None:
        filters.append(Attendance.contact_id == contact_id)
    if organization_id is not None:
        filters.append(Attendance.organization_id == organization_id)
    if role:
        filters.append(Attendance.role == role)
    if status:
        filters.append(Attendance.status == status)
    # Counted from the attendances alone: every one has its event, and the participant's
    # row adds nothing to the count (50 ms at 23,000 attendances with the joins).
    counted = select(Attendance).where(*filters)
    query = (
        select(Attendance)
        .select_from(OuterLoopJoin(Event.__table__, Attendance.__table__, _OF_ITS_EVENT))
        .outerjoin(Contact, Attendance.contact_id == Contact.id)
        .outerjoin(Organization, Attendance.organization_id == Organization.id)
        .where(*filters)
    )
    if search and search_terms(search):
        contact_match = text_filter(Contact.search_text, search)
        organization_match = text_filter(Organization.search_text, search)
        event_match = text_filter(Event.search_text, search)
        assert contact_match is not None and organization_match is not None
        assert event_match is not None
        query = query.where(contact_match | organization_match | event_match)
        counted = query
    return query, counted


_OF_ITS_EVENT = Attendance.event_id == Event.id
_LIST_ORDER = (
    Event.start_date.desc().nulls_last(),
    Event.id,
    func.coalesce(Contact.family_name, Contact.native_name, Organization.name),
    Attendance.id,
)


def _row_loads() -> tuple[ExecutableOption, ...]:
    """What a row shows beside the attendance, loaded with it.

    Made when asked: made at import, these options set up every mapper, which the window's
    first paint does without.
    """
    return (
        selectinload(Attendance.event),
        selectinload(Attendance.contact),
        selectinload(Attendance.organization),
        selectinload(Attendance.on_behalf_of),
    )
