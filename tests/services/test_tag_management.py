"""Renaming, merging and deleting tags, each undone, with every record's tags following."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crm.data.unit_of_work import Database
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError, NotFoundError, ValidationError
from crm.domain.records import ContactDetail, TagRow
from crm.services import contacts, organizations, tags
from crm.services.workspace import Workspace

MakeContact = Callable[..., ContactDetail]


def _rows(workspace: Workspace) -> dict[str, tuple[int, int, int]]:
    return {row.name: (row.contacts, row.organizations, row.events) for row in workspace.tags()}


def _tags_of(db: Database, contact_id: int) -> tuple[str, ...]:
    with db.unit_of_work() as session:
        return contacts.get_contact(session, contact_id).row.tags


def _tag(workspace: Workspace, name: str) -> TagRow:
    return next(row for row in workspace.tags() if row.name == name)


@pytest.fixture
def tagged(
    db: Database,
    make_contact: MakeContact,
    make_organization: Callable[..., Any],
    make_event: Callable[..., Any],
) -> dict[str, int]:
    """Two contacts, an organization and an event carrying "Partnr", "Partner" and "Press"."""
    amira = make_contact(given_name="Amira", tags=("Partnr", "Press"))
    yosef = make_contact(given_name="Yosef", tags=("Partnr", "Partner"))
    un = make_organization(name="United Nations", tags=("Partnr",))
    forum = make_event(name="Geneva forum", tags=("Partner",))
    return {
        "amira": amira.row.id,
        "yosef": yosef.row.id,
        "un": un.row.id,
        "forum": forum.row.id,
    }


def test_every_tag_with_the_records_carrying_it(db: Database, tagged: dict[str, int]) -> None:
    """The tags, alphabetically, with their contacts, organizations and events counted."""
    assert _rows(Workspace(db)) == {
        "Partner": (1, 0, 1),
        "Partnr": (2, 1, 0),
        "Press": (1, 0, 0),
    }


def test_a_rename_shows_on_every_record_and_is_undone(db: Database, tagged: dict[str, int]) -> None:
    """Renamed, the tag is the one the contacts' table, filters and exports show; undo too."""
    workspace = Workspace(db)
    change = workspace.rename_tag(_tag(workspace, "Press").id, " Journalists ")
    assert change is not None
    assert _tags_of(db, tagged["amira"]) == ("Journalists", "Partnr")
    with db.unit_of_work() as session:
        found = contacts.list_contacts(session, tag="journalists")
        assert [row.id for row in found.rows] == [tagged["amira"]]
    workspace.undo_tag_change(change)
    assert _tags_of(db, tagged["amira"]) == ("Partnr", "Press")


def test_a_name_of_another_tag_merges_the_two_and_undo_parts_them(
    db: Database, tagged: dict[str, int]
) -> None:
    """Renamed "partner", "Partnr" is the "Partner" tag: its records carry that one, once."""
    workspace = Workspace(db)
    change = workspace.rename_tag(_tag(workspace, "Partnr").id, "partner")
    assert change is not None and change.new_name == "Partner"
    assert _rows(workspace) == {"Partner": (2, 1, 1), "Press": (1, 0, 0)}
    assert _tags_of(db, tagged["yosef"]) == ("Partner",)
    with db.unit_of_work() as session:
        un = organizations.get_organization(session, tagged["un"])
    assert un.row.tags == ("Partner",)

    workspace.undo_tag_change(change)
    assert _rows(workspace) == {"Partner": (1, 0, 1), "Partnr": (2, 1, 0), "Press": (1, 0, 0)}
    assert _tags_of(db, tagged["amira"]) == ("Partnr", "Press")
    assert _tags_of(db, tagged["yosef"]) == ("Partner", "Partnr")


def test_a_deleted_tag_leaves_every_record_and_undo_brings_it_back(
    db: Database, tagged: dict[str, int]
) -> None:
    """Deleted, no record carries it; undone, the same records carry it under the same id."""
    workspace = Workspace(db)
    partnr = _tag(workspace, "Partnr")
    change = workspace.delete_tag(partnr.id)
    assert "Partnr" not in _rows(workspace)
    assert _tags_of(db, tagged["amira"]) == ("Press",)
    workspace.undo_tag_change(change)
    assert _tag(workspace, "Partnr") == partnr
    assert _tags_of(db, tagged["yosef"]) == ("Partner", "Partnr")


def test_a_name_no_tag_can_have_is_refused(db: Database, tagged: dict[str, int]) -> None:
    """Blank, too long or with a control character: refused by field, nothing changed."""
    workspace = Workspace(db)
    press = _tag(workspace, "Press").id
    for name in ("  ", "x" * 81, "press\tclub"):
        with pytest.raises(ValidationError):
            workspace.rename_tag(press, name)
    assert workspace.rename_tag(press, "Press") is None
    assert "Press" in _rows(workspace)
    with pytest.raises(NotFoundError):
        workspace.rename_tag(10**6, "Anything")


def test_undo_refuses_to_take_a_name_given_to_another_tag_since(
    db: Database, tagged: dict[str, int], make_contact: MakeContact
) -> None:
    """Deleted, then the name made again by a save: undo says so instead of doubling it."""
    workspace = Workspace(db)
    change = workspace.delete_tag(_tag(workspace, "Press").id)
    make_contact(given_name="Ana", tags=("press",))
    with pytest.raises(DomainError, match="press"):
        workspace.undo_tag_change(change)
    with db.unit_of_work() as session:
        assert tags.tag_names(session) == ["Partner", "Partnr", "press"]


def test_undo_leaves_out_a_record_deleted_since(db: Database, tagged: dict[str, int]) -> None:
    """A merge undone after one of its contacts was deleted: the others carry the tag again."""
    workspace = Workspace(db)
    change = workspace.rename_tag(_tag(workspace, "Partnr").id, "Partner")
    assert change is not None
    workspace.delete(RecordKind.CONTACTS, tagged["amira"], None)
    workspace.undo_tag_change(change)
    assert _rows(workspace) == {"Partner": (1, 0, 1), "Partnr": (1, 1, 0), "Press": (0, 0, 0)}
    assert _tags_of(db, tagged["yosef"]) == ("Partner", "Partnr")
