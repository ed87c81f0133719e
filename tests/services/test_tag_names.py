"""A tag is one tag in any letter case: "press" typed or imported is the "Press" already there."""

from __future__ import annotations

from collections.abc import Callable

from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft
from crm.domain.imports import ImportOptions
from crm.domain.records import ContactDetail
from crm.services import contacts, tags
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts

MakeContact = Callable[..., ContactDetail]


def test_a_tag_typed_in_another_case_is_the_one_already_there(
    db: Database, make_contact: MakeContact
) -> None:
    """The existing spelling is kept; repeats in one save count once."""
    make_contact(given_name="Amira", tags=("Press",))
    yosef = make_contact(given_name="Yosef", tags=("press", " PRESS ", "Paris", "paris"))
    assert set(yosef.row.tags) == {"Paris", "Press"}
    with db.unit_of_work() as session:
        assert tags.tag_names(session) == ["Paris", "Press"]
        found = contacts.list_contacts(session, tag="Press")
    assert found.total == 2


def test_an_import_files_its_tags_under_the_ones_already_there(
    db: Database, make_contact: MakeContact
) -> None:
    """Google's "PRESS" and a new tag in two spellings: one tag each, nothing doubled."""
    make_contact(given_name="Amira", tags=("Press",))
    data = (
        "Given Name,Family Name,Group Membership\r\n"
        "Ana,Lima,* myContacts ::: PRESS ::: Geneva\r\n"
        "Bo,Chen,press ::: geneva\r\n"
    ).encode()
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(data), ImportOptions())
    assert result.created == 2
    with db.unit_of_work() as session:
        assert tags.tag_names(session) == ["Geneva", "Press"]
        assert contacts.list_contacts(session, tag="Press").total == 3
        assert contacts.list_contacts(session, tag="Geneva").total == 2
