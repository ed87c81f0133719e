"""The window on a database the user may only read: it shows and exports, and says why not more."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.dialogs.tags import TagsDialog
from crm.ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


def test_a_read_only_role_gets_a_window_that_cannot_change_records(
    qtbot: QtBot, read_only_url: str, tmp_path: Path
) -> None:
    """Editing is off everywhere (menus, toolbar, double-click); export stays on."""
    workspace = Workspace(open_database(read_only_url))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    contacts = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 6)
    contacts.table.selectRow(0)
    qtbot.waitUntil(lambda: contacts.current_id() is not None)

    assert "read-only" in window.windowTitle()
    assert "not change records" in window.read_only_label.text()
    for action in (
        window.new_action,
        window.edit_action,
        window.delete_action,
        window.import_action,
        window.participants_action,
        window.add_to_list_action,
        window.save_search_action,
    ):
        assert not action.isEnabled(), action.text()
    assert window.export_action.isEnabled() and window.backup_action.isEnabled()
    window.tags_action.trigger()  # the tags and what carries them: shown, not changed
    tags = window.editor.active_dialog
    assert isinstance(tags, TagsDialog)
    qtbot.waitUntil(lambda: tags.loading is None)
    assert tags.rows
    tags.name.setText("anything else")
    assert not tags.rename_button.isEnabled() and not tags.delete_button.isEnabled()
    tags.close()

    # Dialogs an earlier test left open in this process are not this double-click's doing.
    shown_before = _visible_dialogs()
    contacts.activated.emit(contacts.current_id())  # a double-click
    assert _visible_dialogs() == shown_before, "a double-click opened an editor"
    assert contacts.model.index(0, 0).data() in window.detail.toPlainText()
    window.close()
    workspace.close()


def _visible_dialogs() -> set[QDialog]:
    return {w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()}
