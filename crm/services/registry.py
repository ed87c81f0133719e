"""One table of what each kind of record can do, so generic code (the window, undo) can ask."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm.data.models import (
    Attendance,
    Base,
    Commitment,
    Contact,
    ContactList,
    Document,
    Event,
    Organization,
)
from crm.data.snapshots import DeletionSnapshot
from crm.domain.enums import RecordKind
from crm.domain.queries import ListQuery
from crm.domain.records import Page
from crm.services import (
    attendances,
    commitments,
    contacts,
    documents,
    events,
    lists,
    organizations,
)
from crm.services.contact_rows import contact_rows
from crm.services.paging import Progress, ids_instead_of_records
from crm.services.search import matching_ids


@dataclass(frozen=True)
class KindOperations:
    """The service calls behind one kind of record."""

    model: type[Base]
    noun: str
    list_page: Callable[..., Page[Any]]
    detail: Callable[[Session, int], Any]
    create: Callable[[Session, Any], Any]
    update: Callable[[Session, int, Any, int | None], Any]
    delete: Callable[[Session, int, int | None], None]
    position: Callable[..., int | None] | None = None
    # For kinds that run to millions: every id of a list in order, and rows by id.
    order: Callable[..., Sequence[int]] | None = None
    rows: Callable[[Session, Sequence[int]], Sequence[Any]] | None = None
    matches: Callable[[Session, str, int], Sequence[int] | None] | None = None
    # What else to bring in step when an undo has put a deleted record back.
    restored: Callable[[Session, int], None] | None = None
    # What else to bring in step when many went in one bulk delete (crm.services.bulk_delete).
    deleted_in_bulk: Callable[[Session, DeletionSnapshot], None] | None = None


OPERATIONS: dict[RecordKind, KindOperations] = {
    RecordKind.CONTACTS: KindOperations(
        Contact,
        "contact",
        contacts.list_contacts,
        contacts.get_contact,
        contacts.create_contact,
        contacts.update_contact,
        contacts.delete_contact,
        contacts.contact_position,
        contacts.contact_order,
        contact_rows,
        matching_ids,
    ),
    RecordKind.ORGANIZATIONS: KindOperations(
        Organization,
        "organization",
        organizations.list_organizations,
        organizations.get_organization,
        organizations.create_organization,
        organizations.update_organization,
        organizations.delete_organization,
        restored=organizations.organization_restored,
        deleted_in_bulk=organizations.organizations_deleted,
    ),
    RecordKind.EVENTS: KindOperations(
        Event,
        "event",
        events.list_events,
        events.get_event,
        events.create_event,
        events.update_event,
        events.delete_event,
    ),
    RecordKind.ATTENDANCES: KindOperations(
        Attendance,
        "attendance",
        attendances.list_attendances,
        attendances.get_attendance,
        attendances.add_attendance,
        attendances.update_attendance,
        attendances.remove_attendance,
        order=attendances.attendance_order,
        rows=attendances.attendance_rows,
    ),
    RecordKind.COMMITMENTS: KindOperations(
        Commitment,
        "commitment",
        commitments.list_commitments,
        commitments.get_commitment,
        commitments.create_commitment,
        commitments.update_commitment,
        commitments.delete_commitment,
    ),
    RecordKind.DOCUMENTS: KindOperations(
        Document,
        "document",
        documents.list_documents,
        documents.get_document,
        documents.create_document,
        documents.update_document,
        documents.delete_document,
    ),
    RecordKind.LISTS: KindOperations(
        ContactList,
        "list",
        lists.list_contact_lists,
        lists.get_list,
        lists.create_list,
        lists.update_list,
        lists.delete_list,
    ),
}


def list_page(
    session: Session,
    kind: RecordKind,
    query: ListQuery,
    offset: int,
    limit: int,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[Any]:
    """Return one page of ``kind`` matching ``query``, with the count of every match if asked."""
    operations = OPERATIONS[kind]
    return operations.list_page(
        session,
        search=query.search,
        sort=query.sort,
        limit=limit,
        offset=offset,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
        **dict(query.filters),
    )


def list_order(
    session: Session, kind: RecordKind, query: ListQuery, progress: Progress | None = None
) -> Sequence[int] | None:
    """Return every id of a list in its order, for kinds that keep one; else None."""
    order = OPERATIONS[kind].order
    if order is None:
        return None
    return order(
        session, search=query.search, sort=query.sort, progress=progress, **dict(query.filters)
    )


def rows_by_id(session: Session, kind: RecordKind, ids: Sequence[int]) -> Sequence[Any]:
    """Return the table rows of these records in the order of ``ids`` (missing ones left out)."""
    rows = OPERATIONS[kind].rows
    if rows is None:
        raise ValueError(f"{kind} rows are not read by id")
    return rows(session, ids)


def search_matches(
    session: Session, kind: RecordKind, text: str, at_most: int
) -> Sequence[int] | None:
    """Return the ids a search finds (any order) if an index gives them and they are few."""
    matches = OPERATIONS[kind].matches
    return matches(session, text, at_most) if matches is not None else None


SCANNED_ROWS = 20_000
SCAN_BLOCK = 5000


def position_in_list(
    session: Session, kind: RecordKind, query: ListQuery, record_id: int
) -> int | None:
    """Return the row a record takes in a filtered, sorted list, or None if it is not in it.

    Contacts, which run to millions, count the rows before the record through their
    indexes; the smaller kinds are read a block at a time, as far as ``SCANNED_ROWS``.
    """
    operations = OPERATIONS[kind]
    if operations.position is not None:
        return operations.position(
            session, record_id, search=query.search, sort=query.sort, **dict(query.filters)
        )
    for offset in range(0, SCANNED_ROWS, SCAN_BLOCK):
        with ids_instead_of_records() as ids:  # the ids alone: no record is loaded
            list_page(session, kind, query, offset, SCAN_BLOCK, count=False)
        if record_id in ids:
            return offset + ids.index(record_id)
        if len(ids) < SCAN_BLOCK:
            break
    return None


# How a person counts what a delete takes with it, by table.
TABLE_NOUNS = {
    "contacts": ("contact", "contacts"),
    "organizations": ("organization", "organizations"),
    "events": ("event", "events (sessions inside it)"),
    "attendances": ("attendance", "attendances"),
    "commitments": ("commitment", "commitments"),
    "documents": ("document", "documents"),
    "contact_emails": ("email address", "email addresses"),
    "contact_phones": ("phone number", "phone numbers"),
    "affiliations": ("affiliation", "affiliations"),
    "social_handles": ("social handle", "social handles"),
    "citations": ("citation", "citations"),
    "event_organizers": ("organizer entry", "organizer entries"),
    "commitment_endorsers": ("endorsement", "endorsements"),
    "commitment_follow_ups": ("follow-up", "follow-ups"),
    "contact_list_members": ("list membership", "list memberships"),
    "contact_lists": ("list", "lists"),
    "contact_tags": ("tag", "tags"),
    "organization_tags": ("tag", "tags"),
    "event_tags": ("tag", "tags"),
}


def describe_counts(counts: dict[str, int], leave_out: str) -> list[str]:
    """Say in words what goes with a deleted record ("2 email addresses", …)."""
    phrases = []
    for table, count in counts.items():
        if table == leave_out:
            count -= 1
        if count <= 0:
            continue
        singular, plural = TABLE_NOUNS.get(table, (table, table))
        phrases.append(f"{count:,} {singular if count == 1 else plural}")
    return phrases
