"""What services hand back: frozen rows and details, never live database objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Generic, TypeVar

from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    ChangeAction,
    CommitmentKind,
    CommitmentStatus,
    ConsentStatus,
    DocumentKind,
    EventKind,
    EventStatus,
    LawfulBasis,
    OrganizationKind,
    OrganizerRole,
)

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Sort:
    """Which column a list is sorted by, and which way."""

    key: str
    descending: bool = False


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of rows and how many rows match in all (None when no count was asked for)."""

    rows: tuple[RowT, ...]
    total: int | None


@dataclass(frozen=True)
class Ref:
    """A related record by kind, id and the name to show for it."""

    kind: str
    id: int
    label: str


@dataclass(frozen=True)
class CitationRow:
    """A quote from a document backing one record."""

    id: int
    document_id: int
    document_title: str
    quote: str
    note: str | None
    record: Ref


@dataclass(frozen=True)
class OrganizationRow:
    """An organization as a table shows it."""

    id: int
    name: str
    acronym: str | None
    kind: OrganizationKind
    country: str | None
    parent: str | None
    email: str | None
    phone: str | None
    website: str | None
    tags: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class OrganizationDetail:
    """An organization with everything tied to it."""

    row: OrganizationRow
    phone_as_typed: str | None
    address: str | None
    notes: str | None
    parent_id: int | None
    children: tuple[Ref, ...]
    people: tuple[Ref, ...]
    citations: tuple[CitationRow, ...]


@dataclass(frozen=True)
class EmailRow:
    """A contact's email address."""

    address: str
    label: str
    primary: bool


@dataclass(frozen=True)
class PhoneRow:
    """A contact's phone number, as typed and in E.164."""

    as_typed: str
    e164: str
    label: str
    primary: bool


@dataclass(frozen=True)
class AffiliationRow:
    """A contact's role at an organization over a period."""

    organization_id: int
    organization: str
    role: str | None
    department: str | None
    start_date: date | None
    end_date: date | None
    primary: bool


@dataclass(frozen=True)
class ContactRow:
    """A person as a table shows them."""

    id: int
    display_name: str
    native_name: str | None
    organization: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    country: str | None
    city: str | None
    is_press: bool
    do_not_contact: bool
    tags: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class ContactDetail:
    """A person with every field and relation."""

    row: ContactRow
    prefix: str | None
    given_name: str | None
    family_name: str | None
    name_variants: str | None
    emails: tuple[EmailRow, ...]
    phones: tuple[PhoneRow, ...]
    affiliations: tuple[AffiliationRow, ...]
    social: tuple[tuple[str, str], ...]
    press_role: str | None
    languages: tuple[str, ...]
    notes: str | None
    consent_status: ConsentStatus
    consent_date: date | None
    lawful_basis: LawfulBasis | None
    lists: tuple[Ref, ...]
    citations: tuple[CitationRow, ...]


@dataclass(frozen=True)
class OrganizerRow:
    """Who put an event on, in which role."""

    role: OrganizerRole
    party: Ref


@dataclass(frozen=True)
class EventRow:
    """An event as a table shows it."""

    id: int
    name: str
    kind: EventKind
    status: EventStatus
    start_date: date | None
    end_date: date | None
    venue: str | None
    city: str | None
    country: str | None
    parent: str | None
    tags: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class EventDetail:
    """An event with its organizers, sub-events and sources."""

    row: EventRow
    start_time: time | None
    end_time: time | None
    timezone: str | None
    venue_id: int | None
    parent_id: int | None
    description: str | None
    reported_attendance: int | None
    organizers: tuple[OrganizerRow, ...]
    sub_events: tuple[Ref, ...]
    participant_counts: tuple[tuple[AttendanceStatus, int], ...]
    citations: tuple[CitationRow, ...]


@dataclass(frozen=True)
class AttendanceRow:
    """A participant at an event: who, in which role and status, and as what at the time."""

    id: int
    event: Ref
    participant: Ref
    role: AttendanceRole
    status: AttendanceStatus
    on_behalf_of_id: int | None
    on_behalf_of: str | None
    title_at_event: str | None
    organization_at_event: str | None
    checked_in_at: datetime | None
    notes: str | None
    version: int


@dataclass(frozen=True)
class FollowUpRow:
    """A dated step in a commitment's life."""

    id: int
    on_date: date
    status: CommitmentStatus
    note: str


@dataclass(frozen=True)
class CommitmentRow:
    """A commitment as a table shows it."""

    id: int
    title: str
    kind: CommitmentKind
    status: CommitmentStatus
    maker: Ref | None
    event: Ref | None
    made_on: date | None
    due_on: date | None
    endorser_count: int | None
    version: int


@dataclass(frozen=True)
class CommitmentDetail:
    """A commitment with its endorsers, follow-ups and sources."""

    row: CommitmentRow
    text: str | None
    notes: str | None
    endorsers: tuple[Ref, ...]
    follow_ups: tuple[FollowUpRow, ...]
    citations: tuple[CitationRow, ...]


@dataclass(frozen=True)
class DocumentRow:
    """A source document as a table shows it."""

    id: int
    title: str
    kind: DocumentKind
    publisher: str | None
    author: str | None
    published_on: date | None
    url: str | None
    language: str | None
    version: int


@dataclass(frozen=True)
class DocumentDetail:
    """A document with its text and the records that cite it."""

    row: DocumentRow
    publisher_id: int | None
    author_contact_id: int | None
    text: str
    notes: str | None
    citations: tuple[CitationRow, ...]


@dataclass(frozen=True)
class ContactListRow:
    """A static list of contacts."""

    id: int
    name: str
    description: str | None
    size: int
    version: int


@dataclass(frozen=True)
class ContactListDetail:
    """A static list with its members."""

    row: ContactListRow
    members: tuple[Ref, ...]


@dataclass(frozen=True)
class ChangeRow:
    """One entry of the change history."""

    at: datetime
    actor: str
    action: ChangeAction
    record_type: str
    record_id: int
    summary: str
    fields: dict[str, list[object]]


@dataclass(frozen=True)
class TagRow:
    """A tag and how many records of each kind carry it."""

    id: int
    name: str
    contacts: int
    organizations: int
    events: int

    def carried_by(self) -> str:
        """Say what carries the tag: "2 contacts, 1 event", or "no record"."""
        parts = [
            f"{count} {noun}{'s' if count != 1 else ''}"
            for count, noun in (
                (self.contacts, "contact"),
                (self.organizations, "organization"),
                (self.events, "event"),
            )
            if count
        ]
        return ", ".join(parts) if parts else "no record"


# The records of one kind that carried a tag: the link table's name and their ids.
TagCarriers = tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class DeletionEffects:
    """What else a delete would remove, in words ("2 email addresses"), and its rows in all."""

    phrases: tuple[str, ...]
    rows: int  # the record itself included


@dataclass(frozen=True)
class TagChange:
    """What renaming, merging or deleting a tag did, kept so that it can be undone.

    A merge (a new name that is another tag's in some letter case) moves the tag's records
    to that tag and deletes it; ``already_there`` are those that carried both.
    """

    tag_id: int
    name: str  # before the change
    new_name: str | None  # None: deleted
    merged_into: int | None
    carriers: TagCarriers
    already_there: TagCarriers = ()

    def records_touched(self) -> int:
        """Count the records whose tags the change (or its undo) rewrites."""
        return sum(len(ids) for _table, ids in self.carriers)
