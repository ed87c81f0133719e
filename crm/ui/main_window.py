"""The main window: for now a summary of what the database holds, and the way to fill it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.services.workspace import Workspace

_KIND_LABELS = {
    "organizations": "Organizations",
    "contacts": "Contacts",
    "events": "Events",
    "attendances": "Attendances",
    "commitments": "Commitments",
    "documents": "Documents",
    "citations": "Citations",
    "lists": "Contact lists",
}


class MainWindow(QMainWindow):
    """Convene's main window."""

    sample_records_loaded = Signal(int)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace
        self.setWindowTitle("Convene")
        self.resize(900, 600)

        self._heading = QLabel("<h2>Convene</h2>")
        self._summary = QFormLayout()
        self._count_labels: dict[str, QLabel] = {}
        for kind, label in _KIND_LABELS.items():
            value = QLabel()
            value.setAccessibleName(f"{label} count")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._count_labels[kind] = value
            self._summary.addRow(label, value)
        self._empty_note = QLabel(
            "This database is empty. Load the records drawn from the two source documents "
            "(the Paris Call for Peace, June 2025, and the Paris conference of June 2026)?"
        )
        self._empty_note.setWordWrap(True)
        self.load_button = QPushButton("Load the documents' records")
        self.load_button.setAccessibleName("Load the documents' records")
        self.load_button.clicked.connect(self._load_sample_records)

        body = QVBoxLayout()
        body.addWidget(self._heading)
        body.addLayout(self._summary)
        body.addWidget(self._empty_note)
        body.addWidget(self.load_button)
        body.addStretch(1)
        panel = QWidget()
        panel.setLayout(body)
        panel.setMaximumWidth(560)  # a summary stretched over a wide window is hard to read
        outer = QVBoxLayout()
        outer.addWidget(panel, alignment=Qt.AlignmentFlag.AlignHCenter)
        central = QWidget()
        central.setLayout(outer)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Database: {workspace.location}")
        self.refresh()

    def refresh(self) -> None:
        """Show the current counts, and the offer to load records when there are none."""
        counts = self._workspace.counts()
        for kind, label in self._count_labels.items():
            label.setText(str(counts.get(kind, 0)))
        empty = self._workspace.is_empty()
        self._empty_note.setVisible(empty)
        self.load_button.setVisible(empty)

    def count_shown(self, kind: str) -> int:
        """Return the count the window shows for ``kind``."""
        return int(self._count_labels[kind].text())

    def _load_sample_records(self) -> None:
        added = self._workspace.load_sample_records()
        self.refresh()
        self.sample_records_loaded.emit(added)
