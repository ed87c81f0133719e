"""Two desktops on one database: what one saves shows in the other without a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from crm.domain.drafts import ContactDraft
from crm.domain.editing import contact_draft
from crm.domain.enums import RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow

SHOWN_WITHIN_MS = 2000


@pytest.fixture
def two_windows(
    qtbot: QtBot, database_url: str, tmp_path: Path
) -> Iterator[tuple[MainWindow, MainWindow]]:
    """Two windows, each with its own connection to the same database (two clients)."""
    Workspace(open_database(database_url)).load_sample_records()
    windows = []
    for name in ("ana", "bo"):
        settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Workspace(open_database(database_url)), settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
    yield windows[0], windows[1]
    for window in windows:
        window.close()
        window.workspace.close()


def _names(window: MainWindow) -> list[str]:
    view = window.views[RecordKind.CONTACTS]
    return [view.model.index(row, 0).data() for row in range(view.model.rowCount())]


def test_an_edit_in_one_window_appears_in_the_other(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    """Ana renames a contact and adds one; Bo's table and detail pane show both in 2 s."""
    ana, bo = two_windows
    bo_contacts = bo.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: "Joelle Milman" in _names(bo))
    (joelle,) = bo.workspace.find(RecordKind.CONTACTS, "milman")
    bo_contacts.select_id(joelle.id)
    qtbot.waitUntil(lambda: "Milman" in bo.detail.toPlainText())

    detail = ana.workspace.detail(RecordKind.CONTACTS, joelle.id)
    renamed = replace(contact_draft(detail), family_name="Milman-Cohen")
    saved_at = time.monotonic()
    ana.workspace.update(RecordKind.CONTACTS, joelle.id, renamed, detail.row.version)
    ana.workspace.create(RecordKind.CONTACTS, ContactDraft(given_name="Noa", family_name="Levi"))

    qtbot.waitUntil(
        lambda: {"Joelle Milman-Cohen", "Noa Levi"} <= set(_names(bo)), timeout=SHOWN_WITHIN_MS
    )
    assert time.monotonic() - saved_at < SHOWN_WITHIN_MS / 1000
    qtbot.waitUntil(lambda: "Milman-Cohen" in bo.detail.toPlainText(), timeout=SHOWN_WITHIN_MS)
    assert "changes saved elsewhere" in bo.statusBar().currentMessage()

    # A deletion elsewhere takes the row away and empties the pane that showed it.
    ana.workspace.delete(RecordKind.CONTACTS, joelle.id, None)
    qtbot.waitUntil(lambda: "Joelle Milman-Cohen" not in _names(bo), timeout=SHOWN_WITHIN_MS)
    qtbot.waitUntil(lambda: "Milman" not in bo.detail.toPlainText(), timeout=SHOWN_WITHIN_MS)


def test_a_window_does_not_reload_for_its_own_saves(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    """Its own changes it showed already; only the other window is told."""
    ana, bo = two_windows
    ana.show_view(RecordKind.CONTACTS)
    bo.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: bool(_names(ana)) and bool(_names(bo)))
    ana.editor.changed.emit(RecordKind.CONTACTS, None)  # as after a save in Ana's window
    ana.workspace.create(RecordKind.CONTACTS, ContactDraft(given_name="Noa", family_name="Levi"))
    ana.editor.changed.emit(RecordKind.CONTACTS, None)
    qtbot.waitUntil(lambda: "Noa Levi" in _names(bo), timeout=SHOWN_WITHIN_MS)
    assert "Noa Levi" in _names(ana)
    assert ana.workspace.changed_elsewhere() == frozenset()
    assert "elsewhere" not in ana.statusBar().currentMessage()
