"""Edit → Tags…: a typo'd tag merged into the right one, undone, and a tag deleted."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from crm.domain.drafts import ContactDraft
from crm.domain.enums import RecordKind
from crm.domain.records import TagChange
from crm.ui import commands
from crm.ui.dialogs.tags import TagsDialog
from crm.ui.main_window import MainWindow
from tests.ui.conftest import OpenWindow


def _tags_column(window: MainWindow) -> list[str]:
    view = window.show_view(RecordKind.CONTACTS)
    column = next(
        index
        for index in range(view.model.columnCount())
        if view.model.headerData(index, Qt.Orientation.Horizontal) == "Tags"
    )
    return [view.model.index(row, column).data() or "" for row in range(view.model.rowCount())]


def _open_tags(qtbot: QtBot, window: MainWindow) -> TagsDialog:
    """Edit → Tags…, once it has counted what carries each tag (on a worker)."""
    window.tags_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, TagsDialog)
    qtbot.waitUntil(lambda: dialog.loading is None)
    return dialog


def test_a_typo_merged_into_the_tag_it_meant_then_undone_and_a_tag_deleted(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contacts' table follows each change; Undo gives the typo back its own contact."""
    window = open_window()
    window.workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Ana", tags=("Pres",)))
    window.show_view(RecordKind.CONTACTS).reload()
    qtbot.waitUntil(lambda: "Pres" in _tags_column(window))

    dialog = _open_tags(qtbot, window)
    assert [row.name for row in dialog.rows] == [
        "civil society",
        "Pres",
        "press",
        "two-state solution",
    ], "alphabetical in any letter case"
    dialog.select("Pres")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "PRESS")
    assert dialog.rename_button.text() == "Merge into “press”"
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert not dialog.rename_button.isEnabled(), "no second click while it runs"
    qtbot.waitUntil(lambda: dialog.status.text() == "“Pres” merged into “press” (1 contact).")
    qtbot.waitUntil(lambda: dialog.loading is None)
    assert [row.name for row in dialog.rows] == ["civil society", "press", "two-state solution"]
    qtbot.waitUntil(lambda: "Pres" not in _tags_column(window))
    assert _tags_column(window).count("press") == 2

    dialog.close()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Pres" in _tags_column(window))
    assert _tags_column(window).count("press") == 1

    second = _open_tags(qtbot, window)
    questions: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    second.select("Pres")
    qtbot.mouseClick(second.delete_button, Qt.MouseButton.LeftButton)
    assert questions == ["Take “Pres” off 1 contact and delete it? Edit → Undo puts it back."]
    qtbot.waitUntil(
        lambda: (
            [row.name for row in second.rows] == ["civil society", "press", "two-state solution"]
        )
    )
    qtbot.waitUntil(lambda: "Pres" not in _tags_column(window))


def _merge_pres_into_press(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_tags(qtbot, window)
    dialog.select("Pres")
    dialog.name.setText("press")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text() == "“Pres” merged into “press” (1 contact).")
    dialog.close()


def _busy_dialog(window: MainWindow) -> QProgressDialog | None:
    shown = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    return shown[0] if shown else None


def test_undo_of_a_tag_on_thousands_of_records_runs_on_a_worker(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a million contacts a tag's undo took up to 3 s: it must not hold the window.

    The threshold is lowered so that one contact counts as thousands.
    """
    monkeypatch.setattr(commands, "SLOW_TAG_CHANGE", 0)
    window = open_window()
    window.workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Ana", tags=("Pres",)))
    window.show_view(RecordKind.CONTACTS).reload()
    _merge_pres_into_press(qtbot, window)
    qtbot.waitUntil(lambda: "Pres" not in _tags_column(window))

    window.undo_action.trigger()
    assert window.editor.slow_step is not None, "the undo runs on a worker"
    busy = _busy_dialog(window)
    assert busy is not None
    assert busy.isModal(), "no other change while the stack waits for the outcome"
    assert busy.labelText() == "Undo: merge the tag Pres into press…"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    qtbot.waitUntil(lambda: "Pres" in _tags_column(window))
    assert _busy_dialog(window) is None
    assert window.undo_stack.redoText() == "merge the tag Pres into press"

    window.redo_action.trigger()
    assert window.editor.slow_step is not None
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    qtbot.waitUntil(lambda: "Pres" not in _tags_column(window))
    assert window.undo_stack.undoText() == "merge the tag Pres into press"


def test_a_refused_undo_on_a_worker_says_why_and_leaves_the_stack_as_it_is(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another tag took the old name since: the merge stays, and its undo is dropped."""
    monkeypatch.setattr(commands, "SLOW_TAG_CHANGE", 0)
    window = open_window()
    window.workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Ana", tags=("Pres",)))
    window.show_view(RecordKind.CONTACTS).reload()
    _merge_pres_into_press(qtbot, window)
    commands_before = window.undo_stack.count()
    window.workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Bo", tags=("PRES",)))

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    box = window.editor.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "Could not undo merge the tag Pres into press."
    assert box.informativeText() == "the tag “PRES” has the name “Pres” now."
    assert window.undo_stack.count() == commands_before - 1, "the refused command is dropped"
    assert not window.undo_stack.canRedo(), "nothing left claiming it could be done again"
    assert _busy_dialog(window) is None
    assert "Pres" not in _tags_column(window)


def test_typing_while_a_change_runs_offers_no_second_one(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The buttons stay off until the running change has ended, whatever is typed."""
    window = open_window()
    window.workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Ana", tags=("Pres",)))
    release = threading.Event()
    rename = window.workspace.rename_tag

    def held(tag_id: int, name: str) -> TagChange | None:
        release.wait(10)
        return rename(tag_id, name)

    monkeypatch.setattr(window.workspace, "rename_tag", held)
    dialog = _open_tags(qtbot, window)
    dialog.select("Pres")
    dialog.name.setText("Press release")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None

    qtbot.keyClicks(dialog.name, "s")
    assert not dialog.rename_button.isEnabled()
    assert not dialog.delete_button.isEnabled()

    release.set()
    qtbot.waitUntil(lambda: dialog.job is None)
    qtbot.waitUntil(lambda: dialog.status.text() == "“Pres” is “Press release” now.")
