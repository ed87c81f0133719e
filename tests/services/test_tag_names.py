"""Tags: one tag in any letter case, and the same tags after an export read back."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from crm.data.unit_of_work import Database
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.imports import ImportOptions
from crm.domain.records import ContactDetail
from crm.services import contacts, tags
from crm.services.exports.run import export
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.imports.vcard_reader import read_vcards

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
        b"Given Name,Family Name,Group Membership\r\n"
        b"Ana,Lima,* myContacts ::: PRESS ::: Geneva\r\n"
        b"Bo,Chen,press ::: geneva\r\n"
    )
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(data), ImportOptions())
    assert result.created == 2
    with db.unit_of_work() as session:
        assert tags.tag_names(session) == ["Geneva", "Press"]
        assert contacts.list_contacts(session, tag="Press").total == 3
        assert contacts.list_contacts(session, tag="Geneva").total == 2


def test_a_filter_or_an_export_by_tag_takes_it_in_any_letter_case(
    db: Database, make_contact: MakeContact
) -> None:
    """`convene export --tag press` and a saved search for "press" find the "Press" contacts."""
    make_contact(given_name="Amira", tags=("Press",))
    make_contact(given_name="Yosef", tags=("Partner",))
    with db.unit_of_work() as session:
        assert [r.display_name for r in contacts.list_contacts(session, tag=" PRESS").rows] == [
            "Amira Sandouka"
        ]
        assert contacts.list_contacts(session, tag="no such tag").total == 0
        out = io.BytesIO()
        report = export(session, ContactScope(tag="press"), ExportOptions(), out)
    assert report.written == 1
    assert b"Amira" in out.getvalue() and b"Yosef" not in out.getvalue()


@pytest.mark.parametrize("export_format", [ExportFormat.CSV, ExportFormat.VCARD])
def test_tags_come_back_from_an_export_as_they_went(
    db: Database, make_contact: MakeContact, export_format: ExportFormat
) -> None:
    """A CSV export's tags, one holding a comma, are read back as three tags, not one."""
    make_contact(given_name="Ana", family_name="Lima", tags=("press", "partner", "Paris, 2026"))
    out = io.BytesIO()
    with db.unit_of_work() as session:
        export(session, ContactScope(), ExportOptions(format=export_format), out)
    data = out.getvalue()
    read = read_csv(data) if export_format is ExportFormat.CSV else read_vcards(data)
    assert sorted(read.contacts[0].tags) == ["Paris, 2026", "partner", "press"]


def test_outlook_categories_between_semicolons_are_separate_tags() -> None:
    """Outlook's Categories cell holds "Business;Press"."""
    read = read_csv(b"First Name,Last Name,Categories\r\nAna,Lima,Business;Press\r\n")
    assert read.contacts[0].tags == ("Business", "Press")
