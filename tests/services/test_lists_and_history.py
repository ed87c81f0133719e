"""Contact lists and the change history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event, select

from crm.data.models import Contact
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, ContactListDraft, EmailDraft
from crm.domain.enums import ChangeAction
from crm.domain.errors import IntegrityViolationError, ValidationError
from crm.domain.records import ContactDetail
from crm.services import contacts, generate, history, lists


def test_a_press_list_grows_shrinks_and_is_renamed(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """Members come and go; the contact shows which lists it is on."""
    a = make_contact(given_name="A")
    b = make_contact(given_name="B")
    with db.unit_of_work() as session:
        created = lists.create_list(
            session, ContactListDraft("Press, Paris 2026", None, (a.row.id,))
        )
    with db.unit_of_work() as session:
        lists.add_members(session, created.row.id, [a.row.id, b.row.id])
        renamed = lists.rename_list(session, created.row.id, "Press list")
    assert (renamed.row.name, renamed.row.size) == ("Press list", 2)
    with db.unit_of_work() as session:
        assert [r.label for r in contacts.get_contact(session, b.row.id).lists] == ["Press list"]
        lists.remove_members(session, created.row.id, [a.row.id])
    with db.unit_of_work() as session:
        assert lists.member_ids(session, created.row.id) == [b.row.id]
        lists.delete_list(session, created.row.id)
    with db.unit_of_work() as session:
        assert lists.list_lists(session) == []
        assert contacts.list_contacts(session).total == 2, "contacts outlive their list"


def test_two_lists_cannot_share_a_name(db: Database) -> None:
    """The database refuses a second list of the same name with a plain message."""
    with db.unit_of_work() as session:
        lists.create_list(session, ContactListDraft("Delegates"))
    with pytest.raises(IntegrityViolationError, match="exists already"), db.unit_of_work() as s:
        lists.create_list(s, ContactListDraft("Delegates"))


def test_history_tells_who_changed_what(db: Database) -> None:
    """Creating, editing and deleting a contact each leave an entry with old and new values."""
    with db.unit_of_work() as session:
        created = contacts.create_contact(
            session, ContactDraft(given_name="Nivine", emails=(EmailDraft("n@example.org"),))
        )
    with db.unit_of_work() as session:
        contacts.update_contact(
            session,
            created.row.id,
            ContactDraft(
                given_name="Nivine", family_name="Sandouka", emails=(EmailDraft("n@example.org"),)
            ),
            created.row.version,
        )
    with db.unit_of_work() as session:
        contacts.delete_contact(session, created.row.id)
    with db.unit_of_work() as session:
        entries = history.history_of(session, "contacts", created.row.id)
        email_entries = history.history_of(session, "contact_emails", 1)
    assert [e.action for e in entries] == [
        ChangeAction.CREATED,
        ChangeAction.UPDATED,
        ChangeAction.DELETED,
    ]
    assert {e.actor for e in entries} == {"tester"}
    assert entries[1].fields == {"family_name": [None, "Sandouka"]}
    assert entries[0].fields["given_name"] == [None, "Nivine"]
    assert email_entries[0].summary == "n@example.org"


def test_saved_searches_keep_their_filters(db: Database) -> None:
    """A saved search keeps words and filters, renames, and goes; a blank name is refused."""
    from crm.domain.errors import ValidationError
    from crm.domain.queries import ListQuery
    from crm.services import saved_searches

    query = ListQuery(search="allmep", filters=(("press_only", True), ("organization_id", 3)))
    with db.unit_of_work() as session:
        saved = saved_searches.save_search(session, "Press at ALLMEP", query)
    with db.unit_of_work() as session:
        (again,) = saved_searches.saved_searches(session)
        assert again.query == query and again.name == "Press at ALLMEP"
        saved_searches.rename_search(session, saved.id, "ALLMEP press")
    with pytest.raises(ValidationError, match="name"), db.unit_of_work() as session:
        saved_searches.save_search(session, "  ", query)
    with db.unit_of_work() as session:
        saved_searches.delete_search(session, saved.id)
        assert saved_searches.saved_searches(session) == []


def test_a_list_of_twelve_hundred_checks_its_members_a_few_hundred_at_a_time(
    db: Database,
) -> None:
    """Every member is checked (three batches), and each unknown id is named once."""
    with db.unit_of_work() as session:
        generate.generate(session, contacts=1200, seed=2)
        everyone = list(session.scalars(select(Contact.id).order_by(Contact.id)))
    assert len(everyone) == 1200
    missing = max(everyone) + 1
    with pytest.raises(ValidationError) as refused, db.unit_of_work() as session:
        lists.create_list(
            session, ContactListDraft("Everyone", None, (*everyone, missing, missing, 2**40))
        )
    assert [p.message for p in refused.value.problems] == [
        f"No contact with id {missing} exists.",
        f"No contact with id {2**40} exists.",
    ]
    with db.unit_of_work() as session:
        made = lists.create_list(session, ContactListDraft("Everyone", None, tuple(everyone)))
    assert made.row.size == 1200


def test_a_long_list_changes_its_members_in_a_few_statements_each_keeping_its_date(
    db: Database,
) -> None:
    """400 leave and 400 join a list of 800: those who stay keep their place before them.

    Written as member objects, a list of 20,000 press contacts took 0.7 s to write and as
    long again to read back.
    """
    with db.unit_of_work() as session:
        generate.generate(session, contacts=1200, seed=2)
        everyone = list(session.scalars(select(Contact.id).order_by(Contact.id)))
    with db.unit_of_work() as session:
        made = lists.create_list(
            session, ContactListDraft("Delegates", None, tuple(everyone[:800]))
        )
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    with db.unit_of_work() as session:
        changed = lists.update_list(
            session,
            made.row.id,
            ContactListDraft("Delegates", None, tuple(reversed(everyone[400:]))),
            made.row.version,
        )

    assert [m.id for m in changed.members] == everyone[400:], "stayers first, then by id"
    assert changed.row.size == 800 and changed.row.version == made.row.version + 1
    assert len(statements) < 40, f"{len(statements)} statements: one per member?"
    with db.unit_of_work() as session:
        assert lists.member_ids(session, made.row.id)[:400] == everyone[400:800]
