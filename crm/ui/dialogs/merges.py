"""Edit → Merges…: every merge kept, newest first; any one not undone can be undone.

Ctrl+Z undoes the merges of this sitting; this list reaches the older ones too (made on
another day, in another window, or from the command line).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.domain.errors import DomainError
from crm.services.workspace import Workspace
from crm.ui.widgets import row_picker_table

COLUMNS = ("No.", "When", "By", "Kind", "What", "Undone")
LISTED = 200


class MergesDialog(QDialog):
    """The kept merges, and Undo for the one selected."""

    def __init__(
        self, workspace: Workspace, undone: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merges")
        self._workspace = workspace
        self._undone = undone
        self.table = row_picker_table(COLUMNS, "Merges")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._enable())
        self.undo_button = QPushButton("Undo this merge")
        self.undo_button.setAccessibleName("Undo this merge")
        self.undo_button.clicked.connect(self.undo_selected)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 420)
        self.rows = workspace.merges(LISTED)
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = (
                str(row.id),
                f"{row.at.astimezone():%Y-%m-%d %H:%M}",  # in the user's own time
                row.actor,
                row.record_type,
                row.summary,
                "undone" if row.undone else "",
            )
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.status.setText(
            f"{len(self.rows)} merge{'s' if len(self.rows) != 1 else ''}, newest first."
            if self.rows
            else "No merges yet."
        )
        self._enable()

    def _enable(self) -> None:
        row = self.table.currentRow()
        chosen = self.rows[row] if 0 <= row < len(self.rows) else None
        allowed = chosen is not None and not chosen.undone and not self._workspace.read_only
        self.undo_button.setEnabled(allowed)

    def undo_selected(self) -> None:
        """Undo the selected merge: both records back as they were."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        chosen = self.rows[row]
        try:
            self._workspace.undo_merge(chosen.id)
        except DomainError as error:
            QMessageBox.warning(self, "The merge was not undone", str(error))
            return
        self.rows = self._workspace.merges(LISTED)
        self._fill()
        self.table.selectRow(row)
        self.status.setText(f"Merge {chosen.id} undone: {chosen.summary}.")
        self._undone()
