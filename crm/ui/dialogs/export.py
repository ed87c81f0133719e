"""Export contacts: which ones, in which format and columns, to which file — off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import AttendanceRole, AttendanceStatus
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions, ExportReport
from crm.domain.records import Ref
from crm.services.exports.columns import DEFAULT_COLUMNS, MAIL_MERGE_COLUMNS, REPEATED, SINGLE
from crm.services.workspace import Workspace
from crm.ui.columns import show
from crm.ui.worker import Job, JobPanel

FORMATS = {
    ExportFormat.CSV: ("CSV (Excel, LibreOffice, mail merge)", ".csv"),
    ExportFormat.XLSX: ("Excel workbook (XLSX)", ".xlsx"),
    ExportFormat.VCARD: ("vCard 4.0 (phones, address books)", ".vcf"),
    ExportFormat.VCARD3: ("vCard 3.0 (older phones, Outlook)", ".vcf"),
}
DELIMITERS = {",": "Comma", ";": "Semicolon (Excel in French, German…)", "\t": "Tab"}
COLUMN_TITLES = {key: header for key, (header, _read) in SINGLE.items()} | {
    key: f"{title} 1, {title} 2, …" for key, title in REPEATED.items()
}


@dataclass(frozen=True)
class ExportContext:
    """What the window had on show when the user asked to export."""

    view_scope: ContactScope
    view_description: str
    selected_ids: tuple[int, ...]
    lists: Sequence[Ref]
    events: Sequence[Ref]
    list_id: int | None = None
    event_id: int | None = None
    saved_searches: Sequence[tuple[str, ContactScope]] = ()


class ExportDialog(QDialog):
    """Choose the contacts, format, columns and file; watch it go; cancel if need be."""

    def __init__(
        self,
        workspace: Workspace,
        context: ExportContext,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export contacts")
        self.setAccessibleName("Export contacts")
        self._workspace = workspace
        self._context = context
        self._settings = settings
        self.report: ExportReport | None = None
        form = QFormLayout()

        self.scope = QComboBox()
        self.scope.setAccessibleName("Which contacts")
        self.scope.addItem(f"Contacts shown: {context.view_description}", "view")
        if context.selected_ids:
            self.scope.addItem(f"The {len(context.selected_ids)} selected contacts", "selection")
        self.scope.addItem("A list", "list")
        if context.saved_searches:
            self.scope.addItem("A saved search", "saved")
        self.scope.addItem("An event's participants", "event")
        form.addRow("Contacts", self.scope)
        self.list_choice = self._refs_combo(context.lists, "List", context.list_id)
        form.addRow("List", self.list_choice)
        self.saved_choice = QComboBox()
        self.saved_choice.setAccessibleName("Saved search")
        for index, (name, _scope) in enumerate(context.saved_searches):
            self.saved_choice.addItem(name, index)
        form.addRow("Saved search", self.saved_choice)
        self.event_choice = self._refs_combo(context.events, "Event", context.event_id)
        form.addRow("Event", self.event_choice)
        self.role = self._enum_combo(AttendanceRole, "Role at the event")
        self.status = self._enum_combo(AttendanceStatus, "Status at the event")
        roles_row = QHBoxLayout()
        roles_row.addWidget(self.role)
        roles_row.addWidget(self.status)
        form.addRow("Role, status", roles_row)
        start_scope = "list" if context.list_id else "event" if context.event_id else "view"
        self.scope.setCurrentIndex(max(self.scope.findData(start_scope), 0))

        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for export_format, (label, _suffix) in FORMATS.items():
            self.format.addItem(label, export_format)
        form.addRow("Format", self.format)
        self.columns = QListWidget()
        self.columns.setAccessibleName("Columns: tick and drag to order")
        self.columns.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.columns.setMinimumHeight(170)
        form.addRow("Columns", self.columns)
        self.mail_merge = QPushButton("Mail-merge columns")
        self.mail_merge.setAccessibleName("Use the mail-merge columns")
        self.mail_merge.clicked.connect(lambda: self.set_columns(MAIL_MERGE_COLUMNS))
        form.addRow("", self.mail_merge)
        self.delimiter = QComboBox()
        self.delimiter.setAccessibleName("Delimiter")
        for value, label in DELIMITERS.items():
            self.delimiter.addItem(label, value)
        form.addRow("Delimiter", self.delimiter)
        self.bom = QCheckBox("UTF-8 with BOM (Excel shows Arabic, Hebrew and accents right)")
        form.addRow("Encoding", self.bom)
        self.require_email = QCheckBox("Leave out people without an email (mail merge)")
        form.addRow("", self.require_email)
        self.include_dnc = QCheckBox("Include people marked do-not-contact or without consent")
        form.addRow("Privacy", self.include_dnc)
        self.path = QLineEdit()
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the file")
        browse.clicked.connect(self._choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow("File", file_row)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Export result")
        self.export_button = QPushButton("Export")
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.setAccessibleName("Cancel or close")
        self.panel = JobPanel(self.progress, self.outcome, self.cancel_button, self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.scope.currentIndexChanged.connect(self._update_enabled)
        self.format.currentIndexChanged.connect(self._update_enabled)
        self._restore()
        self._update_enabled()
        self.resize(560, 620)

    # -- building ----------------------------------------------------------------------------
    @staticmethod
    def _refs_combo(refs: Sequence[Ref], label: str, current: int | None) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(label)
        for ref in refs:
            combo.addItem(ref.label, ref.id)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    @staticmethod
    def _enum_combo(
        enum_class: type[AttendanceRole] | type[AttendanceStatus], label: str
    ) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(label)
        combo.addItem(f"{label.split()[0]}: any", None)
        for member in enum_class:
            combo.addItem(show(member), member)
        return combo

    def set_columns(self, keys: Sequence[str]) -> None:
        """Tick ``keys`` in that order; the other columns follow, unticked."""
        self.columns.clear()
        for key in (*keys, *(k for k in COLUMN_TITLES if k not in keys)):
            item = QListWidgetItem(COLUMN_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setCheckState(Qt.CheckState.Checked if key in keys else Qt.CheckState.Unchecked)
            self.columns.addItem(item)

    def chosen_columns(self) -> tuple[str, ...]:
        """Return the ticked columns in the order shown."""
        return tuple(
            str(self.columns.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() == Qt.CheckState.Checked
        )

    def _restore(self) -> None:
        saved = self._settings.value("export/columns")
        keys = [k for k in str(saved).split(",") if k in COLUMN_TITLES] if saved else []
        self.set_columns(keys or DEFAULT_COLUMNS)
        self.format.setCurrentIndex(
            max(
                self.format.findData(
                    ExportFormat(str(self._settings.value("export/format", "csv")))
                ),
                0,
            )
        )
        self.delimiter.setCurrentIndex(
            max(self.delimiter.findData(str(self._settings.value("export/delimiter", ","))), 0)
        )
        self.bom.setChecked(str(self._settings.value("export/bom", "true")) == "true")

    def _remember(self) -> None:
        self._settings.setValue("export/columns", ",".join(self.chosen_columns()))
        self._settings.setValue("export/format", self.chosen_format().value)
        self._settings.setValue("export/delimiter", self.delimiter.currentData())
        self._settings.setValue("export/bom", "true" if self.bom.isChecked() else "false")

    def chosen_format(self) -> ExportFormat:
        """Return the format chosen (Qt hands enumerations back as their text)."""
        return ExportFormat(str(self.format.currentData()))

    def _update_enabled(self) -> None:
        scope = self.scope.currentData()
        self.list_choice.setEnabled(scope == "list")
        self.saved_choice.setEnabled(scope == "saved")
        for widget in (self.event_choice, self.role, self.status):
            widget.setEnabled(scope == "event")
        chosen = self.chosen_format()
        tabular = chosen in (ExportFormat.CSV, ExportFormat.XLSX)
        self.columns.setEnabled(tabular)
        self.mail_merge.setEnabled(tabular)
        self.delimiter.setEnabled(chosen is ExportFormat.CSV)
        self.bom.setEnabled(chosen is ExportFormat.CSV)
        suffix = FORMATS[chosen][1]
        if self.path.text() and not self.path.text().endswith(suffix):
            self.path.setText(self.path.text().rsplit(".", 1)[0] + suffix)

    def _choose_file(self) -> None:
        suffix = FORMATS[self.chosen_format()][1]
        path, _filter = QFileDialog.getSaveFileName(self, "Export to", f"contacts{suffix}")
        if path:
            self.path.setText(path)

    # -- running -----------------------------------------------------------------------------
    def scope_and_options(self) -> tuple[ContactScope, ExportOptions]:
        """Read the dialog."""
        choice = self.scope.currentData()
        if choice == "selection":
            scope = ContactScope(contact_ids=self._context.selected_ids)
        elif choice == "list":
            scope = ContactScope(list_id=self.list_choice.currentData())
        elif choice == "saved":
            scope = self._context.saved_searches[int(self.saved_choice.currentData())][1]
        elif choice == "event":
            role, status = self.role.currentData(), self.status.currentData()
            scope = ContactScope(
                event_id=self.event_choice.currentData(),
                roles=(role,) if role else (),
                statuses=(status,) if status else (),
            )
        else:
            scope = self._context.view_scope
        options = ExportOptions(
            format=self.chosen_format(),
            columns=self.chosen_columns(),
            delimiter=self.delimiter.currentData(),
            bom=self.bom.isChecked(),
            include_do_not_contact=self.include_dnc.isChecked(),
            require_email=self.require_email.isChecked(),
        )
        return scope, options

    def start_export(self, cancel_at_once: bool = False) -> Job | None:
        """Run the export on a worker; the window stays responsive."""
        path = self.path.text().strip()
        if not path:
            self.outcome.setText("Choose the file to write first.")
            return None
        scope, options = self.scope_and_options()
        self._remember()
        job = Job(lambda progress: self._workspace.export_contacts(scope, options, path, progress))
        if cancel_at_once:
            job.cancel_requested.set()
        job.signals.succeeded.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self.export_button.setEnabled(False)
        return self.panel.run(job, "Exporting…")

    @property
    def job(self) -> Job | None:
        """Return the export under way, if any."""
        return self.panel.job

    def _finish(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.panel.finish(message)

    def _on_done(self, report: ExportReport) -> None:
        self.report = report
        self._finish(f"{report.summary()}. Written to {self.path.text()}.")

    def _on_failed(self, message: str) -> None:
        self._finish(f"The export failed: {message}")

    def _on_cancelled(self) -> None:
        self._finish("Cancelled; no file was written.")
