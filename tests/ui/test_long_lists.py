"""A long contacts table: its whole order arrives in the background, and jumps use it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from crm.domain.drafts import ContactListDraft, EventDraft
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.domain.queries import ListQuery
from crm.domain.records import ContactRow, DeletionEffects
from crm.services import generate
from crm.services.opening import open_database
from crm.services.paging import Progress
from crm.services.workspace import DeletedRecords
from crm.ui import detail_html, editing, filters
from crm.ui.dialogs import participants
from crm.ui.dialogs.conflict import ConflictDialog
from crm.ui.dialogs.lists import AddToListDialog, ListDialog
from crm.ui.dialogs.participants import AddParticipantsDialog
from crm.ui.main_window import MainWindow
from crm.ui.record_view import RecordView
from tests.ui.conftest import OpenWindow

CONTACTS = 1_200


@pytest.fixture
def database_file(tmp_path: Path) -> str:
    """A SQLite file holding 1,200 generated contacts: longer than a few blocks."""
    url = f"sqlite:///{tmp_path / 'long.sqlite3'}"
    database = open_database(url, seed_when_new=False)
    with database.unit_of_work() as session:
        generate.generate(session, contacts=CONTACTS, seed=3)
    database.dispose()
    return url


def _names_at(view: RecordView, rows: list[int]) -> list[str]:
    return [str(view.model.index(row, 0).data()) for row in rows]


def _expected_names(window: MainWindow, view: RecordView, rows: list[int]) -> list[str]:
    """The names the services put at these rows, page by page from the start."""
    workspace = window.workspace
    return [
        workspace.page(view.kind, view.query, row, 1, count=False).rows[0].display_name
        for row in rows
    ]


def _in_order(qtbot: QtBot, open_window: OpenWindow) -> tuple[MainWindow, RecordView]:
    """Open the window on the contacts and wait for the list's whole order to come in."""
    window = open_window()
    view = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(view.model.has_order)
    return window, view


def test_jumps_in_a_long_list_show_the_rows_paging_would(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Once the order is in, any row shows what the list holds there, searched or sorted."""
    window, view = _in_order(qtbot, open_window)
    assert view.model.rowCount() == CONTACTS
    rows = [CONTACTS - 1, 777, 0, 401]
    assert _names_at(view, rows) == _expected_names(window, view, rows)

    view.table.sortByColumn(
        view.model.columns.index(_column(view, "country")), Qt.SortOrder.DescendingOrder
    )
    assert not view.model.has_order(), "the order of the old sort is dropped at once"
    qtbot.waitUntil(view.model.has_order)
    assert _names_at(view, rows) == _expected_names(window, view, rows)

    view.search.setText("a")
    view.flush_search()
    total = view.model.rowCount()
    assert 2 * 100 < total < CONTACTS
    qtbot.waitUntil(view.model.has_order)
    rows = [total - 1, total // 2]
    view.table.scrollTo(view.model.index(total - 1, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    assert _names_at(view, rows) == _expected_names(window, view, rows)


def _column(view: RecordView, key: str) -> object:
    return next(c for c in view.model.columns if c.sort_key == key)


def test_a_search_is_put_in_order_at_once_from_where_each_contact_stands(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """With the whole list's order in, a search's matches are ordered without a query.

    The rows, their order and the count are the ones the services give, page by page.
    """
    window = open_window()
    view = window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: view._order.ranks is not None)
    for text in ("a", "mu", "lef", "zzzz"):
        view.search.setText(text)
        view.flush_search()
        assert view.model.has_order(), text
        total = view.model.rowCount()
        assert total == window.workspace.page(RecordKind.CONTACTS, view.query, 0, 1).total
        rows = sorted({0, total // 3, total - 1}) if total else []
        assert _names_at(view, rows) == _expected_names(window, view, rows), text
    view.search.setText("")
    view.flush_search()
    assert view.model.has_order() and view.model.rowCount() == CONTACTS

    view.reload()  # as after a save: records may have moved
    view.search.setText("a")
    view.flush_search()
    assert not view.model.has_order(), "where each contact stood is forgotten after a change"
    assert _names_at(view, [0]) == _expected_names(window, view, [0])


def test_a_new_search_starts_at_its_first_row(qtbot: QtBot, open_window: OpenWindow) -> None:
    """Scrolled far down the whole list, a search shows its first matches, not its middle."""
    window = open_window()
    view = window.show_view(RecordKind.CONTACTS)
    view.table.scrollToBottom()
    view.search.setText("a")
    view.flush_search()
    top = view.table.rowAt(0)
    assert top == 0, top


def test_select_all_names_every_contact_from_the_order_without_reading_the_rows(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Ctrl+A then Add to list, Export or Delete: 200,000 selected took 7.3 s to name."""
    window, view = _in_order(qtbot, open_window)
    kept = view.model.kept_rows()
    view.table.selectAll()

    ids = view.selected_ids()

    in_order = window.workspace.page(view.kind, view.query, 0, CONTACTS, count=False).rows
    assert ids == [row.id for row in in_order]
    assert view.model.kept_rows() == kept, "no block fetched to name the selected rows"


def _everyone_on_a_list(window: MainWindow) -> tuple[list[ContactRow], int]:
    """Put every contact on a list named Everyone; return them in order, and the list's id."""
    everyone = list(window.workspace.page(RecordKind.CONTACTS, ListQuery(), 0, CONTACTS).rows)
    made = window.workspace.create(
        RecordKind.LISTS, ContactListDraft("Everyone", None, tuple(r.id for r in everyone))
    )
    return everyone, made.row.id


def _show_list(qtbot: QtBot, window: MainWindow, list_id: int) -> RecordView:
    """Show the lists, the one list chosen."""
    lists = window.show_view(RecordKind.LISTS)
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1)
    lists.select_id(list_id)
    return lists


def _form_of_everyone(qtbot: QtBot, window: MainWindow) -> tuple[list[ContactRow], int, ListDialog]:
    """Put every contact on a list, and open its form as Edit does from the lists."""
    everyone, list_id = _everyone_on_a_list(window)
    _show_list(qtbot, window, list_id)
    window.edit_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, ListDialog)
    return everyone, list_id, dialog


def _everyone_added_to_a_new_list(
    qtbot: QtBot, window: MainWindow, view: RecordView
) -> AddToListDialog:
    """Ctrl+A, Add to list, a new list named Everyone, Save; return the dialog."""
    view.table.selectRow(0)
    view.table.selectAll()
    window.add_to_list_action.trigger()
    dialog = window.editor.active_dialog
    assert isinstance(dialog, AddToListDialog)
    qtbot.keyClicks(dialog.new_name, "Everyone")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def _answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer Yes to every question the window asks; return the questions."""
    questions: list[str] = []

    def yes(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    return questions


def _busy_label(window: MainWindow) -> str | None:
    shown = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    return shown[0].labelText() if shown else None


def test_every_contact_selected_is_deleted_on_a_worker_and_undone_whole(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Delete, Ctrl+Z: one bulk delete behind a modal dialog, nothing read first.

    One by one (each record's detail read to ask, then one command each) 200,000
    selected contacts held the window for over half an hour.
    """
    window, view = _in_order(qtbot, open_window)
    questions = _answer_yes(monkeypatch)
    steps: list[tuple[int, int]] = []
    delete_many = window.workspace.delete_many

    def heard(kind: RecordKind, ids: list[int], progress: Progress) -> DeletedRecords:
        def step(done: int, total: int) -> None:
            steps.append((done, total))
            progress(done, total)

        return delete_many(kind, ids, step)

    monkeypatch.setattr(window.workspace, "delete_many", heard)
    view.table.selectRow(0)  # a click on a row, then Ctrl+A
    view.table.selectAll()
    details_read: list[int] = []
    detail = window.workspace.detail

    def counted(kind: RecordKind, record_id: int) -> object:
        details_read.append(record_id)
        return detail(kind, record_id)

    monkeypatch.setattr(window.workspace, "detail", counted)

    window.delete_action.trigger()

    assert questions[0].startswith(f"Delete {CONTACTS:,} contacts?")
    assert "their emails and phones, their places on events and lists" in questions[0]
    assert details_read == [], "nothing read of each contact before asking"
    assert window.editor.slow_step is not None, "the delete runs on a worker"
    assert _busy_label(window) == f"Delete {CONTACTS:,} contacts…"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    assert (500, CONTACTS) in steps
    ranges = {d.maximum() for d in window.findChildren(QProgressDialog)}
    assert CONTACTS in ranges, "its dialog said how far it was"
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert window.undo_stack.undoText() == f"delete {CONTACTS:,} contacts"

    window.undo_action.trigger()
    assert _busy_label(window) == f"Undo: delete {CONTACTS:,} contacts…"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    qtbot.waitUntil(lambda: view.model.rowCount() == CONTACTS)
    assert window.workspace.page(view.kind, view.query, 0, 1).total == CONTACTS


def test_a_selection_past_what_one_delete_takes_is_refused_with_the_reason(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its undo would keep every row in memory: the user hears so, and nothing goes."""
    monkeypatch.setattr(editing, "MOST_IN_ONE_DELETE", CONTACTS - 1)
    window, view = _in_order(qtbot, open_window)
    questions = _answer_yes(monkeypatch)
    view.table.selectRow(0)
    view.table.selectAll()

    window.delete_action.trigger()

    box = window.editor.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == f"Could not delete {CONTACTS:,} contacts."
    assert f"at most {CONTACTS - 1:,} records at once" in box.informativeText()
    assert questions == [], "nothing asked of what will not happen"
    assert window.workspace.page(view.kind, view.query, 0, 1).total == CONTACTS


def test_a_list_of_every_contact_names_a_few_in_the_pane_and_shows_them_all_on_request(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """The pane names the first 300, then offers the rest in the contacts table.

    Naming all of them, the pane took 9.4 s to show 20,000 members, five minutes for 100,000.
    """
    window = open_window()
    _everyone, list_id = _everyone_on_a_list(window)
    _show_list(qtbot, window, list_id)
    qtbot.waitUntil(lambda: window.detail.shown == (RecordKind.LISTS, list_id))

    shown = window.detail.toPlainText()
    assert f"and {CONTACTS - detail_html.SHOWN_IN_SECTION:,} more — show them all" in shown
    assert shown.count("\n") < detail_html.SHOWN_IN_SECTION + 40
    window.detail.anchorClicked.emit(QUrl(f"crm:list-members/{list_id}"))

    contacts = window.current_view
    assert contacts.kind is RecordKind.CONTACTS
    assert contacts.query.filter_value("list_id") == list_id
    qtbot.waitUntil(lambda: contacts.model.total == CONTACTS)


def test_show_them_all_filters_by_an_organization_beyond_the_filters_choices(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The organization filter lists the first few hundred; the link still names its own.

    Beyond them, the filter fell back to "any" and the link showed every contact; a saved
    search, or the choices read again, showed "any" while the filter still applied. The
    choices are cut to three here, as 500 are of 2,000 organizations at a million.
    """
    monkeypatch.setattr(filters, "CHOICES_LIMIT", 3)
    window = open_window()
    organizations = window.workspace.find(RecordKind.ORGANIZATIONS, "", 1000)
    last = organizations[-1]  # by name: far past the three choices
    people = window.workspace.page(
        RecordKind.CONTACTS, ListQuery(filters=(("organization_id", last.id),)), 0, 1
    ).total
    assert people is not None and 0 < people < CONTACTS

    window.detail.anchorClicked.emit(QUrl(f"crm:organization-people/{last.id}"))

    contacts = window.current_view
    assert contacts.kind is RecordKind.CONTACTS
    assert contacts.query.filter_value("organization_id") == last.id
    qtbot.waitUntil(lambda: contacts.model.total == people)
    box = contacts._filter_widgets["organization_id"]
    assert isinstance(box, QComboBox) and box.currentText() == last.label
    contacts.refresh_filters()  # as after a record is saved: the choices are read again
    assert box.currentText() == last.label
    contacts.apply_query(ListQuery())
    assert box.currentText() == "Organization: any"
    contacts.apply_query(ListQuery(filters=(("organization_id", last.id),)))  # a saved search
    assert box.currentText() == last.label
    qtbot.waitUntil(lambda: contacts.model.total == people)


def test_thousands_put_on_a_list_are_written_on_a_worker_and_undone_there(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A, Add to list: the dialog says what it does meanwhile, then closes; Ctrl+Z too.

    The threshold is lowered so that 1,200 contacts count as thousands (100,000 took 2.5 s
    at a million contacts, on the window's thread).
    """
    monkeypatch.setattr(editing, "SLOW_LIST_CHANGE", 100)
    window, view = _in_order(qtbot, open_window)

    dialog = _everyone_added_to_a_new_list(qtbot, window, view)

    assert dialog.job is not None, "written on a worker"
    assert dialog.busy.text() == f"Adding {CONTACTS:,} contacts to the list…"
    assert not dialog.save_button.isEnabled(), "no second save meanwhile"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    made = window.workspace.find(RecordKind.LISTS, "Everyone")[0]
    assert window.workspace.detail(RecordKind.LISTS, made.id).row.size == CONTACTS

    window.undo_action.trigger()
    assert window.editor.slow_step is not None, "its undo runs on a worker too"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    assert window.workspace.find(RecordKind.LISTS, "Everyone") == []


def test_a_list_refused_on_the_worker_keeps_the_dialog_open_with_the_reason(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list of that name exists already: nothing is written, and the user can rename."""
    monkeypatch.setattr(editing, "SLOW_LIST_CHANGE", 100)
    window, view = _in_order(qtbot, open_window)
    window.workspace.create(RecordKind.LISTS, ContactListDraft("Everyone"))
    dialog = _everyone_added_to_a_new_list(qtbot, window, view)
    qtbot.waitUntil(lambda: dialog.job is None)

    assert dialog.isVisible()
    assert "exists already" in dialog.form.general_error.text()
    assert dialog.save_button.isEnabled() and not dialog.busy.isVisible()
    commands_before = window.undo_stack.count()
    dialog.new_name.setText("Everyone, 2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.undo_stack.count() == commands_before + 1


def test_a_list_of_every_contact_is_deleted_and_undone_on_a_worker(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its 1,200 memberships go with it: past a page of rows' time, off the window's thread."""
    window = open_window()
    questions = _answer_yes(monkeypatch)
    _everyone, list_id = _everyone_on_a_list(window)
    lists = _show_list(qtbot, window, list_id)

    window.delete_action.trigger()
    assert not questions and window.editor.counting is not None, "counted on a worker first"

    qtbot.waitUntil(lambda: bool(questions))
    assert f"This also removes {CONTACTS:,} list memberships" in questions[0]
    assert window.editor.slow_step is not None, "deleted on a worker"
    assert _busy_label(window) == "Delete Everyone…"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    qtbot.waitUntil(lambda: lists.model.rowCount() == 0)
    window.undo_action.trigger()
    assert window.editor.slow_step is not None
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    qtbot.waitUntil(lambda: lists.model.rowCount() == 1)
    assert window.workspace.detail(RecordKind.LISTS, list_id).row.size == CONTACTS


def test_a_slow_count_of_what_goes_shows_a_dialog_and_a_second_delete_waits_for_it(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a worker counts what a delete removes, the window says so; one question comes.

    The count is held on its worker until the test has looked (a list of 200,000 members
    took 2 s to count at a million contacts).
    """
    window = open_window()
    questions = _answer_yes(monkeypatch)
    _everyone, list_id = _everyone_on_a_list(window)
    _show_list(qtbot, window, list_id)
    counting = threading.Event()
    may_finish = threading.Event()
    count = window.workspace.deletion_effects

    def held(kind: RecordKind, record_id: int) -> DeletionEffects:
        counting.set()
        may_finish.wait(timeout=30)
        return count(kind, record_id)

    monkeypatch.setattr(window.workspace, "deletion_effects", held)
    monkeypatch.setattr(editing, "COUNTING_SHOWN_AFTER_MS", 0)

    window.delete_action.trigger()
    window.delete_action.trigger()  # pressed again while the first counts: not asked twice
    qtbot.waitUntil(counting.is_set)
    qtbot.waitUntil(lambda: _busy_label(window) == "Counting what goes with the list “Everyone”…")
    assert not questions
    may_finish.set()

    qtbot.waitUntil(lambda: bool(questions))
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    assert _busy_label(window) is None
    assert len(questions) == 1
    assert f"This also removes {CONTACTS:,} list memberships" in questions[0]


def test_a_long_lists_form_shows_some_members_and_keeps_every_one(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members' box names the first few ticked; the rest stay ticked, found by search."""
    monkeypatch.setattr(participants, "CHOSEN_SHOWN", 100)
    window = open_window()
    everyone, list_id, dialog = _form_of_everyone(qtbot, window)
    box = dialog.members.list
    texts = [box.item(row).text() for row in range(box.count())]

    found_by_empty_search = len(texts) - 101  # below the line: the search's own results
    hidden = CONTACTS - 100 - found_by_empty_search
    assert texts[100] == f"… and {hidden:,} more ticked: search to find one"
    assert len(texts) < 200
    last = everyone[-1]
    dialog.members.search.setText(last.display_name)
    dialog.members.refill()
    found = [box.item(row) for row in range(box.count())]
    mine = [i for i in found if i.data(Qt.ItemDataRole.UserRole) == last.id]
    assert mine and mine[0].checkState() == Qt.CheckState.Checked, "ticked, though not shown"
    mine[0].setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    kept = window.workspace.detail(RecordKind.LISTS, list_id).members
    assert {m.id for m in kept} == {r.id for r in everyone} - {last.id}


def test_a_long_lists_form_names_only_the_members_it_shows(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every member stays ticked; a name is read when its member comes into view."""
    monkeypatch.setattr(participants, "CHOSEN_SHOWN", 100)
    monkeypatch.setattr(editing, "CHOSEN_SHOWN", 100)
    window = open_window()
    everyone, list_id, dialog = _form_of_everyone(qtbot, window)
    names = {r.id: r.display_name for r in everyone}
    checked = dialog.members.checked

    joined = window.workspace.list_member_ids(list_id)
    assert list(checked) == joined and len(joined) == CONTACTS, "every member, in joining order"
    box = dialog.members.list
    above_the_line = {box.item(row).data(Qt.ItemDataRole.UserRole) for row in range(100)}
    named = {i for i, label in checked.items() if label is not None}
    assert above_the_line <= named <= above_the_line | set(joined[:100]), "only those shown"
    first = box.item(0).data(Qt.ItemDataRole.UserRole)
    box.item(0).setCheckState(Qt.CheckState.Unchecked)  # a click on its box
    dialog.members.refill()

    shown = [box.item(row) for row in range(100)]
    assert first not in checked
    newcomers = {item.data(Qt.ItemDataRole.UserRole) for item in shown} - above_the_line
    assert len(newcomers) == 1 and not newcomers & named, "one more shown, unnamed till now"
    assert all(item.text() == names[item.data(Qt.ItemDataRole.UserRole)] for item in shown)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.workspace.list_member_ids(list_id) == [i for i in joined if i != first]


def test_a_list_of_thousands_added_to_an_event_on_a_worker_and_taken_off_again(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everyone on a list joins an event behind the dialog's busy line; Ctrl+Z takes them off.

    The threshold is lowered so that 1,200 count as thousands (5,000 took 2.3 s at a million).
    """
    monkeypatch.setattr(editing, "SLOW_PARTICIPANTS", 100)
    window = open_window()
    _everyone_on_a_list(window)
    forum = window.workspace.create(RecordKind.EVENTS, EventDraft(name="Open forum"))

    window.editor.add_participants(forum.row.id)
    dialog = window.editor.active_dialog
    assert isinstance(dialog, AddParticipantsDialog)
    dialog.contact_list.setCurrentIndex(dialog.contact_list.findText("Everyone"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.job is not None, "added on a worker"
    assert dialog.busy.text() == f"Adding {CONTACTS:,} participants…"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    query = ListQuery(filters=(("event_id", forum.row.id),))
    assert window.workspace.page(RecordKind.ATTENDANCES, query, 0, 1).total == CONTACTS

    window.undo_action.trigger()
    assert window.editor.slow_step is not None
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    assert window.workspace.page(RecordKind.ATTENDANCES, query, 0, 1).total == 0


def test_a_long_list_saved_over_someone_elses_change_asks_after_the_worker(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its members are saved on a worker; a change made meanwhile still gets the question.

    The threshold is lowered so that 1,200 members count as thousands (200,000 took 1.4 s
    to save at a million contacts, on the window's thread).
    """
    monkeypatch.setattr(editing, "SLOW_LIST_CHANGE", 100)
    window = open_window()
    everyone, list_id, dialog = _form_of_everyone(qtbot, window)
    members = tuple(r.id for r in everyone)
    current = window.workspace.detail(RecordKind.LISTS, list_id).row.version
    window.workspace.update(
        RecordKind.LISTS, list_id, ContactListDraft("Everyone", "theirs", members), current
    )
    dialog.description.setPlainText("ours")
    asked: list[ConflictDialog] = []

    def overwrite_when_asked() -> None:
        conflict = window.editor.active_dialog
        if isinstance(conflict, ConflictDialog) and conflict.isVisible() and not asked:
            asked.append(conflict)
            conflict.overwrite_button.click()

    poll = QTimer()
    poll.timeout.connect(overwrite_when_asked)
    poll.start(10)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.job is not None, "saved on a worker"
    assert dialog.busy.text() == f"Saving the list's {CONTACTS:,} members…"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    poll.stop()
    assert asked, "the change made meanwhile was shown"
    saved = window.workspace.detail(RecordKind.LISTS, list_id)
    assert (saved.row.description, saved.row.size) == ("ours", CONTACTS)

    window.undo_action.trigger()
    assert window.editor.slow_step is not None, "its undo runs on a worker"
    qtbot.waitUntil(lambda: window.editor.slow_step is None)
    assert window.workspace.detail(RecordKind.LISTS, list_id).row.description is None


def test_a_bulk_delete_refused_on_the_worker_says_why_and_leaves_nothing_to_undo(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database refused: the message names the delete, and no undo is left behind.

    As when it went read-only: no command stays on the stack claiming it can be undone.
    """
    window, view = _in_order(qtbot, open_window)
    _answer_yes(monkeypatch)

    def refuse(*_args: object) -> DeletedRecords:
        raise DomainError("the database is read-only now")

    monkeypatch.setattr(window.workspace, "delete_many", refuse)
    view.table.selectRow(0)
    view.table.selectAll()

    window.delete_action.trigger()
    qtbot.waitUntil(lambda: window.editor.slow_step is None)

    box = window.editor.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == f"Could not delete {CONTACTS:,} contacts."
    assert box.informativeText() == "the database is read-only now"
    assert not window.undo_stack.canUndo() and not window.undo_stack.canRedo()
    assert window.workspace.page(view.kind, view.query, 0, 1).total == CONTACTS
