"""What other programs changed since the window last looked, as the lists it must show again.

Every change anyone makes (another desktop on the same PostgreSQL database, a second
window, the command line, an import on another machine) writes the change history; this
reads what was written past the last entry seen and names the lists it touches.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from crm.data.change_feed import ChangeFeed
from crm.data.models import (
    Affiliation,
    Attendance,
    Change,
    Citation,
    Commitment,
    CommitmentEndorser,
    Contact,
    ContactEmail,
    ContactList,
    ContactListMember,
    ContactPhone,
    Document,
    Event,
    EventOrganizer,
    FollowUp,
    Organization,
    SocialHandle,
    Tag,
)
from crm.data.unit_of_work import Database
from crm.domain.enums import RecordKind

K = RecordKind
# The lists whose rows show each table's records (a contact's row shows its organization).
LISTS_SHOWING: dict[str, frozenset[RecordKind]] = {
    model.__tablename__: frozenset(kinds)
    for model, kinds in (
        (Contact, {K.CONTACTS, K.ATTENDANCES}),
        (ContactEmail, {K.CONTACTS}),
        (ContactPhone, {K.CONTACTS}),
        (SocialHandle, {K.CONTACTS}),
        (Tag, {K.CONTACTS, K.ORGANIZATIONS}),
        (Affiliation, {K.CONTACTS, K.ORGANIZATIONS}),
        (Organization, {K.ORGANIZATIONS, K.CONTACTS, K.ATTENDANCES, K.COMMITMENTS}),
        (Event, {K.EVENTS, K.ATTENDANCES, K.COMMITMENTS}),
        (EventOrganizer, {K.EVENTS}),
        (Attendance, {K.ATTENDANCES, K.EVENTS}),
        (Commitment, {K.COMMITMENTS}),
        (CommitmentEndorser, {K.COMMITMENTS}),
        (FollowUp, {K.COMMITMENTS}),
        (Document, {K.DOCUMENTS}),
        (Citation, {K.DOCUMENTS}),
        (ContactList, {K.LISTS}),
        (ContactListMember, {K.LISTS, K.CONTACTS}),
    )
}
EVERY_LIST = frozenset(RecordKind)
# The table's columns, not the mapped class's: the window's first look at the history then
# needs no mapper set up, and a look twice a second skips the ORM's compiling.
_CHANGES = Change.__table__.c


class ChangeWatcher:
    """Reads the change history past what the window has already shown."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._feed = ChangeFeed(database.engine)
        self._seen = self._latest()

    def changed_lists(self) -> frozenset[RecordKind]:
        """Return the lists to show again for changes written since the last look."""
        if not self._feed.worth_a_look():
            return frozenset()
        try:
            with self._database.unit_of_work() as session:
                written = session.execute(
                    select(_CHANGES.id, _CHANGES.record_type)
                    .where(_CHANGES.id > self._seen)
                    .order_by(_CHANGES.id)
                ).all()
        except DBAPIError:
            return frozenset()  # the server is out of reach for now: look again next time
        if not written:
            return frozenset()
        self._seen = written[-1][0]
        lists: set[RecordKind] = set()
        for _id, record_type in written:
            lists |= LISTS_SHOWING.get(record_type, EVERY_LIST)
        return frozenset(lists)

    def all_seen(self) -> None:
        """Note that the window shows everything written so far (after it reloaded itself)."""
        self._seen = max(self._seen, self._latest())

    def close(self) -> None:
        """Stop listening for changes."""
        self._feed.close()

    def _latest(self) -> int:
        with self._database.unit_of_work() as session:
            return session.scalar(select(func.max(_CHANGES.id))) or 0
