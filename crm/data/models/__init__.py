"""The typed SQLAlchemy models; importing this package registers every table on Base."""

from sqlalchemy.orm import configure_mappers

from crm.data.models.base import Base
from crm.data.models.commitments import Commitment, CommitmentEndorser, FollowUp
from crm.data.models.contacts import Affiliation, Contact, ContactEmail, ContactPhone, SocialHandle
from crm.data.models.documents import CITABLE_COLUMNS, Citation, Document
from crm.data.models.events import Attendance, Event, EventOrganizer
from crm.data.models.history import Change, Merge
from crm.data.models.lists import ContactList, ContactListMember, SavedSearch
from crm.data.models.organizations import Organization
from crm.data.models.reference import Country, Tag

# An id is never handed out twice, on SQLite too (PostgreSQL sequences never reuse): an undone
# delete restores rows under their old ids, and the window may still hold an id it showed.
for _table in Base.metadata.tables.values():
    _table.kwargs["sqlite_autoincrement"] = True


def set_up_mappers() -> None:
    """Set up every class's relationships now (50 ms), not at the first ORM query."""
    configure_mappers()


__all__ = [
    "CITABLE_COLUMNS",
    "Affiliation",
    "Attendance",
    "Base",
    "Change",
    "Citation",
    "Commitment",
    "CommitmentEndorser",
    "Contact",
    "ContactEmail",
    "ContactList",
    "ContactListMember",
    "ContactPhone",
    "Country",
    "Document",
    "Event",
    "EventOrganizer",
    "FollowUp",
    "Merge",
    "Organization",
    "SavedSearch",
    "SocialHandle",
    "Tag",
    "set_up_mappers",
]
