"""Saved searches: kept from the contacts table, run again, exported, renamed, forgotten."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from tests.ui.conftest import OpenWindow


def test_a_saved_search_runs_again_exports_and_can_be_renamed_and_forgotten(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ALLMEP's people, saved as a search, come back after the filters are cleared."""
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    allmep = window.workspace.find(RecordKind.ORGANIZATIONS, "allmep")[0]
    contacts.set_filter_choice("organization_id", allmep.id)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 3)
    answers = iter([("ALLMEP people", True), ("ALLMEP staff", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(answers))
    window.save_search_action.trigger()
    contacts.set_filter_choice("organization_id", None)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)

    (saved,) = window.workspace.saved_searches()
    window.saved_searches.open(saved.id)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 3)
    names = window.saved_searches.menu.actions()
    assert [a.text() for a in names] == ["ALLMEP people"]

    dialog = window.export_contacts()
    dialog.scope.setCurrentIndex(dialog.scope.findData("saved"))
    dialog.path.setText(str(tmp_path / "saved.csv"))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report is not None and dialog.report.written == 3
    dialog.reject()

    window.saved_searches.rename(saved.id)
    assert [s.name for s in window.workspace.saved_searches()] == ["ALLMEP staff"]
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.saved_searches.delete(saved.id)
    assert window.workspace.saved_searches() == []
