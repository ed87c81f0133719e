"""The main window: record kinds on the left, a table in the middle, details on the right."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from crm.domain.backups import BackupFacts
from crm.domain.enums import AttendanceStatus, RecordKind
from crm.domain.queries import ListQuery
from crm.services.workspace import Workspace
from crm.ui.columns import TITLES, show
from crm.ui.detail_pane import DetailPane
from crm.ui.editing import NOUNS, Editor
from crm.ui.filters import filters_for
from crm.ui.privacy_actions import PrivacyActions
from crm.ui.record_view import RecordView
from crm.ui.record_views import RecordViews
from crm.ui.saved_searches_menu import SavedSearchesMenu
from crm.ui.worker import Job, run_in_background, writes_in_progress

if TYPE_CHECKING:  # the dashboard (QtCharts), intake, export and import load when first used
    from crm.domain.intake import IntakeResult
    from crm.services.intake.commit import IntakeReport
    from crm.ui.dashboard import Dashboard
    from crm.ui.dialogs.export import ExportDialog
    from crm.ui.dialogs.import_contacts import ImportDialog

CHANGE_LOOK_MS = 500

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Convene's main window."""

    sample_records_loaded = Signal(int)

    def __init__(self, workspace: Workspace, settings: QSettings | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings or QSettings()
        self.read_only = workspace.read_only
        self.setWindowTitle("Convene — read-only" if self.read_only else "Convene")
        self.resize(1280, 760)
        self.undo_stack = QUndoStack(self)
        self.backup_job: Job | None = None  # kept so its signals outlive the menu click
        self.intake_job: Job | None = None
        self.briefing_job: Job | None = None
        self.warm_up_job: Job | None = None
        self.dashboard: Dashboard | None = None
        # Changes other people (or programs) save show up without a restart: a look at the
        # change history twice a second (on PostgreSQL only when it has notified us).
        self.change_timer = QTimer(self)
        self.change_timer.setInterval(CHANGE_LOOK_MS)
        self.change_timer.timeout.connect(self.show_changes_made_elsewhere)
        self.editor = Editor(workspace, self.undo_stack, self)
        self.editor.changed.connect(self._on_records_changed)
        self.editor.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.editor.tags_changed.connect(self._after_tags_changed)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Record kinds")
        self.sidebar.setMaximumWidth(180)
        self.stack = QStackedWidget()
        self.views = RecordViews(self.stack, self._build_view)
        for kind in RecordKind:
            item = QListWidgetItem(TITLES[kind])
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)

        self.detail = DetailPane(workspace)
        self.detail.navigate_requested.connect(self.go_to)
        self.detail.participants_requested.connect(self.show_participants)
        self.detail.contacts_requested.connect(self.show_contacts_filtered)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([160, 720, 420])

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 0)
        column.addWidget(self._build_empty_banner())
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Records shown")
        self.database_label = QLabel(f"Database: {workspace.location}")
        self.database_label.setAccessibleName("Open database")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_actions()
        if self.read_only:
            self._make_read_only()
        self._restore_state()
        self._refresh_banner()

    def _build_view(self, kind: RecordKind) -> RecordView:
        view = RecordView(kind, self.workspace, filters_for(kind, self.workspace))
        view.current_changed.connect(lambda record_id: self._on_current(kind, record_id))
        view.activated.connect(lambda record_id: self._open(kind, record_id))
        view.totals_changed.connect(lambda _total: self._show_totals(kind))
        view.restore_state(self.settings)
        return view

    def _make_read_only(self) -> None:
        """Turn off every way of changing records, and say why where it shows."""
        for action in (
            self.new_action,
            self.import_action,
            self.intake_action,
            self.load_action,
            self.participants_action,
            self.save_search_action,
            self.duplicates_action,
            self.undo_action,
            self.redo_action,
        ):
            action.setEnabled(False)
        self.load_button.setEnabled(False)
        self.read_only_label = QLabel("Read-only: you may look and export, not change records")
        self.read_only_label.setAccessibleName("Read-only database")
        self.statusBar().addPermanentWidget(self.read_only_label)
        self._update_actions()

    # -- building ------------------------------------------------------------------------------
    def _build_empty_banner(self) -> QFrame:
        self.empty_banner = QFrame()
        self.empty_banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.empty_banner)
        note = QLabel(
            "This database is empty. Load the records drawn from the two source documents "
            "(the Paris Call for Peace, June 2025, and the Paris conference of June 2026)?"
        )
        note.setWordWrap(True)
        self.load_button = QPushButton("Load the documents' records")
        self.load_button.setAccessibleName("Load the documents' records")
        self.load_button.clicked.connect(self.load_sample_records)
        row.addWidget(note, 1)
        row.addWidget(self.load_button)
        return self.empty_banner

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | str | None = None,
        slot: object = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(keys.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(keys.Redo)])
        self.new_action = self._action("&New…", "Ctrl+N", self.new_record, "Add a record")
        self.edit_action = self._action("&Edit…", "F2", self.edit_current, "Edit the record")
        self.delete_action = self._action(
            "&Delete…",
            QKeySequence(keys.Delete),
            self.delete_selected,
            "Delete the selected records",
        )
        self.find_action = self._action("&Find", "Ctrl+F", self.focus_search, "Search this list")
        self.duplicates_action = self._action(
            "Find &duplicates…",
            "Ctrl+Shift+D",
            self.editor.find_duplicates,
            "Find people or organizations recorded twice, compare them and merge",
        )
        self.export_action = self._action(
            "E&xport contacts…",
            "Ctrl+E",
            self.export_contacts,
            "Export contacts to CSV, Excel or vCard",
        )
        self.import_action = self._action(
            "&Import contacts…",
            "Ctrl+I",
            self.import_contacts,
            "Import contacts from CSV or vCard",
        )
        self.intake_action = self._action(
            "Import &document…",
            "Ctrl+Shift+I",
            self.import_document,
            "Read a press release or article and take in the records it names",
        )
        self.load_action = self._action(
            "&Load the documents' records", None, self.load_sample_records
        )
        self.backup_action = self._action(
            "&Back up the database…",
            None,
            self.back_up_database,
            "Copy the whole database to a file, while you keep working",
        )
        self.quit_action = self._action("&Quit", QKeySequence(keys.Quit), self.close)
        self.participants_action = self._action(
            "&Add participants…",
            "Ctrl+Shift+P",
            self.add_participants,
            "Add contacts and organizations to an event",
        )
        self.briefing_action = self._action(
            "Event &briefing (PDF)…",
            "Ctrl+Shift+B",
            self.write_briefing,
            "Participants by role, the press list, the commitments and name badges, as PDF",
        )
        self.check_in_action = self._action(
            "&Check in", "Ctrl+K", self.check_in_selected, "Check the selected participants in now"
        )
        self.follow_up_action = self._action(
            "Add &follow-up…", "Ctrl+Shift+F", self.add_follow_up, "Record what became of it"
        )
        self.add_to_list_action = self._action(
            "Add to &list…", "Ctrl+L", self.add_to_list, "Put the selected contacts on a list"
        )

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions(
            [self.import_action, self.intake_action, self.export_action, self.load_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_action, self.edit_action, self.delete_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.duplicates_action)
        self.merges_action = self._action(
            "&Merges…", None, self.show_merges, "Every merge kept; undo an older one"
        )
        edit_menu.addAction(self.merges_action)
        self.tags_action = self._action(
            "&Tags…",
            None,
            self.editor.manage_tags,
            "Every tag with the records carrying it: rename, merge or delete one",
        )
        edit_menu.addAction(self.tags_action)
        view_menu = menu.addMenu("&View")
        for number, kind in enumerate(RecordKind, start=1):
            view_menu.addAction(
                self._action(
                    TITLES[kind], f"Ctrl+{number}", lambda _c=False, k=kind: self.show_view(k)
                )
            )
        view_menu.addSeparator()
        self.dashboard_action = self._action(
            "&Dashboard", "Ctrl+D", self.show_dashboard, "Charts to look at before a meeting"
        )
        view_menu.addAction(self.dashboard_action)
        event_menu = menu.addMenu("&Participants")
        event_menu.addAction(self.participants_action)
        self.status_menu = event_menu.addMenu("Set &status")
        for status in AttendanceStatus:
            self.status_menu.addAction(
                self._action(
                    show(status).capitalize(),
                    None,
                    lambda _c=False, s=status: self.set_status_of_selected(s),
                )
            )
        event_menu.addAction(self.check_in_action)
        event_menu.addSeparator()
        event_menu.addAction(self.briefing_action)
        contact_menu = menu.addMenu("C&ontacts")
        contact_menu.addAction(self.add_to_list_action)
        contact_menu.addSeparator()
        self.privacy = PrivacyActions(
            self.workspace,
            self,
            self.views[RecordKind.CONTACTS].current_id,
            lambda: self._on_records_changed(RecordKind.CONTACTS, None),
            lambda message: self.statusBar().showMessage(message, 15000),
        )
        contact_menu.addActions([self.privacy.report_action, self.privacy.erase_action])
        contact_menu.addSeparator()
        self.saved_searches = SavedSearchesMenu(
            self.workspace, lambda: self.views[RecordKind.CONTACTS], self.show_view, self
        )
        self.save_search_action = self._action(
            "&Save this search…",
            "Ctrl+Shift+S",
            self.saved_searches.save,
            "Keep the contacts table's search and filters under a name",
        )
        contact_menu.addAction(self.save_search_action)
        contact_menu.addMenu(self.saved_searches.menu)
        commitment_menu = menu.addMenu("&Commitments")
        commitment_menu.addAction(self.follow_up_action)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.new_action, self.edit_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions(
            [
                self.participants_action,
                self.check_in_action,
                self.follow_up_action,
                self.add_to_list_action,
            ]
        )
        self.addToolBar(toolbar)

    # -- views ---------------------------------------------------------------------------------
    @property
    def current_kind(self) -> RecordKind:
        """Return the kind of record on show."""
        return list(RecordKind)[self.stack.currentIndex()]

    @property
    def current_view(self) -> RecordView:
        """Return the table on show."""
        return self.views[self.current_kind]

    def show_view(self, kind: RecordKind) -> RecordView:
        """Show the table of ``kind``."""
        self.sidebar.setCurrentRow(list(RecordKind).index(kind))
        return self.views[kind]

    def _on_sidebar_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        view = self.current_view
        if view.model.rowCount() == 0 and view.model.total == 0:
            view.reload()
        self._on_current(view.kind, view.current_id())
        self._show_totals(view.kind)
        self._update_actions()

    def _on_current(self, kind: RecordKind, record_id: int | None) -> None:
        if kind is self.current_kind:
            self.detail.show_record(kind, record_id)
            self._update_actions()

    def _show_totals(self, kind: RecordKind) -> None:
        if kind is not self.current_kind:
            return
        model = self.current_view.model
        noun = NOUNS[kind] if model.total == 1 else TITLES[kind].lower()
        self.count_label.setText(f"{model.total:,} {noun}")

    def _update_actions(self) -> None:
        kind = self.current_kind
        has_current = self.current_view.current_id() is not None
        # Read-only (a role without write rights): everything that changes records is off;
        # looking, searching, exporting and backing up stay.
        can_change = has_current and not self.read_only
        self.edit_action.setEnabled(can_change)
        self.delete_action.setEnabled(can_change)
        is_participants = kind is RecordKind.ATTENDANCES
        self.status_menu.setEnabled(is_participants and can_change)
        self.check_in_action.setEnabled(is_participants and can_change)
        self.follow_up_action.setEnabled(kind is RecordKind.COMMITMENTS and can_change)
        self.add_to_list_action.setEnabled(kind is RecordKind.CONTACTS and can_change)
        self.privacy.update(kind is RecordKind.CONTACTS and has_current, not self.read_only)
        self.briefing_action.setEnabled(self.current_event() is not None)

    def go_to(self, kind: RecordKind, record_id: int) -> None:
        """Show one record in its table, clearing a search that hides it."""
        view = self.show_view(kind)
        if not view.select_id(record_id):
            view.search.clear()
            view.flush_search()
            view.query = type(view.query)(sort=view.query.sort)
            view.reload(keep_id=record_id)
        self.detail.show_record(kind, record_id)

    def show_participants(self, event_id: int) -> None:
        """Show an event's participants."""
        view = self.show_view(RecordKind.ATTENDANCES)
        view.set_filter_choice("event_id", event_id)

    def show_contacts_filtered(self, filter_name: str, value: int) -> None:
        """Show the contacts of one organization or list: all of them, where the pane had room."""
        view = self.show_view(RecordKind.CONTACTS)
        view.set_filter_choice(filter_name, value)

    def focus_search(self) -> None:
        """Put the cursor in the search field of the table on show."""
        self.current_view.search.setFocus()
        self.current_view.search.selectAll()

    # -- actions -------------------------------------------------------------------------------
    def new_record(self) -> None:
        """Add a record of the kind on show."""
        event_id = self.views[RecordKind.ATTENDANCES].query.filter_value("event_id")
        self.editor.new_record(self.current_kind, event_id if isinstance(event_id, int) else None)

    def _open(self, kind: RecordKind, record_id: int) -> None:
        """Open a double-clicked record to edit it; read-only, only its details show."""
        if self.read_only:
            self.detail.show_record(kind, record_id)
        else:
            self.editor.edit_record(kind, record_id)

    def edit_current(self) -> None:
        """Edit the record under the cursor."""
        record_id = self.current_view.current_id()
        if record_id is not None and not self.read_only:
            self.editor.edit_record(self.current_kind, record_id)

    def delete_selected(self) -> None:
        """Delete the selected records, after asking."""
        self.editor.delete_records(self.current_kind, self.current_view.selected_ids())

    def current_event(self) -> int | None:
        """The event on show, or the one the participants are filtered by."""
        if self.current_kind is RecordKind.EVENTS:
            return self.current_view.current_id()
        if self.current_kind is not RecordKind.ATTENDANCES:
            return None
        event_id = self.current_view.query.filter_value("event_id")
        return event_id if isinstance(event_id, int) else None

    def add_participants(self) -> None:
        """Add participants to the event on show (or the one the participants are filtered by)."""
        if self.current_kind is RecordKind.EVENTS and self.current_view.current_id() is not None:
            self.editor.add_participants(self.current_view.current_id())
            return
        event_id = self.views[RecordKind.ATTENDANCES].query.filter_value("event_id")
        self.editor.add_participants(event_id if isinstance(event_id, int) else None)

    def write_briefing(self, path: str | None = None) -> None:
        """Ask where, then write the current event's briefing PDF in the background."""
        event_id = self.current_event()
        if event_id is None:
            return
        event = self.workspace.ref(RecordKind.EVENTS, event_id)
        if path is None:
            suggested = str(Path.home() / f"{event.label} - briefing.pdf")
            path, _filter = QFileDialog.getSaveFileName(
                self, "Event briefing", suggested, "PDF (*.pdf)"
            )
        if not path:
            return
        chosen = path
        self.statusBar().showMessage(f"Writing the briefing of {event.label}…")

        def write() -> int:
            from crm.ui.briefing_pdf import write_briefing_pdf  # Qt's PDF writer, when used

            return write_briefing_pdf(self.workspace.briefing(event_id), chosen)

        self.briefing_job = run_in_background(
            write,
            lambda pages: self.statusBar().showMessage(
                f"Briefing of {event.label} written to {chosen} ({pages} pages).", 15000
            ),
            self._briefing_refused,
        )

    def _briefing_refused(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "The briefing was not written", message)

    def set_status_of_selected(self, status: AttendanceStatus) -> None:
        """Move the selected participants to ``status``."""
        self.editor.set_status(self.views[RecordKind.ATTENDANCES].selected_ids(), status)

    def export_contacts(self) -> ExportDialog:
        """Open the export dialog on what is on show (the view, the selection, a list…)."""
        from crm.ui.dialogs.export import ExportDialog
        from crm.ui.export_context import export_context

        context = export_context(
            self.workspace, self.views, self.current_kind, self.current_view.current_id()
        )
        dialog = ExportDialog(self.workspace, context, self.settings, self)
        self.editor.active_dialog = dialog
        dialog.open()
        return dialog

    def import_contacts(self) -> ImportDialog:
        """Open the import wizard; the tables follow when contacts come in."""
        from crm.ui.dialogs.import_contacts import ImportDialog

        dialog = ImportDialog(self.workspace, self)
        dialog.contacts_imported.connect(self._after_import)
        self.editor.active_dialog = dialog
        dialog.open()
        return dialog

    def show_dashboard(self) -> Dashboard:
        """Open (or bring forward) the dashboard, its numbers counted afresh."""
        if self.dashboard is None:
            from crm.ui.dashboard import Dashboard

            self.dashboard = Dashboard(self.workspace, self)
            self.dashboard.records_requested.connect(self.show_records)
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.refresh()
        return self.dashboard

    def show_merges(self) -> None:
        """List the kept merges, any of which can be undone."""
        from crm.ui.dialogs.merges import MergesDialog

        dialog = MergesDialog(self.workspace, self._after_import, self)
        self.editor.active_dialog = dialog
        dialog.open()

    def show_records(self, kind: RecordKind, query: ListQuery) -> None:
        """Show the table of ``kind`` with exactly the records ``query`` lets through."""
        self.show_view(kind).apply_query(query)
        self.raise_()
        self.activateWindow()

    def import_document(self, path: str | None = None) -> None:
        """Ask for a document, read it in the background, then open its review."""
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self,
                "Import document",
                str(Path.home()),
                "Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.eml);;All files (*)",
            )
        if not path:
            return
        self.statusBar().showMessage(f"Reading {Path(path).name}…")
        self.intake_job = run_in_background(
            lambda: self.workspace.read_intake(path),
            self._review_document,
            self._document_unread,
        )

    def _document_unread(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "The document was not read", message)

    def _review_document(self, result: IntakeResult) -> None:
        self.statusBar().clearMessage()
        from crm.ui.dialogs.intake import IntakeDialog

        dialog = IntakeDialog(self.workspace, result, self)
        dialog.taken_in.connect(self._after_intake)
        self.editor.active_dialog = dialog
        dialog.open()

    def _after_intake(self, report: IntakeReport) -> None:
        self._after_import()
        self.statusBar().showMessage(f"Document taken in: {report.summary()}.", 15000)

    def _after_import(self) -> None:
        for view in self.views.built():
            view.refresh_filters()
            view.reload()
        self._refresh_banner()
        self.workspace.all_changes_shown()

    def _after_tags_changed(self) -> None:
        self._after_import()  # every list's rows and its filters' choices
        self.detail.refresh()

    def add_to_list(self) -> None:
        """Put the selected contacts on a list."""
        self.editor.add_to_list(self.views[RecordKind.CONTACTS].selected_ids())

    def check_in_selected(self) -> None:
        """Check the selected participants in."""
        self.editor.check_in(self.views[RecordKind.ATTENDANCES].selected_ids())

    def add_follow_up(self) -> None:
        """Record a follow-up on the commitment under the cursor."""
        record_id = self.views[RecordKind.COMMITMENTS].current_id()
        if record_id is not None:
            self.editor.add_follow_up(record_id)

    def back_up_database(self) -> None:
        """Ask where, then copy the database there on a worker; say what the copy holds."""
        suggested = str(Path.home() / f"convene-{date.today().isoformat()}.sqlite3")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Back up the database to", suggested, "Convene backups (*.sqlite3)"
        )
        if not path:
            return
        self.backup_action.setEnabled(False)
        self.statusBar().showMessage(f"Backing up to {path}…")

        def done(facts: BackupFacts) -> None:
            self.backup_action.setEnabled(True)
            self.statusBar().showMessage(f"Backed up {facts.summary()} to {path}.", 15000)

        def refused(message: str) -> None:
            self.backup_action.setEnabled(True)
            self.statusBar().clearMessage()
            QMessageBox.warning(self, "The backup was not made", message)

        self.backup_job = run_in_background(lambda: self.workspace.back_up(path), done, refused)

    def load_sample_records(self) -> None:
        """Load the documents' records into this database."""
        added = self.workspace.load_sample_records()
        for view in self.views.built():
            view.refresh_filters()
            view.reload()
        self._refresh_banner()
        self.workspace.all_changes_shown()
        self.sample_records_loaded.emit(added)

    def _on_records_changed(self, kind: RecordKind, record_id: int | None) -> None:
        for other in self.views.built():
            if other.kind is not kind:
                other.refresh()
        view = self.views[kind]
        view.refresh_filters()
        if kind is not self.current_kind:
            self.show_view(kind)
        view.reload(keep_id=record_id)
        if record_id is not None and not view.select_id(record_id):
            self.go_to(kind, record_id)
        self.detail.refresh()
        self._refresh_banner()
        self.workspace.all_changes_shown()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Start watching for other people's changes once the window is up."""
        super().showEvent(event)
        if not self.change_timer.isActive():
            self.workspace.changed_elsewhere()  # the first look starts the watch
            self.change_timer.start()
        if self.warm_up_job is None:
            self.current_view.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """At the first paint of the table on show, start the warm-up (see Workspace.warm_up)."""
        if event.type() == QEvent.Type.Paint and self.warm_up_job is None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._warm_up)  # after the rows are on screen, not before
        return super().eventFilter(watched, event)

    def _warm_up(self) -> None:
        # Failing here costs nothing but speed: the first record opened does the same work.
        self.warm_up_job = run_in_background(
            self.workspace.warm_up, lambda _: None, partial(log.warning, "warm-up failed: %s")
        )

    def show_changes_made_elsewhere(self) -> None:
        """Show again the lists (and the record) that changes saved elsewhere touched."""
        if writes_in_progress():
            return  # our own job's changes: shown when it finishes; look again next tick
        lists = self.workspace.changed_elsewhere()
        if not lists:
            return
        for view in self.views.built():  # a table not built yet reads today's rows when it is
            if view.kind in lists:
                view.refresh(keep_place=True)
        self.detail.refresh()
        self._refresh_banner()
        self.statusBar().showMessage("Updated with changes saved elsewhere.", 5000)

    def _refresh_banner(self) -> None:
        self.empty_banner.setVisible(self.workspace.is_empty())

    def count_shown(self, kind: str) -> int:
        """Return how many records of ``kind`` the window says there are."""
        view = self.views[RecordKind(kind)]
        if view.model.total == 0:
            view.reload()
        return view.model.total

    # -- state ---------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        kind = str(self.settings.value("window/view", RecordKind.CONTACTS.value))
        known = {k.value for k in RecordKind}
        self.show_view(RecordKind(kind) if kind in known else RecordKind.CONTACTS)

    def save_state(self) -> None:
        """Remember geometry, splitter, columns and the view on show."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/view", self.current_kind.value)
        for view in self.views.built():
            view.save_state(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the window's state on the way out."""
        self.change_timer.stop()
        self.save_state()
        super().closeEvent(event)
