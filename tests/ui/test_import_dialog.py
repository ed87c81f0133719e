"""The import wizard: columns mapped, duplicates decided row by row, cancel keeps nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from crm.domain.imports import DuplicateAction
from crm.domain.queries import ListQuery
from crm.ui.dialogs.import_contacts import ImportDialog
from tests.ui.conftest import OpenWindow

SHEET = (
    "First Name,Last Name,E-mail Address,Company,Job Title\r\n"
    "Joelle,Milman,joelle@allmep.org,ALLMEP,Head of press\r\n"
    "Rana,Khalil,rana@example.org,ALLMEP,Programme officer\r\n"
)


def _count(window: object) -> int:
    return int(window.workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 1).total)  # type: ignore[attr-defined]


def test_preview_then_import_with_a_merge_decided_in_the_dialog(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """Outlook headers are recognised; Joelle is found and merged; Rana is created."""
    window = open_window()
    before = _count(window)
    sheet = tmp_path / "outlook.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    dialog = window.import_contacts()
    assert isinstance(dialog, ImportDialog)
    qtbot.keyClicks(dialog.path, str(sheet))
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_mapping()["E-mail Address"] == "email", "recognised, no mapping needed"
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.duplicates.rowCount() == 1
    first = dialog.duplicates.item(0, 0)
    assert first is not None and "Joelle Milman" in first.text()
    assert _count(window) == before, "a preview writes nothing"
    dialog.decide(0, DuplicateAction.MERGE)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert dialog.imported is not None
    assert (dialog.imported.created, dialog.imported.merged) == (1, 1)
    assert _count(window) == before + 1
    joelle = window.workspace.find(RecordKind.CONTACTS, "joelle")[0]
    assert window.workspace.detail(RecordKind.CONTACTS, joelle.id).row.job_title == (
        "Press contact"
    ), "a merge keeps what was known and adds what was missing"
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.total == before + 1)


def test_unknown_columns_are_mapped_by_hand(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """A French sheet's columns are chosen in the dialog."""
    window = open_window()
    sheet = tmp_path / "francais.csv"
    sheet.write_text("Prénom;Nom;Courriel\r\nAnaïs;Lefèvre;anais@example.fr\r\n", encoding="utf-8")
    dialog = window.import_contacts()
    dialog.path.setText(str(sheet))
    dialog.read_file()
    dialog.set_field("Prénom", "given_name")
    dialog.set_field("Nom", "family_name")
    dialog.set_field("Courriel", "email")
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert dialog.imported is not None and dialog.imported.created == 1
    assert window.workspace.find(RecordKind.CONTACTS, "lefevre")[0].label == "Anaïs Lefèvre"


def test_a_cancelled_import_keeps_nothing(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """Cancel rolls the whole import back."""
    window = open_window()
    before = _count(window)
    sheet = tmp_path / "outlook.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    dialog = window.import_contacts()
    dialog.path.setText(str(sheet))
    dialog.read_file()
    dialog.run_import(cancel_at_once=True)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.summary.text(), timeout=10_000)
    assert _count(window) == before and dialog.imported is None
