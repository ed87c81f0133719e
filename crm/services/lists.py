"""Static contact lists: a press list for an event, the delegates of a working group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crm.data.bulk_insert import insert_rows
from crm.data.in_lists import in_chunks
from crm.data.models import Base, Contact, ContactList, ContactListMember
from crm.data.models.base import utc_now
from crm.domain.drafts import ContactListDraft
from crm.domain.names import display_name
from crm.domain.records import ContactListDetail, ContactListRow, Page, Ref, Sort
from crm.domain.text import fold, search_terms
from crm.domain.validation import optional_text, require_text
from crm.services.common import (
    Problems,
    check_references,
    delete_record,
    edit_record,
    fetch,
    insert_record,
)
from crm.services.paging import DEFAULT_LIMIT, page_of

KIND = "list"
_MEMBERS = Base.metadata.tables[ContactListMember.__tablename__]

SORT_KEYS: dict[str, Any] = {
    "name": func.lower(ContactList.name),
    "description": ContactList.description,
}


def _apply(session: Session, contact_list: ContactList, draft: ContactListDraft) -> None:
    problems = Problems()
    name = problems.take(require_text(draft.name, "name", "The list's name"))
    problems.extend(check_references(session, Contact, draft.contact_ids, "contact_ids", "contact"))
    problems.raise_if_any()
    contact_list.name = name or ""
    contact_list.description = optional_text(draft.description)
    if draft.external_id is not None:
        contact_list.external_id = draft.external_id


def _set_members(session: Session, list_id: int, contact_ids: Sequence[int]) -> None:
    """Make the list's members ``contact_ids``: those already on it keep their date.

    Written as rows, not member objects: through the ORM, a list of 20,000 press contacts
    took 0.7 s to write, and its reading back (ordered by the relationship) as long again.
    """
    members = _MEMBERS
    wanted = list(dict.fromkeys(contact_ids))
    present = set(session.scalars(select(members.c.contact_id).where(members.c.list_id == list_id)))
    leaving = sorted(present.difference(wanted))
    for chunk in in_chunks(leaving):
        session.execute(
            delete(members).where(members.c.list_id == list_id, members.c.contact_id.in_(chunk))
        )
    now = utc_now()
    joining = [
        {"list_id": list_id, "contact_id": contact_id, "added_at": now}
        for contact_id in wanted
        if contact_id not in present
    ]
    insert_rows(session.connection(), members, joining)


def create_list(session: Session, draft: ContactListDraft) -> ContactListDetail:
    """Make a named list, with its first members."""
    contact_list = insert_record(session, ContactList(), lambda c: _apply(session, c, draft))
    _set_members(session, contact_list.id, draft.contact_ids)
    return get_list(session, contact_list.id)


def update_list(
    session: Session, list_id: int, draft: ContactListDraft, expected_version: int | None
) -> ContactListDetail:
    """Rename a list, describe it, or change its members."""
    edit_record(
        session, ContactList, list_id, KIND, expected_version, lambda c: _apply(session, c, draft)
    )
    _set_members(session, list_id, draft.contact_ids)
    session.expire_all()  # the members changed round the ORM
    return get_list(session, list_id)


def rename_list(
    session: Session, list_id: int, name: str, expected_version: int | None = None
) -> ContactListDetail:
    """Give a list a new name."""
    current = get_list(session, list_id)
    draft = ContactListDraft(name, current.row.description, tuple(m.id for m in current.members))
    return update_list(session, list_id, draft, expected_version)


def add_members(session: Session, list_id: int, contact_ids: Sequence[int]) -> ContactListDetail:
    """Add contacts to a list; those already on it stay as they are."""
    current = get_list(session, list_id)
    members = (*(m.id for m in current.members), *contact_ids)
    draft = ContactListDraft(current.row.name, current.row.description, tuple(members))
    return update_list(session, list_id, draft, None)


def remove_members(session: Session, list_id: int, contact_ids: Sequence[int]) -> ContactListDetail:
    """Take contacts off a list."""
    current = get_list(session, list_id)
    leaving = set(contact_ids)
    members = tuple(m.id for m in current.members if m.id not in leaving)
    draft = ContactListDraft(current.row.name, current.row.description, members)
    return update_list(session, list_id, draft, None)


def delete_list(session: Session, list_id: int, expected_version: int | None = None) -> None:
    """Delete a list; its contacts stay."""
    delete_record(session, ContactList, list_id, KIND, expected_version)


def _size(session: Session, list_id: int) -> int:
    return session.scalar(select(func.count()).where(ContactListMember.list_id == list_id)) or 0


def to_row(session: Session, contact_list: ContactList) -> ContactListRow:
    """Build the table row of a list."""
    return ContactListRow(
        contact_list.id,
        contact_list.name,
        contact_list.description,
        _size(session, contact_list.id),
        contact_list.version,
    )


def get_list(session: Session, list_id: int, most: int | None = None) -> ContactListDetail:
    """Return a list with its members, named (only their names are read).

    ``most`` keeps to the first members (the detail pane names 300): naming all 200,000
    members of a list took 1.2 s. The row still counts every one.
    """
    contact_list = fetch(session, ContactList, list_id, KIND)
    members = session.execute(
        select(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
        .join(ContactListMember, ContactListMember.contact_id == Contact.id)
        .where(ContactListMember.list_id == list_id)
        .order_by(ContactListMember.added_at, ContactListMember.contact_id)
        .limit(most)
    )
    return ContactListDetail(
        row=to_row(session, contact_list),
        members=tuple(
            Ref("contact", contact_id, display_name(given, family, native))
            for contact_id, given, family, native in members
        ),
    )


def list_contact_lists(
    session: Session,
    search: str | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[ContactListRow]:
    """Return lists by name, filtered by words of their name or description."""
    query = select(ContactList)
    terms = search_terms(search or "")
    if terms:  # lists number in the tens: match folded text here rather than index it
        matching = [
            list_id
            for list_id, name, description in session.execute(
                select(ContactList.id, ContactList.name, ContactList.description)
            )
            if all(term in fold(f"{name} {description or ''}") for term in terms)
        ]
        query = query.where(ContactList.id.in_(matching))
    lists, total = page_of(
        session,
        query,
        (func.lower(ContactList.name), ContactList.id),
        limit,
        offset,
        # No members loaded: a row counts them (to_row), and a list of 200,000 members
        # loaded as objects held the window for 4 s each time the lists were shown.
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
    )
    return Page(tuple(to_row(session, c) for c in lists), total)


def list_lists(session: Session) -> list[ContactListRow]:
    """Return every list by name."""
    return list(list_contact_lists(session, limit=10_000).rows)


def member_ids(session: Session, list_id: int) -> list[int]:
    """Return the ids of a list's contacts, in the order they joined."""
    fetch(session, ContactList, list_id, KIND)
    return list(
        session.scalars(
            select(ContactListMember.contact_id)
            .where(ContactListMember.list_id == list_id)
            .order_by(ContactListMember.added_at, ContactListMember.contact_id)
        )
    )
