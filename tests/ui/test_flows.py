"""The flows a user goes through all day, driven through the real window with qtbot."""

from __future__ import annotations

from functools import partial

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crm.domain.drafts import ContactDraft, ContactListDraft, EmailDraft, EventDraft
from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    CommitmentStatus,
    OrganizerRole,
    RecordKind,
)
from crm.domain.queries import ListQuery
from crm.ui.dialogs.conflict import ConflictDialog
from crm.ui.dialogs.contact import ContactDialog
from crm.ui.dialogs.lists import AddToListDialog
from crm.ui.dialogs.participants import AddParticipantsDialog, FollowUpDialog
from crm.ui.dialogs.records import CommitmentDialog, EventDialog
from crm.ui.main_window import MainWindow
from crm.ui.record_view import RecordView
from tests.ui.conftest import OpenWindow


def _names(view: RecordView) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def _shows(view: RecordView, expected: list[str]) -> bool:
    return _names(view) == expected


def _cell(dialog: ConflictDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return item.text() if item is not None else ""


def _type(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Type into a field as a user would.

    Arabic and Hebrew come through the input method as committed text (QTest cannot
    synthesise their key presses); Latin text is typed key by key.
    """
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        line.insert(text)


def _search(qtbot: QtBot, view: RecordView, text: str) -> None:
    view.search.clear()
    _type(qtbot, view.search, text)


def _select_first_two(view: RecordView) -> None:
    """Click the first row, then Ctrl+click the second."""
    view.table.selectRow(0)
    selection = view.table.selectionModel()
    selection.select(
        view.model.index(1, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )


def _press(qtbot: QtBot, window: MainWindow, widget: QWidget, key: Qt.Key) -> None:
    """Press a key in the window, as a user at the keyboard (shortcuts need it active)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.keyClick(widget, key)


def _dialog(window: MainWindow, kind: type) -> object:
    dialog = window.editor.active_dialog
    assert isinstance(dialog, kind), dialog
    return dialog


def _new_contact(window: MainWindow) -> ContactDialog:
    """Open the form of a new contact as the New action does from the contacts."""
    window.show_view(RecordKind.CONTACTS)
    window.new_action.trigger()
    dialog = _dialog(window, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    return dialog


def _edit_found(qtbot: QtBot, window: MainWindow, search: str, name: str) -> ContactDialog:
    """Search the contacts for the one called ``name`` and open its form with Edit."""
    view = window.show_view(RecordKind.CONTACTS)
    _search(qtbot, view, search)
    qtbot.waitUntil(lambda: _names(view) == [name])
    view.table.selectRow(0)
    window.edit_action.trigger()
    dialog = _dialog(window, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    return dialog


def test_find_a_contact_by_part_of_an_accented_arabic_or_hebrew_name(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Typing part of a name finds it whatever its accents or script."""
    window = open_window()
    for draft in (
        ContactDraft(given_name="Jürgen", family_name="Müller"),
        ContactDraft(native_name="محمد عباس", name_variants="Mohammed Abbas"),
        ContactDraft(given_name="Yosef", family_name="Cohen", native_name="יוסף כהן"),
    ):
        window.workspace.create(RecordKind.CONTACTS, draft)
    view = window.show_view(RecordKind.CONTACTS)
    for typed, expected in (
        ("mull", ["Jürgen Müller"]),
        ("محمد", ["محمد عباس"]),
        ("muhammad", ["محمد عباس"]),
        ("יוסף", ["Yosef Cohen"]),
        ("noel", ["Jean-Noël Barrot"]),
    ):
        _search(qtbot, view, typed)
        qtbot.waitUntil(partial(_shows, view, expected))
        if typed == "muhammad":
            alignment = view.model.data(view.model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
            assert alignment & int(Qt.AlignmentFlag.AlignRight), "Arabic names are aligned right"
    assert window.count_label.text() == "1 contact"


def test_text_too_long_to_store_is_shown_on_its_field(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A pasted title of 301 characters and a tag of 81 keep the form open, each explained."""
    window = open_window()
    dialog = _new_contact(window)
    qtbot.keyClicks(dialog.given_name, "Amira")
    dialog.job_title.setText("t" * 301)  # as a paste puts it there
    dialog.tags.setText("press, " + "p" * 81)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible(), "text too long keeps the dialog open"
    assert "at most 300 characters; this one has 301" in dialog.form.error_text("job_title")
    assert "at most 80 characters; this one has 81" in dialog.form.error_text("tags")

    dialog.job_title.setText("Editor")
    dialog.tags.setText("press")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    view = window.current_view
    qtbot.waitUntil(lambda: view.current_id() is not None)


def test_add_edit_validate_and_delete_a_contact_then_undo(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add a contact with two emails and a phone, fix a bad email, edit, delete, undo."""
    window = open_window()
    dialog = _new_contact(window)
    qtbot.keyClicks(dialog.given_name, "Amira")
    qtbot.keyClicks(dialog.family_name, "Haddad")
    _type(qtbot, dialog.native_name, "أميرة حداد")
    qtbot.mouseClick(dialog.emails.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.emails.add_button, Qt.MouseButton.LeftButton)
    first, second = dialog.emails.edits()
    qtbot.keyClicks(first, "amira@example.org")
    qtbot.keyClicks(second, "not-an-email")
    qtbot.mouseClick(dialog.phones.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.phones.edits()[0], "+33 1 42 92 81 00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible(), "a bad email keeps the dialog open"
    assert "not-an-email" in dialog.form.error_text("emails")
    assert "not a valid email" in dialog.form.error_text("emails")

    second.clear()
    qtbot.keyClicks(second, "amira.haddad@example.net")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    view = window.current_view
    qtbot.waitUntil(lambda: view.current_id() is not None)
    contact_id = view.current_id()
    assert contact_id is not None
    detail = window.workspace.detail(RecordKind.CONTACTS, contact_id)
    assert [e.address for e in detail.emails] == ["amira@example.org", "amira.haddad@example.net"]
    assert detail.phones[0].e164 == "+33142928100"
    assert "Amira Haddad" in window.detail.toPlainText()

    _press(qtbot, window, view.table, Qt.Key.Key_F2)
    editor = _dialog(window, ContactDialog)
    assert isinstance(editor, ContactDialog)
    qtbot.keyClicks(editor.job_title, "Programme officer")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert window.workspace.detail(RecordKind.CONTACTS, contact_id).row.job_title == (
        "Programme officer"
    )

    questions: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    view.select_id(contact_id)
    _press(qtbot, window, view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(questions))  # after counting what goes, on a worker
    assert "2 email addresses" in questions[0] and "1 phone number" in questions[0]
    qtbot.waitUntil(lambda: "Amira Haddad" not in _names(view))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Amira Haddad" in _names(view))
    restored = window.workspace.detail(RecordKind.CONTACTS, contact_id)
    assert restored.row.job_title == "Programme officer"
    assert len(restored.emails) == 2
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: "Amira Haddad" not in _names(view))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Amira Haddad" in _names(view))


def test_an_event_its_participants_a_bulk_change_a_commitment_and_reopening(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """The coordinator's day: an event, four participants, a status change, a commitment."""
    window = open_window()
    events = window.show_view(RecordKind.EVENTS)
    window.new_action.trigger()
    dialog = _dialog(window, EventDialog)
    assert isinstance(dialog, EventDialog)
    qtbot.keyClicks(dialog.name, "Jerusalem civil society forum")
    dialog.start_date.known.setChecked(True)
    qtbot.keyClicks(dialog.city, "Jerusalem")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    event_id = events.current_id()
    assert event_id is not None

    window.participants_action.trigger()
    adding = _dialog(window, AddParticipantsDialog)
    assert isinstance(adding, AddParticipantsDialog)
    for name in ("Joelle Milman", "John Lyndon", "Nivine Sandouka"):
        qtbot.keyClicks(adding.contacts.search, name.split()[1])
        qtbot.waitUntil(partial(adding.contacts.tick, name))
        adding.contacts.search.clear()
    qtbot.keyClicks(adding.organizations.search, "brazil")
    qtbot.waitUntil(lambda: adding.organizations.tick("Government of Brazil"))
    qtbot.mouseClick(adding.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not adding.isVisible())

    window.show_participants(event_id)
    participants = window.current_view
    qtbot.waitUntil(lambda: participants.model.rowCount() == 4)
    participants.table.selectAll()
    confirm = next(a for a in window.status_menu.actions() if a.text() == "Confirmed")
    confirm.trigger()
    qtbot.waitUntil(
        lambda: (
            {participants.model.row_at(r).status for r in range(participants.model.rowCount())}
            == {AttendanceStatus.CONFIRMED}
        )
    )
    window.undo_action.trigger()
    qtbot.waitUntil(
        lambda: (
            {participants.model.row_at(r).status for r in range(participants.model.rowCount())}
            == {AttendanceStatus.INVITED}
        )
    )
    window.redo_action.trigger()

    commitments = window.show_view(RecordKind.COMMITMENTS)
    window.new_action.trigger()
    pledge = _dialog(window, CommitmentDialog)
    assert isinstance(pledge, CommitmentDialog)
    qtbot.keyClicks(pledge.title, "Joint statement on civilian protection")
    qtbot.keyClicks(pledge.maker_organization.line, "allm")
    qtbot.waitUntil(
        lambda: pledge.maker_organization.choose_text("Alliance for Middle East Peace (ALLMEP)")
    )
    qtbot.keyClicks(pledge.event_picker.line, "jerusalem")
    qtbot.waitUntil(
        lambda: any(
            pledge.event_picker.choose_text(label) for label in list(pledge.event_picker._choices)
        )
    )
    qtbot.mouseClick(pledge.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pledge.isVisible())
    commitment_id = commitments.current_id()
    assert commitment_id is not None
    window.follow_up_action.trigger()
    follow_up = _dialog(window, FollowUpDialog)
    assert isinstance(follow_up, FollowUpDialog)
    follow_up.status.setCurrentIndex(follow_up.status.findData(CommitmentStatus.IN_PROGRESS))
    qtbot.keyClicks(follow_up.note, "Working group formed.")
    qtbot.mouseClick(follow_up.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not follow_up.isVisible())
    qtbot.waitUntil(lambda: "Working group formed." in window.detail.toPlainText())
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "Working group formed." not in window.detail.toPlainText())
    undone = window.workspace.detail(RecordKind.COMMITMENTS, commitment_id)
    assert (undone.row.status, undone.follow_ups) == (CommitmentStatus.MADE, ())
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: "Working group formed." in window.detail.toPlainText())
    window.close()

    again = open_window()
    detail = again.workspace.detail(RecordKind.COMMITMENTS, commitment_id)
    assert detail.row.status is CommitmentStatus.IN_PROGRESS
    assert detail.row.maker is not None and detail.row.maker.label.startswith("Alliance")
    assert detail.row.event is not None and detail.row.event.id == event_id
    again.show_participants(event_id)
    reopened = again.current_view
    qtbot.waitUntil(lambda: reopened.model.rowCount() == 4)
    assert {reopened.model.row_at(r).status for r in range(4)} == {AttendanceStatus.CONFIRMED}
    assert sorted(reopened.model.row_at(r).participant.label for r in range(4)) == [
        "Government of Brazil",
        "Joelle Milman",
        "John Lyndon",
        "Nivine Sandouka",
    ]
    assert again.current_kind is RecordKind.ATTENDANCES, "the view on show is remembered"


def test_a_save_over_someone_elses_change_shows_both_and_asks(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Nothing is silently overwritten: the user sees both versions and chooses."""
    window = open_window()
    dialog = _edit_found(qtbot, window, "lyndon", "John Lyndon")
    view = window.show_view(RecordKind.CONTACTS)
    contact_id = view.current_id()
    assert contact_id is not None
    theirs = window.workspace.detail(RecordKind.CONTACTS, contact_id)
    window.workspace.update(  # another user saves first
        RecordKind.CONTACTS,
        contact_id,
        ContactDraft(
            given_name="John",
            family_name="Lyndon",
            job_title="Director",
            emails=(EmailDraft("jl@example.org"),),
        ),
        theirs.row.version,
    )
    dialog.job_title.clear()
    qtbot.keyClicks(dialog.job_title, "Executive Director, ALLMEP")
    seen: list[list[str]] = []

    def answer() -> None:
        conflict = window.editor.active_dialog
        assert isinstance(conflict, ConflictDialog)
        seen.extend(
            [[_cell(conflict, r, c) for c in range(3)] for r in range(conflict.table.rowCount())]
        )
        conflict.overwrite_button.click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ["job title", "Executive Director, ALLMEP", "Director"] in seen
    saved = window.workspace.detail(RecordKind.CONTACTS, contact_id)
    assert saved.row.job_title == "Executive Director, ALLMEP"


def test_every_widget_a_user_acts_on_has_an_accessible_name(open_window: OpenWindow) -> None:
    """Screen readers can name every input, list and table of the window."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
    )

    window = open_window()
    unnamed = [
        widget
        for kind in (QLineEdit, QComboBox, QAbstractItemView)
        for widget in window.findChildren(kind)
        if widget.isVisibleTo(window)
        and not widget.accessibleName()
        and not isinstance(widget.parent(), QComboBox)
    ]
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and not (b.accessibleName() or b.text())
    ]
    assert unnamed == [] and buttons == []


def test_filters_narrow_the_table_and_enter_opens_the_record(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Choosing an organization, a tag or press-only narrows the list; Enter opens a record."""
    window = open_window()
    view = window.show_view(RecordKind.CONTACTS)
    view.set_filter_choice(
        "organization_id", window.workspace.find(RecordKind.ORGANIZATIONS, "allmep")[0].id
    )
    qtbot.waitUntil(partial(_shows, view, ["John Lyndon", "Joelle Milman", "Nivine Sandouka"]))
    view.set_filter_choice("press_only", True)
    qtbot.waitUntil(partial(_shows, view, ["Joelle Milman"]))
    assert window.count_label.text() == "1 contact"
    view.table.selectRow(0)
    _press(qtbot, window, view.table, Qt.Key.Key_Return)
    dialog = _dialog(window, ContactDialog)
    assert isinstance(dialog, ContactDialog) and dialog.family_name.text() == "Milman"
    dialog.reject()

    events = window.show_view(RecordKind.EVENTS)
    events.set_filter_choice("year", 2025)
    qtbot.waitUntil(lambda: events.model.rowCount() == 4)
    commitments = window.show_view(RecordKind.COMMITMENTS)
    commitments.set_filter_choice("status", "fulfilled")
    qtbot.waitUntil(
        partial(
            _shows, commitments, ["Put the Palestinian and Middle East issues on the G7 agenda"]
        )
    )


def test_contacts_go_on_a_list_and_the_list_filters_them(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Two selected contacts make a new press list; the list filters contacts; undo removes it."""
    window = open_window()
    contacts = window.show_view(RecordKind.CONTACTS)
    _search(qtbot, contacts, "allmep")
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 3)
    _select_first_two(contacts)
    window.add_to_list_action.trigger()
    dialog = _dialog(window, AddToListDialog)
    assert isinstance(dialog, AddToListDialog)
    qtbot.keyClicks(dialog.new_name, "Press, Paris 2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    lists = window.current_view
    assert lists.kind is RecordKind.LISTS
    qtbot.waitUntil(partial(_shows, lists, ["Press, Paris 2026"]))
    assert lists.model.row_at(0).size == 2
    assert "Members" in window.detail.toPlainText()

    contacts = window.show_view(RecordKind.CONTACTS)
    contacts.search.clear()
    contacts.set_filter_choice("list_id", lists.model.row_at(0).id)
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 2)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.workspace.find(RecordKind.LISTS, "") == [])


def test_every_dialog_names_its_inputs_for_screen_readers(open_window: OpenWindow) -> None:
    """Each new-record form, and the participants and list dialogs, name every input."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window = open_window()
    dialogs = []
    for kind in RecordKind:
        if kind is RecordKind.ATTENDANCES:
            continue
        window.editor.new_record(kind)
        dialogs.append(window.editor.active_dialog)
    window.editor.add_participants(window.workspace.find(RecordKind.EVENTS, "paris call")[0].id)
    dialogs.append(window.editor.active_dialog)
    for dialog in dialogs:
        assert dialog is not None
        inputs = [
            widget
            for kind in (QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QAbstractSpinBox)
            for widget in dialog.findChildren(kind)
            if widget.isVisibleTo(dialog)
            and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
        ]
        unnamed = [w for w in inputs if not w.accessibleName()]
        buttons = [
            b
            for b in dialog.findChildren(QAbstractButton)
            if b.isVisibleTo(dialog) and not (b.accessibleName() or b.text())
        ]
        assert inputs and unnamed == [] and buttons == [], (dialog.windowTitle(), unnamed)
        dialog.reject()


def test_an_events_organizers_are_edited_in_its_dialog(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A host organization and a patron person are added with their roles; one is removed."""
    window = open_window()
    events = window.show_view(RecordKind.EVENTS)
    window.new_action.trigger()
    dialog = _dialog(window, EventDialog)
    assert isinstance(dialog, EventDialog)
    qtbot.keyClicks(dialog.name, "Regional integration round table")
    host = dialog.organizers.add_row(None, None)
    qtbot.keyClicks(host.line, "peace forum")
    qtbot.waitUntil(partial(host.choose_text, "Paris Peace Forum"))
    patron = dialog.organizers.add_row(None, None)
    qtbot.keyClicks(patron.line, "macron")
    qtbot.waitUntil(partial(patron.choose_text, "Emmanuel Macron (person)"))
    dialog.organizers._rows[1][1].setCurrentIndex(
        dialog.organizers._rows[1][1].findData(OrganizerRole.PATRON)
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    event_id = events.current_id()
    assert event_id is not None
    detail = window.workspace.detail(RecordKind.EVENTS, event_id)
    assert [(o.party.label, o.role) for o in detail.organizers] == [
        ("Paris Peace Forum", OrganizerRole.HOST),
        ("Emmanuel Macron", OrganizerRole.PATRON),
    ]
    window.edit_current()
    edit = _dialog(window, EventDialog)
    assert isinstance(edit, EventDialog)
    qtbot.mouseClick(edit.organizers._rows[0][2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not edit.isVisible())
    detail = window.workspace.detail(RecordKind.EVENTS, event_id)
    assert [o.party.label for o in detail.organizers] == ["Emmanuel Macron"]


def test_a_commitments_endorsers_are_edited_in_its_dialog(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Endorsers, organizations and people alike, are added in the commitment's dialog."""
    window = open_window()
    commitments = window.show_view(RecordKind.COMMITMENTS)
    window.new_action.trigger()
    dialog = _dialog(window, CommitmentDialog)
    assert isinstance(dialog, CommitmentDialog)
    qtbot.keyClicks(dialog.title, "Support for the road map")
    first = dialog.endorsers.add_row(None, None)
    qtbot.keyClicks(first.line, "two-state")
    qtbot.waitUntil(partial(first.choose_text, "Two-State Coalition"))
    second = dialog.endorsers.add_row(None, None)
    qtbot.keyClicks(second.line, "sandouka")
    qtbot.waitUntil(partial(second.choose_text, "Nivine Sandouka (person)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    commitment_id = commitments.current_id()
    assert commitment_id is not None
    detail = window.workspace.detail(RecordKind.COMMITMENTS, commitment_id)
    assert [(e.kind, e.label) for e in detail.endorsers] == [
        ("organization", "Two-State Coalition"),
        ("contact", "Nivine Sandouka"),
    ]


def test_people_already_on_an_events_list_cannot_be_added_twice(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """The add-participants dialog marks who is on the list already and will not tick them."""
    window = open_window()
    event = window.workspace.find(RecordKind.EVENTS, "paris call")[0]
    window.editor.add_participants(event.id)
    dialog = _dialog(window, AddParticipantsDialog)
    assert isinstance(dialog, AddParticipantsDialog)
    qtbot.keyClicks(dialog.contacts.search, "lyndon")
    qtbot.waitUntil(lambda: dialog.contacts.list.count() == 1)
    item = dialog.contacts.list.item(0)
    assert item.text() == "John Lyndon — already on the event"
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not dialog.contacts.tick("John Lyndon")
    dialog.reject()


def test_everyone_on_a_list_is_added_to_an_event_but_those_already_there(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A list of three speakers, one already invited: the list adds the two others."""
    window = open_window()
    workspace = window.workspace
    event = workspace.create(RecordKind.EVENTS, EventDraft("Speakers' dinner")).row
    speakers = [
        workspace.find(RecordKind.CONTACTS, name)[0].id for name in ("lyndon", "milman", "sandouka")
    ]
    workspace.add_participants(
        event.id, speakers[:1], (), AttendanceRole.SPEAKER, AttendanceStatus.CONFIRMED
    )
    workspace.create(RecordKind.LISTS, ContactListDraft("Speakers", None, tuple(speakers)))

    def on_the_event() -> list[str]:
        query = ListQuery(filters=(("event_id", event.id),))
        rows = workspace.page(RecordKind.ATTENDANCES, query, 0, 1000).rows
        return sorted(row.participant.label for row in rows)

    assert on_the_event() == ["John Lyndon"]
    window.editor.add_participants(event.id)
    dialog = _dialog(window, AddParticipantsDialog)
    assert isinstance(dialog, AddParticipantsDialog)
    dialog.contact_list.setCurrentIndex(dialog.contact_list.findText("Speakers"))
    assert dialog.list_note.text() == "adds 2 contacts (1 already on the event)"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert on_the_event() == ["Joelle Milman", "John Lyndon", "Nivine Sandouka"]
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: on_the_event() == ["John Lyndon"])


def test_a_tag_holding_a_comma_survives_an_edit_of_something_else(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A tag "Paris, 2026" is shown between semicolons, and a save of the title keeps it."""
    window = open_window()
    created = window.workspace.create(
        RecordKind.CONTACTS,
        ContactDraft(given_name="Amira", family_name="Quatremer", tags=("press", "Paris, 2026")),
    )
    dialog = _edit_found(qtbot, window, "quatremer", "Amira Quatremer")
    assert sorted(dialog.tags.text().split("; ")) == ["Paris, 2026", "press"]
    qtbot.keyClicks(dialog.job_title, "Editor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = window.workspace.detail(RecordKind.CONTACTS, created.row.id)
    assert saved.row.job_title == "Editor"
    assert sorted(saved.row.tags) == ["Paris, 2026", "press"]

    window.new_action.trigger()
    typed = _dialog(window, ContactDialog)
    assert isinstance(typed, ContactDialog)
    qtbot.keyClicks(typed.given_name, "Bo")
    qtbot.keyClicks(typed.tags, "press, partner")
    assert typed.build_draft().tags == ("press", "partner")
    typed.reject()


def test_participants_checked_in_at_the_door_then_undone(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Ctrl+K marks the selected participants attended, noting the time; Ctrl+Z undoes it."""
    window = open_window()
    conference = window.workspace.find(RecordKind.EVENTS, "two peoples two states")[0]
    window.show_participants(conference.id)
    view = window.current_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 2)
    chosen = view.model.ids_at([0, 1])
    before = [window.workspace.detail(RecordKind.ATTENDANCES, i) for i in chosen]
    _select_first_two(view)

    window.check_in_action.trigger()

    after = [window.workspace.detail(RecordKind.ATTENDANCES, i) for i in chosen]
    assert all(a.status is AttendanceStatus.ATTENDED for a in after)
    assert all(a.checked_in_at is not None for a in after)
    assert window.undo_stack.undoText() == "check in 2 participants"
    window.undo_action.trigger()
    again = [window.workspace.detail(RecordKind.ATTENDANCES, i) for i in chosen]
    assert [(a.status, a.checked_in_at) for a in again] == [
        (b.status, b.checked_in_at) for b in before
    ]
