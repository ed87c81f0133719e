"""The closed vocabularies of the model: one place lists each, the database checks them."""

from enum import StrEnum


class RecordKind(StrEnum):
    """The kinds of record a user browses, each with its own table."""

    CONTACTS = "contacts"
    ORGANIZATIONS = "organizations"
    EVENTS = "events"
    ATTENDANCES = "attendances"
    COMMITMENTS = "commitments"
    DOCUMENTS = "documents"
    LISTS = "lists"


class OrganizationKind(StrEnum):
    """What sort of body an organization is."""

    NGO = "ngo"
    NETWORK = "network"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    INTERGOVERNMENTAL = "intergovernmental"
    MEDIA = "media"
    TRADE_UNION = "trade_union"
    COMPANY = "company"
    VENUE = "venue"
    ACADEMIC = "academic"
    FOUNDATION = "foundation"
    OTHER = "other"


class EventKind(StrEnum):
    """What sort of gathering an event is."""

    SUMMIT = "summit"
    CONFERENCE = "conference"
    MEETING = "meeting"
    PRESS_CONFERENCE = "press_conference"
    WORKING_GROUP = "working_group"
    UN_SESSION = "un_session"
    SESSION = "session"
    WORKSHOP = "workshop"
    OTHER = "other"


class EventStatus(StrEnum):
    """Whether an event is ahead, took place, or was called off."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class OrganizerRole(StrEnum):
    """The part an organization or person played in putting an event on."""

    HOST = "host"
    CO_ORGANIZER = "co_organizer"
    ORGANIZER = "organizer"
    PATRON = "patron"
    CO_CHAIR = "co_chair"
    VENUE = "venue"
    SPONSOR = "sponsor"


class AttendanceRole(StrEnum):
    """The part a participant played at an event."""

    HOST = "host"
    ORGANIZER = "organizer"
    SPEAKER = "speaker"
    PARTICIPANT = "participant"
    DELEGATE = "delegate"
    PRESS = "press"
    OBSERVER = "observer"
    STAFF = "staff"


class AttendanceStatus(StrEnum):
    """Where a participant stands, from invitation to the door."""

    INVITED = "invited"
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"
    DECLINED = "declined"
    ABSENT = "absent"


class CommitmentKind(StrEnum):
    """Whether a party pledged, declared, called for or recommended something."""

    PLEDGE = "pledge"
    DECLARATION = "declaration"
    CALL = "call"
    RECOMMENDATION = "recommendation"
    AGREEMENT = "agreement"


class CommitmentStatus(StrEnum):
    """How far a commitment has come."""

    PROPOSED = "proposed"
    MADE = "made"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


class DocumentKind(StrEnum):
    """What sort of source a document is."""

    PRESS_RELEASE = "press_release"
    ARTICLE = "article"
    DECLARATION = "declaration"
    REPORT = "report"
    EMAIL = "email"
    MINUTES = "minutes"
    OTHER = "other"


class ConsentStatus(StrEnum):
    """What a person said about being contacted."""

    UNKNOWN = "unknown"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class LawfulBasis(StrEnum):
    """The GDPR Art. 6 ground on which a person's data is held."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class ChangeAction(StrEnum):
    """What happened to a record, as the change history tells it."""

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
