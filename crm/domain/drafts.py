"""What a caller hands a service to create or change a record: plain, frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
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


@dataclass(frozen=True)
class OrganizationDraft:
    """The fields of an organization as entered."""

    name: str
    acronym: str | None = None
    kind: OrganizationKind = OrganizationKind.OTHER
    country: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    parent_id: int | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    external_id: str | None = None


@dataclass(frozen=True)
class EmailDraft:
    """An email address with its label; ``primary`` marks the one to write to."""

    address: str
    label: str = "work"
    primary: bool = False


@dataclass(frozen=True)
class PhoneDraft:
    """A phone number as typed, with its label."""

    number: str
    label: str = "work"
    primary: bool = False


@dataclass(frozen=True)
class AffiliationDraft:
    """A contact's role at an organization over a period."""

    organization_id: int
    role: str | None = None
    department: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    primary: bool = False


@dataclass(frozen=True)
class SocialDraft:
    """A handle on a social network."""

    network: str
    handle: str


@dataclass(frozen=True)
class ContactDraft:
    """The fields of a person as entered, with their emails, phones and affiliations."""

    given_name: str | None = None
    family_name: str | None = None
    prefix: str | None = None
    native_name: str | None = None
    name_variants: str | None = None
    job_title: str | None = None
    emails: tuple[EmailDraft, ...] = ()
    phones: tuple[PhoneDraft, ...] = ()
    affiliations: tuple[AffiliationDraft, ...] = ()
    social: tuple[SocialDraft, ...] = ()
    is_press: bool = False
    press_role: str | None = None
    languages: tuple[str, ...] = ()
    country: str | None = None
    city: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    consent_status: ConsentStatus = ConsentStatus.UNKNOWN
    consent_date: date | None = None
    lawful_basis: LawfulBasis | None = None
    do_not_contact: bool = False
    external_id: str | None = None


@dataclass(frozen=True)
class OrganizerDraft:
    """An organization or a person who put an event on, in a role."""

    role: OrganizerRole
    organization_id: int | None = None
    contact_id: int | None = None


@dataclass(frozen=True)
class EventDraft:
    """The fields of an event as entered; times are local to ``timezone``."""

    name: str
    kind: EventKind = EventKind.MEETING
    status: EventStatus = EventStatus.PLANNED
    start_date: date | None = None
    start_time: time | None = None
    end_date: date | None = None
    end_time: time | None = None
    timezone: str | None = None
    venue_id: int | None = None
    city: str | None = None
    country: str | None = None
    parent_id: int | None = None
    description: str | None = None
    reported_attendance: int | None = None
    organizers: tuple[OrganizerDraft, ...] = ()
    tags: tuple[str, ...] = ()
    external_id: str | None = None


@dataclass(frozen=True)
class AttendanceDraft:
    """A contact or an organization at an event, in a role and a status.

    Left empty, ``title_at_event`` and ``organization_at_event`` are taken from the contact as
    it is now, so the record keeps what the person was at the time of the event.
    """

    event_id: int
    role: AttendanceRole = AttendanceRole.PARTICIPANT
    status: AttendanceStatus = AttendanceStatus.INVITED
    contact_id: int | None = None
    organization_id: int | None = None
    on_behalf_of_id: int | None = None
    title_at_event: str | None = None
    organization_at_event: str | None = None
    checked_in_at: datetime | None = None
    notes: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class CommitmentDraft:
    """What was pledged, declared or called for, by whom, where and when."""

    title: str
    kind: CommitmentKind = CommitmentKind.PLEDGE
    status: CommitmentStatus = CommitmentStatus.MADE
    text: str | None = None
    maker_organization_id: int | None = None
    maker_contact_id: int | None = None
    event_id: int | None = None
    made_on: date | None = None
    due_on: date | None = None
    endorser_count: int | None = None
    endorser_organization_ids: tuple[int, ...] = ()
    endorser_contact_ids: tuple[int, ...] = ()
    notes: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class FollowUpDraft:
    """A dated step in a commitment's life and the status it moved to."""

    on_date: date
    status: CommitmentStatus
    note: str


@dataclass(frozen=True)
class DocumentDraft:
    """A source document as entered."""

    title: str
    kind: DocumentKind = DocumentKind.OTHER
    publisher_id: int | None = None
    author_name: str | None = None
    author_contact_id: int | None = None
    published_on: date | None = None
    url: str | None = None
    language: str | None = None
    text: str = ""
    notes: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class RecordRef:
    """A pointer at one record of a kind that can cite documents."""

    kind: str
    id: int


@dataclass(frozen=True)
class CitationDraft:
    """A record citing a document with a short quote."""

    document_id: int
    record: RecordRef
    quote: str
    note: str | None = None


@dataclass(frozen=True)
class ContactListDraft:
    """A named list of contacts."""

    name: str
    description: str | None = None
    contact_ids: tuple[int, ...] = field(default_factory=tuple)
    external_id: str | None = None
