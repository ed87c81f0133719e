"""The export dialog: scope from what is on show, a worker thread, cancel, remembered choices."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm.domain.enums import AttendanceRole, RecordKind
from crm.domain.exports import ExportOptions
from crm.domain.queries import ListQuery
from crm.services.exports.columns import MAIL_MERGE_COLUMNS
from crm.ui.dialogs.export import ExportDialog
from crm.ui.export_context import scope_of
from crm.ui.filters import filters_for
from tests.ui.conftest import OpenWindow


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))


def test_the_contacts_on_show_are_exported_off_the_gui_thread(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """Filtered by ALLMEP in the table, Ctrl+E exports those three, and says so."""
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    allmep = window.workspace.find(RecordKind.ORGANIZATIONS, "allmep")[0]
    contacts.set_filter_choice("organization_id", allmep.id)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 3)
    window.export_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.scope.currentData() == "view"
    target = tmp_path / "allmep.csv"
    qtbot.keyClicks(dialog.path, str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert "3 contacts written" in dialog.outcome.text()
    names = [row[1] for row in _rows(target)[1:]]
    assert sorted(names) == ["Lyndon", "Milman", "Sandouka"]


def test_an_events_speakers_in_one_dialog(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """With an event on show, the dialog offers its participants, narrowed by role."""
    window = open_window()
    events = window.show_view(RecordKind.EVENTS)
    events.select_id(window.workspace.find(RecordKind.EVENTS, "paris call")[0].id)
    dialog = window.export_contacts()
    assert dialog.scope.currentData() == "event"
    dialog.role.setCurrentIndex(dialog.role.findData(AttendanceRole.SPEAKER))
    dialog.set_columns(MAIL_MERGE_COLUMNS)
    target = tmp_path / "speakers.csv"
    dialog.path.setText(str(target))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert _rows(target) == [
        ["Salutation", "Full name", "Organization", "Title", "Email"],
        [
            "Nivine",
            "Nivine Sandouka",
            "Alliance for Middle East Peace (ALLMEP)",
            "Regional Director",
            "",
        ],
    ]
    dialog.reject()
    again = window.export_contacts()
    assert again.chosen_columns() == MAIL_MERGE_COLUMNS, "the choice of columns is remembered"


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    """Cancel stops the worker and nothing, not even a partial file, is left behind."""
    window = open_window()
    dialog = window.export_contacts()
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.path.setText(str(folder / "never.csv"))
    dialog.start_export(cancel_at_once=True)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.outcome.text(), timeout=10_000)
    assert list(folder.iterdir()) == []
    assert dialog.export_button.isEnabled()


def test_every_filter_above_the_contacts_exports_exactly_the_rows_on_show(
    open_window: OpenWindow, tmp_path: Path
) -> None:
    """'The contacts on show' is what each filter of the table shows, no more.

    The kind of organization and do-not-contact were dropped on the way to the export:
    the table showed the people at NGOs, or those who asked not to be contacted, and the
    export covered everyone.
    """
    window = open_window()
    workspace = window.workspace
    everyone = workspace.counts()["contacts"]
    for spec in filters_for(RecordKind.CONTACTS, workspace):
        choices = [value for _label, value in spec.choices()] if spec.choices else [True]
        for value in choices:
            query = ListQuery(filters=((spec.name, value),))
            shown = workspace.page(RecordKind.CONTACTS, query, 0, 1).total
            if shown not in (None, 0, everyone):
                break
        report = workspace.export_contacts(
            scope_of(query),
            ExportOptions(include_do_not_contact=True),
            str(tmp_path / f"{spec.name}.csv"),
        )
        assert report.in_scope == shown, (spec.name, value)
