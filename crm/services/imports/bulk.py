"""New contacts written many at a time with Core inserts, for imports of whole address books.

Through the ORM each imported contact took 8 ms (a flush, a savepoint, its history, its
detail read back): fourteen minutes for 100,000 rows. Here rows that already passed the
same checks as a save (contacts.check_contact) are queued and written a batch at a time:
contacts, emails, phones, affiliations, tags and their history entries, each one
executemany. The full-text index is filled for the whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from crm.data.bulk_insert import insert_rows
from crm.data.contact_summary import bulk_summaries, summary_of, tag_order
from crm.data.history import record_creations
from crm.data.id_blocks import reserve_ids
from crm.data.models import Affiliation, Contact, ContactEmail, ContactPhone, Tag
from crm.data.models.base import utc_now
from crm.data.models.reference import contact_tags
from crm.data.search_index import bulk_insert_of_contacts
from crm.data.set_aside_indexes import put_back, set_aside, worth_setting_aside
from crm.domain.validation import optional_text
from crm.services.contacts import CheckedContact, contact_columns, search_text_of
from crm.services.tags import tag_ids_by_key, tag_key

BATCH = 2000
OrganizationNames = list[tuple[int, str, str | None]]  # id, name, acronym


@dataclass
class PendingContact:
    """A queued contact; its id is known once its batch is written."""

    id: int | None = None


@dataclass
class _Queued:
    checked: CheckedContact
    organizations: OrganizationNames
    pending: PendingContact
    columns: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


class BulkContactWriter:
    """Queue checked new contacts; write them a batch at a time, all in the caller's transaction."""

    def __init__(self, session: Session, expected: int = 0) -> None:
        """``expected``: how many contacts may come; a large import rebuilds indexes after."""
        self._session = session
        self._queued: list[_Queued] = []
        self._tags: dict[str, tuple[int, str]] | None = None  # by tag_key: id, name
        self._expected = expected
        self._indexes_set_aside: list[str] | None = None
        self.written = 0

    def add(self, checked: CheckedContact, organizations: OrganizationNames) -> PendingContact:
        """Queue one contact; ``organizations`` are its affiliations' (id, name, acronym)."""
        pending = PendingContact()
        self._queued.append(_Queued(checked, organizations, pending))
        if len(self._queued) >= BATCH:
            self.flush()
        return pending

    def flush(self) -> None:
        """Write every queued contact."""
        if not self._queued:
            return
        queued, self._queued = self._queued, []
        connection = self._session.connection()
        if self._indexes_set_aside is None:
            table = Contact.__tablename__
            worth = worth_setting_aside(connection, table, self._expected)
            self._indexes_set_aside = set_aside(connection, table) if worth else []
        now = utc_now()  # the batch's moment, as the rows' defaults would give one by one
        for item in queued:
            item.tags = self._tags_made(item)
        order_of_tags = tag_order(connection)  # after the batch's new tags are made
        for item in queued:
            columns = contact_columns(item.checked)
            draft = item.checked.draft
            # Stored with the row, kept out of its history (the database's, not the user's).
            item.summary = summary_of(
                [(address, primary) for address, _label, primary in item.checked.emails],
                [(e164, primary) for _typed, e164, _label, primary in item.checked.phones],
                [
                    (a.organization_id, a.primary, a.start_date, a.end_date)
                    for a in draft.affiliations
                ],
                item.tags,
                order_of_tags,
            )
            columns["search_text"] = search_text_of(
                columns,
                [address for address, _label, _primary in item.checked.emails],
                [e164 for _typed, e164, _label, _primary in item.checked.phones],
                [(name, acronym) for _id, name, acronym in item.organizations],
            )
            columns["version"] = 1
            columns["created_at"] = columns["updated_at"] = now
            columns.setdefault("external_id", None)  # every row the same keys: one executemany
            item.columns = columns
        with bulk_insert_of_contacts(connection), bulk_summaries(connection):
            ids = reserve_ids(connection, Contact.__tablename__, len(queued))
            for contact_id, item in zip(ids, queued, strict=True):
                item.columns["id"] = contact_id
                item.pending.id = contact_id
            insert_rows(connection, Contact, [item.columns | item.summary for item in queued])
            self._write_children(queued, ids)
        record_creations(
            self._session,
            Contact.__tablename__,
            {contact_id: item.columns for contact_id, item in zip(ids, queued, strict=True)},
        )
        self.written += len(ids)

    def finish(self) -> None:
        """Write what is queued and build again any index set aside for the import."""
        self.flush()
        if self._indexes_set_aside:
            put_back(self._session.connection(), self._indexes_set_aside)
        self._indexes_set_aside = None

    def _write_children(self, queued: list[_Queued], ids: list[int]) -> None:
        emails, phones, affiliations, tagged = [], [], [], []
        for contact_id, item in zip(ids, queued, strict=True):
            draft = item.checked.draft
            emails += [
                {"contact_id": contact_id, "address": a, "label": label, "is_primary": primary}
                for a, label, primary in item.checked.emails
            ]
            phones += [
                {
                    "contact_id": contact_id,
                    "as_typed": typed,
                    "e164": e164,
                    "label": label,
                    "is_primary": primary,
                }
                for typed, e164, label, primary in item.checked.phones
            ]
            affiliations += [
                {
                    "contact_id": contact_id,
                    "organization_id": a.organization_id,
                    "role": optional_text(a.role),
                    "department": optional_text(a.department),
                    "start_date": a.start_date,
                    "end_date": a.end_date,
                    "is_primary": a.primary,
                }
                for a in draft.affiliations
            ]
            tagged += [
                {"contact_id": contact_id, "tag_id": tag_id}
                for tag_id in dict.fromkeys(self._tag_id(name) for name in item.tags)
            ]
        # Core on the connection: the ORM's bulk path costs as much again in Python.
        connection = self._session.connection()
        for target, rows in (
            (ContactEmail, emails),
            (ContactPhone, phones),
            (Affiliation, affiliations),
            (contact_tags, tagged),
        ):
            insert_rows(connection, target, rows)

    def _tags_made(self, item: _Queued) -> list[str]:
        """The contact's tags as the database spells them, each made now if new.

        Made before the batch's summaries, so that their order can be read; a name in
        another letter case is the tag already there (tag_key).
        """
        names = dict.fromkeys(self._tag(t)[1] for t in item.checked.draft.tags if t.strip())
        return list(names)

    def _tag_id(self, name: str) -> int:
        return self._tag(name)[0]

    def _tag(self, name: str) -> tuple[int, str]:
        if self._tags is None:
            self._tags = tag_ids_by_key(self._session)
        key = tag_key(name)
        tag = self._tags.get(key)
        if tag is None:
            spelt = name.strip()
            made = self._session.scalars(insert(Tag).returning(Tag.id), [{"name": spelt}]).one()
            tag = self._tags[key] = (made, spelt)
        return tag
