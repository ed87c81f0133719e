"""Contacts → Everything held about this person… and Erase this person…, from the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from tests.ui.conftest import OpenWindow


def test_report_then_erase_the_current_contact(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report holds the person; after erasure the table and search no longer do."""
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    (sergio,) = window.workspace.find(RecordKind.CONTACTS, "bassoli")
    contacts.select_id(sergio.id)
    qtbot.waitUntil(lambda: window.privacy.erase_action.isEnabled())

    report = tmp_path / "sergio.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    window.privacy.report_action.trigger()
    held = json.loads(report.read_text(encoding="utf-8"))
    assert held["person"]["family_name"] == "Bassoli" and held["cited_in"]
    assert "written to" in window.statusBar().currentMessage()

    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return (
            QMessageBox.StandardButton.Cancel if len(asked) == 1 else QMessageBox.StandardButton.Yes
        )

    monkeypatch.setattr(QMessageBox, "warning", answer)
    window.privacy.erase_action.trigger()  # cancelled: nothing happens
    assert contacts.model.rowCount() == 6
    window.privacy.erase_action.trigger()
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 5)
    assert "cannot be undone" in asked[0]
    assert "Sergio Bassoli was erased." in window.statusBar().currentMessage()
    assert window.workspace.find(RecordKind.CONTACTS, "bassoli") == []
