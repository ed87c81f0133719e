"""Import contacts: pick a file, map its columns, preview duplicates, import all or nothing."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.domain.imports import DuplicateAction, ImportOptions, ImportResult, ReadResult
from crm.services.imports.csv_headers import FIELDS
from crm.services.workspace import Workspace
from crm.ui.worker import Job, JobPanel

NOT_IMPORTED = "(not imported)"
ACTIONS = {
    DuplicateAction.SKIP: "Skip it",
    DuplicateAction.MERGE: "Merge into the existing",
    DuplicateAction.CREATE: "Create a new contact",
}


class ImportDialog(QDialog):
    """The import wizard, on one page: file, columns, preview with duplicates, import."""

    contacts_imported = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        self.setAccessibleName("Import contacts")
        self._workspace = workspace
        self.read: ReadResult | None = None
        self.preview: ImportResult | None = None
        self.imported: ImportResult | None = None

        self.path = QLineEdit()
        self.path.setAccessibleName("File to import")
        self.path.setPlaceholderText("A CSV (Google, Outlook, Thunderbird…) or vCard file")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the file")
        choose.clicked.connect(self._choose_file)
        self.read_button = QPushButton("Read")
        self.read_button.setAccessibleName("Read the file")
        self.read_button.clicked.connect(self.read_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        file_row.addWidget(self.read_button)

        self.mapping = QTableWidget(0, 2)
        self.mapping.setAccessibleName("Columns of the file and the fields they fill")
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "Field in Convene"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        options = QFormLayout()
        self.on_duplicate = QComboBox()
        self.on_duplicate.setAccessibleName("When a contact is already known")
        for action, label in ACTIONS.items():
            self.on_duplicate.addItem(label, action)
        options.addRow("Already known", self.on_duplicate)
        self.default_country = QLineEdit()
        self.default_country.setAccessibleName("Country of phone numbers without +code")
        self.default_country.setPlaceholderText("e.g. FR, for numbers written without +33")
        options.addRow("Phones without +code", self.default_country)
        self.skip_invalid = QCheckBox("Import the valid rows even if some are refused")
        options.addRow("", self.skip_invalid)

        self.duplicates = QTableWidget(0, 2)
        self.duplicates.setAccessibleName("Rows that match known contacts")
        self.duplicates.setHorizontalHeaderLabels(["Row matches", "Do"])
        self.duplicates.horizontalHeader().setStretchLastSection(True)
        self.duplicates.verticalHeader().setVisible(False)
        self.summary = QLabel("Choose a file, then Read.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the import will do")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.hide()

        self.preview_button = QPushButton("Preview")
        self.preview_button.setAccessibleName("Preview the import")
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button = QPushButton("Import")
        self.import_button.setAccessibleName("Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(lambda: self.run_import())
        self.cancel_button = QPushButton("Close")
        self.cancel_button.setAccessibleName("Cancel or close")
        self.panel = JobPanel(self.progress, self.summary, self.cancel_button, self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(QLabel("Columns (Google, Outlook and Thunderbird are recognised):"))
        layout.addWidget(self.mapping, 2)
        layout.addLayout(options)
        layout.addWidget(QLabel("Rows that match contacts already here:"))
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(640, 680)

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import contacts", "", "Contacts (*.csv *.vcf *.vcard *.txt);;All files (*)"
        )
        if path:
            self.path.setText(path)
            self.read_file()

    # -- reading and mapping ---------------------------------------------------------------
    def read_file(self) -> None:
        """Read the file's columns; propose a field for each one Convene knows."""
        path = self.path.text().strip()
        self.mapping.setRowCount(0)
        self.import_button.setEnabled(False)
        if not path:
            self.summary.setText("Choose a file first.")
            return
        if not path.lower().endswith((".vcf", ".vcard")):
            try:
                headers = self._workspace.csv_headers(path)
            except OSError as error:
                self.summary.setText(f"Cannot read {path}: {error}")
                return
            for header, field in headers:
                row = self.mapping.rowCount()
                self.mapping.insertRow(row)
                self.mapping.setItem(row, 0, QTableWidgetItem(header))
                combo = QComboBox()
                combo.setAccessibleName(f"Field for {header}")
                combo.addItem(NOT_IMPORTED, None)
                for name in FIELDS:
                    if name != "ignore":
                        combo.addItem(name.replace("_", " "), name)
                combo.setCurrentIndex(max(combo.findData(field), 0))
                self.mapping.setCellWidget(row, 1, combo)
        self.mapping.resizeColumnToContents(0)
        self.mapping.setColumnWidth(0, max(self.mapping.columnWidth(0), 180))
        self.summary.setText("Check the columns, then Preview.")

    def set_field(self, header: str, field: str | None) -> None:
        """Map one column of the file (what choosing in its drop-down does)."""
        for row in range(self.mapping.rowCount()):
            item = self.mapping.item(row, 0)
            if item is not None and item.text() == header:
                combo = self.mapping.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(max(combo.findData(field), 0))

    def chosen_mapping(self) -> dict[str, str]:
        """Return every column's field, "ignore" for those not imported."""
        mapping = {}
        for row in range(self.mapping.rowCount()):
            item, combo = self.mapping.item(row, 0), self.mapping.cellWidget(row, 1)
            if item is not None and isinstance(combo, QComboBox):
                mapping[item.text()] = combo.currentData() or "ignore"
        return mapping

    def options(self, dry_run: bool) -> ImportOptions:
        """Read the choices, with each duplicate's own decision."""
        decisions = []
        for row in range(self.duplicates.rowCount()):
            item, combo = self.duplicates.item(row, 0), self.duplicates.cellWidget(row, 1)
            if item is not None and isinstance(combo, QComboBox):
                line = int(item.text().split(":")[0].removeprefix("line "))
                decisions.append((line, DuplicateAction(str(combo.currentData()))))
        return ImportOptions(
            on_duplicate=DuplicateAction(str(self.on_duplicate.currentData())),
            default_country=self.default_country.text().strip() or None,
            skip_invalid=self.skip_invalid.isChecked(),
            dry_run=dry_run,
            decisions=tuple(decisions),
        )

    # -- preview and import ----------------------------------------------------------------
    def _start(self, dry_run: bool, cancel_at_once: bool = False) -> Job | None:
        path = self.path.text().strip()
        mapping = self.chosen_mapping() or None
        options = self.options(dry_run)
        workspace = self._workspace

        def work(progress: object) -> tuple[ReadResult, ImportResult]:
            read = workspace.read_import_file(path, mapping)
            return read, workspace.import_contacts(read, options, progress)  # type: ignore[arg-type]

        job = Job(work, writes=not dry_run)
        if cancel_at_once:
            job.cancel_requested.set()
        job.signals.succeeded.connect(lambda outcome: self._on_done(outcome, dry_run))
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        for button in (self.preview_button, self.import_button, self.read_button):
            button.setEnabled(False)
        return self.panel.run(job, "Reading…" if dry_run else "Importing…")

    def run_preview(self) -> Job | None:
        """Count what an import would do, and list the rows that match known contacts."""
        self.duplicates.setRowCount(0)
        return self._start(dry_run=True)

    def run_import(self, cancel_at_once: bool = False) -> Job | None:
        """Import for real, all rows or none."""
        return self._start(dry_run=False, cancel_at_once=cancel_at_once)

    def _settle(self, message: str) -> None:
        self.read_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.panel.finish(message)

    def _on_done(self, outcome: tuple[ReadResult, ImportResult], dry_run: bool) -> None:
        read, result = outcome
        self.read = read
        problems = "".join(f"\n• {p}" for p in result.problems[:8])
        if dry_run:
            self.preview = result
            self._fill_duplicates(result)
            self.import_button.setEnabled(True)
            self._settle(
                f"{len(read.contacts)} contacts read. An import would give: "
                f"{result.summary()}.{problems}"
            )
        else:
            self.imported = result
            self.contacts_imported.emit()
            self.import_button.setEnabled(False)
            self._settle(f"Imported: {result.summary()}.{problems}")

    def _fill_duplicates(self, result: ImportResult) -> None:
        self.duplicates.setRowCount(0)
        for text in result.duplicates:
            row = self.duplicates.rowCount()
            self.duplicates.insertRow(row)
            self.duplicates.setItem(row, 0, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setAccessibleName(f"What to do with {text}")
            for action, label in ACTIONS.items():
                combo.addItem(label, action)
            combo.setCurrentIndex(max(combo.findData(self.on_duplicate.currentData()), 0))
            self.duplicates.setCellWidget(row, 1, combo)
        self.duplicates.setColumnWidth(0, 330)

    def decide(self, row: int, action: DuplicateAction) -> None:
        """Choose what to do with one matching row."""
        combo = self.duplicates.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(action))

    def _on_failed(self, message: str) -> None:
        self._settle(f"Nothing was imported. {message}")

    def _on_cancelled(self) -> None:
        self._settle("Cancelled; nothing was imported.")
