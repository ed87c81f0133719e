"""Static contact lists: a press list for an event, the delegates of a working group."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.models import Contact, ContactList, ContactListMember
from crm.domain.drafts import ContactListDraft
from crm.domain.records import ContactListRow
from crm.domain.validation import optional_text, require_text
from crm.services.common import Problems, check_reference, check_version, fetch, touch

KIND = "list"


def create_list(session: Session, draft: ContactListDraft) -> ContactListRow:
    """Make a named list, with its first members."""
    problems = Problems()
    name = problems.take(require_text(draft.name, "name", "The list's name"))
    for contact_id in draft.contact_ids:
        problems.add(check_reference(session, Contact, contact_id, "contact_ids", "contact"))
    problems.raise_if_any()
    contact_list = ContactList(
        name=name, description=optional_text(draft.description), external_id=draft.external_id
    )
    contact_list.members = [
        ContactListMember(contact_id=i) for i in dict.fromkeys(draft.contact_ids)
    ]
    session.add(contact_list)
    session.flush()
    return get_list(session, contact_list.id)


def rename_list(
    session: Session, list_id: int, name: str, expected_version: int | None = None
) -> ContactListRow:
    """Give a list a new name."""
    contact_list = fetch(session, ContactList, list_id, KIND)
    check_version(contact_list, expected_version, KIND)
    problems = Problems()
    new_name = problems.take(require_text(name, "name", "The list's name"))
    problems.raise_if_any()
    contact_list.name = new_name or ""
    session.flush()
    return get_list(session, list_id)


def add_members(session: Session, list_id: int, contact_ids: Sequence[int]) -> ContactListRow:
    """Add contacts to a list; those already on it stay as they are."""
    contact_list = fetch(session, ContactList, list_id, KIND)
    problems = Problems()
    for contact_id in contact_ids:
        problems.add(check_reference(session, Contact, contact_id, "contact_ids", "contact"))
    problems.raise_if_any()
    present = {m.contact_id for m in contact_list.members}
    for contact_id in dict.fromkeys(contact_ids):
        if contact_id not in present:
            contact_list.members.append(ContactListMember(contact_id=contact_id))
    touch(contact_list)
    session.flush()
    return get_list(session, list_id)


def remove_members(session: Session, list_id: int, contact_ids: Sequence[int]) -> ContactListRow:
    """Take contacts off a list."""
    contact_list = fetch(session, ContactList, list_id, KIND)
    leaving = set(contact_ids)
    contact_list.members = [m for m in contact_list.members if m.contact_id not in leaving]
    touch(contact_list)
    session.flush()
    return get_list(session, list_id)


def delete_list(session: Session, list_id: int) -> None:
    """Delete a list; its contacts stay."""
    session.delete(fetch(session, ContactList, list_id, KIND))
    session.flush()


def get_list(session: Session, list_id: int) -> ContactListRow:
    """Return a list with its size."""
    contact_list = fetch(session, ContactList, list_id, KIND)
    size = session.scalar(select(func.count()).where(ContactListMember.list_id == list_id))
    return ContactListRow(
        contact_list.id,
        contact_list.name,
        contact_list.description,
        size or 0,
        contact_list.version,
    )


def list_lists(session: Session) -> list[ContactListRow]:
    """Return every list by name."""
    ids = session.scalars(select(ContactList.id).order_by(ContactList.name))
    return [get_list(session, i) for i in ids]


def member_ids(session: Session, list_id: int) -> list[int]:
    """Return the ids of a list's contacts."""
    fetch(session, ContactList, list_id, KIND)
    return list(
        session.scalars(
            select(ContactListMember.contact_id).where(ContactListMember.list_id == list_id)
        )
    )
