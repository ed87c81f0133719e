"""Edit → Find duplicates…: compare a pair side by side, keep one, and undo the merge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm.domain.drafts import ContactDraft, EmailDraft
from crm.domain.enums import RecordKind
from crm.ui.dialogs.duplicates import DuplicatesDialog
from crm.ui.dialogs.merges import MergesDialog
from tests.ui.conftest import OpenWindow


def test_keep_one_of_a_pair_then_undo_gives_both_back(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    copy = window.workspace.create(
        RecordKind.CONTACTS,
        ContactDraft(
            given_name="Joëlle",
            family_name="Milman",
            city="Washington",
            emails=(EmailDraft("joelle@allmep.org"), EmailDraft("jm@example.org")),
        ),
    ).row.id
    contacts.refresh(keep_place=False)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 7)

    window.duplicates_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, DuplicatesDialog)
    qtbot.waitUntil(lambda: dialog.pair_list.count() == 1)
    assert "same email joelle@allmep.org" in dialog.pair_list.item(0).text()
    left, right = dialog.panes
    assert "Joelle Milman" in left.toPlainText() and "Joëlle Milman" in right.toPlainText()
    assert "jm@example.org" in right.toPlainText() and "Washington" in right.toPlainText()

    qtbot.mouseClick(dialog.keep_buttons[0], Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    assert dialog.pair_list.count() == 0
    assert "Merged Joëlle Milman into Joelle Milman" in dialog.status.text()
    (joelle,) = window.workspace.find(RecordKind.CONTACTS, "milman")
    merged = window.workspace.detail(RecordKind.CONTACTS, joelle.id)
    assert {e.address for e in merged.emails} == {"joelle@allmep.org", "jm@example.org"}
    assert merged.row.city == "Washington"
    assert window.undo_action.text() == "&Undo merge Joëlle Milman into Joelle Milman"

    window.undo_action.trigger()

    qtbot.waitUntil(lambda: contacts.model.rowCount() == 7)
    back = window.workspace.detail(RecordKind.CONTACTS, copy)
    assert {e.address for e in back.emails} == {"joelle@allmep.org", "jm@example.org"}
    assert window.workspace.detail(RecordKind.CONTACTS, joelle.id).row.city is None
    dialog.kind_box.setCurrentText("Organizations")
    qtbot.waitUntil(lambda: "No likely duplicate organizations" in dialog.status.text())


def test_an_older_merge_is_undone_from_the_list_of_merges(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A merge made elsewhere (here: before this window opened) is undone from Edit → Merges…."""
    first = open_window()
    copy = first.workspace.create(
        RecordKind.CONTACTS,
        ContactDraft(
            given_name="Joëlle", family_name="Milman", emails=(EmailDraft("joelle@allmep.org"),)
        ),
    ).row.id
    (joelle,) = [r for r in first.workspace.find(RecordKind.CONTACTS, "milman") if r.id != copy]
    first.workspace.merge(RecordKind.CONTACTS, joelle.id, copy)
    first.close()

    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    window.merges_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, MergesDialog)
    assert dialog.table.rowCount() == 1 and not dialog.undo_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.undo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 7)
    undone = dialog.table.item(0, 5)
    assert undone is not None and undone.text() == "undone"
    assert not dialog.undo_button.isEnabled()
