"""File → Import document…: review the proposals beside the text, correct them, take them in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from crm.ui.dialogs.intake import IntakeDialog
from tests.ui.conftest import OpenWindow

GENEVA = Path(__file__).parents[1] / "intake" / "documents"
GENEVA = GENEVA / "geneva-dialogue-press-release-2026-03-05.txt"


def _row(dialog: IntakeDialog, label: str) -> int:
    return next(i for i, p in enumerate(dialog.proposals) if p.label == label)


def test_review_untick_rename_and_take_in(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    window.import_document(str(GENEVA))
    qtbot.waitUntil(lambda: isinstance(window.editor.active_dialog, IntakeDialog))
    dialog = window.editor.active_dialog
    assert isinstance(dialog, IntakeDialog)

    swiss = _row(dialog, "Government of Switzerland")  # on file since the seed
    box = dialog.table.cellWidget(swiss, 4)
    assert isinstance(box, QComboBox) and box.currentText().startswith("= Government of Switz")
    dialog.table.selectRow(_row(dialog, "Lena Marti"))
    (selection,) = dialog.text.extraSelections()
    highlighted = selection.cursor.selectedText()
    assert "Lena Marti" in highlighted, "the proposal's sentence is highlighted"

    wire = dialog.table.item(_row(dialog, "PR Newswire"), 0)
    assert wire is not None
    wire.setCheckState(Qt.CheckState.Unchecked)
    name = dialog.table.item(_row(dialog, "Lena Marti"), 2)
    assert name is not None
    name.setText("Lena Marti-Rossi")
    dialogue = _row(dialog, "Geneva Civil Society Dialogue on Regional Security")
    editor = dialog.edit_details(dialogue)
    assert editor is not None
    day = editor.edits["start_date"]
    assert day.text() == "2026-03-03", "On Tuesday, in a release of Thursday 5 March 2026"
    day.setText("3 March")
    editor.accept()
    assert editor.isVisible() and "is not a day" in editor.problem.text()
    day.setText("2026-03-04")
    editor.accept()
    assert not editor.isVisible()
    details = dialog.table.item(dialogue, 3)
    assert details is not None and details.text().startswith("2026-03-04")
    ticked = len(dialog.proposals) - 1
    assert dialog.take_in_button.text() == f"Take in {ticked} records"

    qtbot.mouseClick(dialog.take_in_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.editor.active_dialog is not dialog or not dialog.isVisible())
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 10)
    assert "Document taken in: created" in window.statusBar().currentMessage()
    (lena,) = window.workspace.find(RecordKind.CONTACTS, "Marti-Rossi")
    detail = window.workspace.detail(RecordKind.CONTACTS, lena.id)
    (citation,) = detail.citations
    assert "Lena Marti" in citation.quote
    assert citation.document_title.startswith("Geneva Civil Society Dialogue")
    assert window.workspace.find(RecordKind.ORGANIZATIONS, "Newswire") == []
    (event,) = window.workspace.find(RecordKind.EVENTS, "Geneva Civil Society Dialogue")
    assert window.workspace.detail(RecordKind.EVENTS, event.id).row.start_date == date(2026, 3, 4)
    governments = window.workspace.find(RecordKind.ORGANIZATIONS, "Government of Switzerland")
    assert len(governments) == 1, "linked, not made twice"
    swiss_detail = window.workspace.detail(RecordKind.ORGANIZATIONS, governments[0].id)
    assert any(c.document_title.startswith("Geneva") for c in swiss_detail.citations)
