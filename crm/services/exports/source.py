"""Read the contacts an export covers, a batch at a time, counting who is left out and why."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain, groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Select, func, select
from sqlalchemy.orm import Session, aliased

from crm.data.contact_summary import TAG_SEPARATOR
from crm.data.in_lists import among
from crm.data.models import (
    Affiliation,
    Attendance,
    Base,
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
)
from crm.data.models.contacts import CONTACT_NAME_ORDER, CURRENT_AFFILIATION_FIRST
from crm.domain.enums import ConsentStatus
from crm.domain.exports import (
    ContactScope,
    ExportContact,
    ExportOptions,
    ExportReport,
    LeftOutReason,
)
from crm.domain.names import display_name, organization_label
from crm.services.contacts import contacts_query
from crm.services.exports.order import EXPORT_ORDER, order_table
from crm.services.paging import Progress, streamed_batches

PROGRESS_EVERY = 5000
AnySelect = Select[*tuple[Any, ...]]


def scope_query(session: Session, scope: ContactScope) -> Select[Any]:
    """Select the contacts in ``scope``, in a stable order.

    The search and the filters are the contacts table's own (contacts_query), so an export
    of what is on show holds exactly the rows on show; an event's people and a selection
    narrow them further.
    """
    query = contacts_query(
        session,
        scope.search,
        tag=scope.tag,
        organization_id=scope.organization_id,
        list_id=scope.list_id,
        country=scope.country,
        press_only=scope.press_only,
        do_not_contact=scope.do_not_contact,
        organization_kind=scope.organization_kind,
    )
    if scope.event_id is not None or scope.roles or scope.statuses:
        attendance = select(Attendance.contact_id).where(Attendance.contact_id.is_not(None))
        if scope.event_id is not None:
            attendance = attendance.where(Attendance.event_id == scope.event_id)
        if scope.roles:
            attendance = attendance.where(Attendance.role.in_(scope.roles))
        if scope.statuses:
            attendance = attendance.where(Attendance.status.in_(scope.statuses))
        query = query.where(Contact.id.in_(attendance))
    if scope.contact_ids is not None:  # a selection, of 200,000 perhaps
        dialect = session.get_bind().dialect.name
        query = query.where(among(Contact.id, scope.contact_ids, dialect))
    return query.order_by(*CONTACT_NAME_ORDER)


_CONTACTS = Base.metadata.tables["contacts"]
_COLUMNS = (
    Contact.id,
    Contact.prefix,
    Contact.given_name,
    Contact.family_name,
    Contact.native_name,
    Contact.job_title,
    Contact.country,
    Contact.city,
    Contact.notes,
    Contact.is_press,
    Contact.press_role,
    Contact.languages,
    Contact.do_not_contact,
    Contact.consent_status,
    # Kept on each contact by the database (crm.data.contact_summary): its tags, and the
    # organization it is with today. Streams of their own cost a query and a step per contact.
    _CONTACTS.c.tag_names,
    Organization.name,
    Organization.acronym,
)


# The people stream's columns, as the rows above, by the names a spreadsheet's columns use
# for them (crm.services.exports.columns).
PERSON_FIELDS = (
    "contact_id",
    "prefix",
    "given",
    "family",
    "native",
    "title",
    "country",
    "city",
    "notes",
    "is_press",
    "press_role",
    "languages",
    "do_not_contact",
    "consent",
    "tag_names",
    "organization",
    "acronym",
)
assert len(PERSON_FIELDS) == len(_COLUMNS)
_COLUMN_OF = dict(zip(PERSON_FIELDS, _COLUMNS, strict=True))
# Read whatever a writer asks for: who may be written, and whose rows follow whom.
ALWAYS_READ = ("contact_id", "do_not_contact", "consent")


@dataclass(frozen=True)
class Reading:
    """What an export reads of each contact: every field, or a spreadsheet's columns' own.

    A spreadsheet writes an email's address and a phone's number, not their labels: at
    100,000 contacts, reading only the fields its columns use took a tenth off a CSV export.
    """

    person: tuple[str, ...] = PERSON_FIELDS  # the people stream's fields, in this order
    labelled: bool = True  # emails as (address, label, primary), phones as (E.164, as typed,
    # label, primary); else the address or the E.164 number alone

    def __post_init__(self) -> None:
        """Every export reads the contact's id (first), and who may be written."""
        if self.person[0] != "contact_id" or not set(ALWAYS_READ) <= set(self.person):
            raise ValueError(f"a reading holds {', '.join(ALWAYS_READ)}, the id first")


def spreadsheet_reading(fields: Iterable[str]) -> Reading:
    """The reading of a spreadsheet whose columns use ``fields`` of the people stream."""
    used = set(fields)
    rest = tuple(f for f in PERSON_FIELDS if f in used and f not in ALWAYS_READ)
    return Reading((*ALWAYS_READ, *rest), labelled=False)


T = TypeVar("T")
# A contact's row in the people stream, its emails, phones and departments: what to write.
Shape = Callable[[Sequence[Any], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]], T]


class _Placed:
    """How each stream keeps to the export's contacts and their order."""

    def __init__(self, in_scope: ColumnElement[bool] | None, in_order_table: bool) -> None:
        self._in_order_table = in_order_table
        if in_order_table:
            # The contacts in scope and their positions are in EXPORT_ORDER (see order.py).
            self.order: tuple[Any, ...] = (EXPORT_ORDER.c.position,)
            self._condition = None
        else:
            # Without the table (refused), the scope's conditions on each stream's own
            # contacts, not IN (all the ids): the database walks the name index in order.
            self.order = tuple(CONTACT_NAME_ORDER)
            self._condition = in_scope

    def people(self, statement: AnySelect) -> AnySelect:
        """``statement`` over the contacts table, narrowed to the export's contacts."""
        if self._in_order_table:
            return statement.join(EXPORT_ORDER, EXPORT_ORDER.c.contact_id == Contact.id)
        return statement if self._condition is None else statement.where(self._condition)

    def related(self, statement: AnySelect, contact_id: Any) -> AnySelect:
        """``statement`` over a related table, joined to the export's contacts by ``contact_id``."""
        if self._in_order_table:
            return statement.join(EXPORT_ORDER, EXPORT_ORDER.c.contact_id == contact_id)
        return self.people(statement.join(Contact, Contact.id == contact_id))


def _streams(
    connection: Connection, placed: _Placed, reading: Reading
) -> list[Generator[list[Any]]]:
    """Four queries in the same contact order: people, emails, phones, departments.

    Each streams, a batch at a time (no list of ids, no IN of thousands of values); the
    related rows of a contact follow one another, so one pass over all four builds every
    contact.
    """
    order = placed.order
    people = placed.people(
        select(*(_COLUMN_OF[field] for field in reading.person))
        .select_from(Contact)
        .outerjoin(Organization, Organization.id == _CONTACTS.c.current_organization_id)
    ).order_by(*order)
    email_labels = (ContactEmail.label, ContactEmail.is_primary) if reading.labelled else ()
    emails = placed.related(
        select(ContactEmail.contact_id, ContactEmail.address, *email_labels),
        ContactEmail.contact_id,
    ).order_by(*order, ContactEmail.is_primary.desc(), ContactEmail.id)
    phone_labels = (
        (ContactPhone.as_typed, ContactPhone.label, ContactPhone.is_primary)
        if reading.labelled
        else ()
    )
    phones = placed.related(
        select(ContactPhone.contact_id, ContactPhone.e164, *phone_labels),
        ContactPhone.contact_id,
    ).order_by(*order, ContactPhone.is_primary.desc(), ContactPhone.id)
    # The department of the affiliation the organization comes from (its first current one).
    # Only the contacts with a department somewhere in their current affiliations are read,
    # all of those affiliations, so that the first is still the one the organization is.
    with_department = aliased(Affiliation)
    departments = (
        placed.related(
            select(Affiliation.contact_id, Affiliation.department),
            Affiliation.contact_id,
        )
        .where(
            Affiliation.end_date.is_(None),
            Affiliation.contact_id.in_(
                select(with_department.contact_id).where(
                    with_department.end_date.is_(None),
                    with_department.department.is_not(None),
                )
            ),
        )
        .order_by(*order, *CURRENT_AFFILIATION_FIRST)
    )
    return [
        streamed_batches(connection, statement)
        for statement in (people, emails, phones, departments)
    ]


class _Follower:
    """Hands out, for each contact in turn, the rows of one related stream that belong to it.

    The rows come grouped by contact (``groupby`` finds the groups in C); ``shape`` turns a
    group's rows into the tuple the export keeps, without the contact's id.
    """

    def __init__(self, rows: Iterator[Any], shape: Callable[[Any], Any]) -> None:
        self._groups = groupby(rows, itemgetter(0))
        self._shape = shape
        self.key: int | None  # the contact whose rows come next; the caller compares
        self._group: Iterator[Any]
        self.key, self._group = next(self._groups, _NO_GROUP)

    def take(self) -> tuple[Any, ...]:
        """Return the rows of the contact ``key`` names, and move on to the next one."""
        taken = tuple(map(self._shape, self._group))
        self.key, self._group = next(self._groups, _NO_GROUP)
        return taken


_NO_GROUP: tuple[int | None, Iterator[Any]] = (None, iter(()))


def export_contacts(
    session: Session,
    scope: ContactScope,
    options: ExportOptions,
    report: ExportReport,
    shape: Shape[T],
    progress: Progress | None = None,
    reading: Reading = Reading(),
) -> Generator[T]:
    """Yield the contacts to write, in name order; count the ones left out in ``report``.

    Rows come through SQLAlchemy Core, streamed and never as ORM objects: a hundred thousand
    contacts would otherwise build half a million objects. ``shape`` makes what a writer
    takes of each contact out of its rows: an ExportContact (export_contact), or a
    spreadsheet's cells (crm.services.exports.rows), from the fields ``reading`` names.
    ``progress`` hears (done, total) every few thousand contacts and may raise
    WorkCancelledError.
    """
    chosen = scope_query(session, scope)
    with ExitStack() as cleanup:
        counted = cleanup.enter_context(order_table(session, chosen))
        if counted is not None:
            total = counted
        else:
            in_scope = chosen.order_by(None).subquery()
            total = session.scalar(select(func.count()).select_from(in_scope)) or 0
        report.in_scope = total
        placed = _Placed(chosen.whereclause, in_order_table=counted is not None)
        batches = _streams(session.connection(), placed, reading)
        # Closed before the order table is dropped: SQLite will not drop a table a
        # statement still reads, and a cancelled export leaves its streams half read.
        for stream in batches:
            cleanup.callback(stream.close)
        yield from _assembled(batches, total, options, report, progress, shape, reading)


def export_contact(
    person: Sequence[Any],
    emails: tuple[Any, ...],
    phones: tuple[Any, ...],
    departments: tuple[Any, ...],
) -> ExportContact:
    """Build the contact a vCard is written from, out of its rows in the export's streams."""
    (
        contact_id,
        prefix,
        given,
        family,
        native,
        title,
        country,
        city,
        notes,
        is_press,
        press_role,
        languages,
        _do_not_contact,
        _consent,
        tag_names,
        organization_name,
        acronym,
    ) = person
    if organization_name is not None:
        organization: str | None = organization_label(organization_name, acronym)
        department = departments[0] if departments else None
    else:
        organization = department = None
    return ExportContact(
        contact_id,
        prefix,
        given,
        family,
        native,
        display_name(given, family, native),
        organization,
        department,
        title,
        emails,
        phones,
        country,
        city,
        tuple(tag_names.split(TAG_SEPARATOR)) if tag_names else (),
        notes,
        is_press,
        press_role,
        tuple(languages.split(",")) if languages else (),
    )


def _assembled(
    batches: list[Generator[list[Any]]],
    total: int,
    options: ExportOptions,
    report: ExportReport,
    progress: Progress | None,
    shape: Shape[T],
    reading: Reading,
) -> Iterator[T]:
    people, email_rows, phone_rows, department_rows = (
        chain.from_iterable(stream) for stream in batches
    )
    labelled = reading.labelled
    emails = _Follower(email_rows, itemgetter(1, 2, 3) if labelled else itemgetter(1))
    phones = _Follower(phone_rows, itemgetter(1, 2, 3, 4) if labelled else itemgetter(1))
    departments = _Follower(department_rows, itemgetter(1))
    do_not_contact = reading.person.index("do_not_contact")
    consent = reading.person.index("consent")
    leave_out_refused = not options.include_do_not_contact
    require_email = options.require_email
    refused = (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
    for done, person in enumerate(people, start=1):
        contact_id = person[0]
        # Every stream moves past this contact, whether it is written or not. The keys are
        # compared here, which saves a call per stream for every contact.
        person_emails = emails.take() if emails.key == contact_id else ()
        person_phones = phones.take() if phones.key == contact_id else ()
        person_departments = departments.take() if departments.key == contact_id else ()
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if leave_out_refused and person[do_not_contact]:
            report.leave_out(LeftOutReason.DO_NOT_CONTACT)
            continue
        if leave_out_refused and person[consent] in refused:
            report.leave_out(LeftOutReason.NO_CONSENT)
            continue
        if require_email and not person_emails:
            report.leave_out(LeftOutReason.NO_EMAIL)
            continue
        report.written += 1
        yield shape(person, person_emails, person_phones, person_departments)
    if progress is not None:
        progress(total, total)


def most_emails_and_phones(session: Session, scope: ContactScope) -> tuple[int, int]:
    """Return the most emails and the most phones any contact in scope has (column counts)."""
    chosen = scope_query(session, scope)
    ids = chosen.with_only_columns(Contact.id).order_by(None).subquery()
    counts = []
    for model in (ContactEmail, ContactPhone):
        per_contact = select(func.count().label("n")).select_from(model).group_by(model.contact_id)
        if chosen.whereclause is not None:  # everyone: no list of a hundred thousand ids
            per_contact = per_contact.where(model.contact_id.in_(select(ids.c.id)))
        counted = per_contact.subquery()
        counts.append(session.scalar(select(func.max(counted.c.n))) or 0)
    return counts[0], counts[1]
