"""File → Back up the database…: a checked copy made on a worker while the window stays open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from crm.data.backup import check_backup
from crm.domain.enums import RecordKind
from tests.ui.conftest import OpenWindow


def test_the_menu_backs_up_the_open_database(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy holds what the window shows; the status bar says so; a bad place is explained."""
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() > 0)
    shown = window.workspace.counts()
    target = tmp_path / "monday.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    window.backup_action.trigger()

    qtbot.waitUntil(lambda: "Backed up" in window.statusBar().currentMessage(), timeout=10_000)
    assert str(target) in window.statusBar().currentMessage()
    facts = check_backup(target)
    assert (facts.contacts, facts.organizations, facts.events) == (
        shown["contacts"],
        shown["organizations"],
        shown["events"],
    )
    assert window.backup_action.isEnabled()

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "convene.sqlite3"), "")
    )
    window.backup_action.trigger()  # the database's own file
    qtbot.waitUntil(lambda: bool(warnings))
    assert "cannot be written over the database" in warnings[0]
    assert window.backup_action.isEnabled()
