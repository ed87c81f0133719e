"""Edit → Tags…: every tag with the records carrying it; rename, merge or delete one.

Renaming a tag to another tag's name (in any letter case) merges the two: "Partnr" renamed
"partner" puts its contacts, organizations and events under "Partner". Each change goes on
the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.domain.records import TagChange, TagRow
from crm.services.tags import tag_key
from crm.services.workspace import Workspace
from crm.ui.widgets import row_picker_table
from crm.ui.worker import Job, run_in_background

COLUMNS = ("Tag", "Contacts", "Organizations", "Events")
Done = Callable[[TagChange], None]


class TagsDialog(QDialog):
    """The tags in use; the selected one renamed, merged into another, or deleted."""

    def __init__(self, workspace: Workspace, done: Done, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self._workspace = workspace
        self._done = done
        self.rows: list[TagRow] = []
        self.job: Job | None = None  # the change running, kept while it runs
        self.table = row_picker_table(COLUMNS, "Tags")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_a: self._chosen_changed())
        self.name = QLineEdit()
        self.name.setAccessibleName("New name")
        self.name.setPlaceholderText("New name")
        self.name.textChanged.connect(lambda _t: self._enable())
        self.name.returnPressed.connect(self.rename_selected)
        self.rename_button = QPushButton("Rename")
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        renaming = QHBoxLayout()
        renaming.addWidget(self.name, 1)
        renaming.addWidget(self.rename_button)
        renaming.addWidget(self.delete_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(renaming)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(560, 440)
        self.loading: Job | None = None  # the reading of the tags, kept while it runs
        self._readings = 0  # a reading older than the last one asked for is not shown
        self.status.setText("Counting what carries each tag…")
        self._enable()  # nothing chosen yet: no button to press
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        """Read the tags again on a worker; select the one with id ``keep`` if still there.

        Counting what carries each tag reads the tag links of every record: 0.1 s at a
        million contacts, too long for the window's thread.
        """
        self._readings += 1
        reading = self._readings

        def show(rows: list[TagRow]) -> None:
            if reading == self._readings:
                self.loading = None
                if reading == 1:
                    self.status.clear()  # "Counting…": later readings keep what a change said
                self._show(rows, keep)

        self.loading = run_in_background(self._workspace.tags, show, self.status.setText)

    def _show(self, rows: list[TagRow], keep: int | None) -> None:
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            self.table.setItem(index, 0, QTableWidgetItem(row.name))
            for column, count in enumerate((row.contacts, row.organizations, row.events), 1):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        chosen = next((i for i, row in enumerate(self.rows) if row.id == keep), 0)
        if self.rows:
            self.table.selectRow(chosen)
        else:
            self.status.setText("No tags yet: add them on a contact, organization or event.")
        self._chosen_changed()

    def chosen(self) -> TagRow | None:
        """The selected tag."""
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def select(self, name: str) -> None:
        """Select the tag called ``name``."""
        index = next(i for i, row in enumerate(self.rows) if row.name == name)
        self.table.selectRow(index)

    def _chosen_changed(self) -> None:
        chosen = self.chosen()
        self.name.setText(chosen.name if chosen else "")
        self._enable()

    def _merge_target(self) -> TagRow | None:
        """The other tag the typed name is, in some letter case, if any."""
        chosen, key = self.chosen(), tag_key(self.name.text())
        return next((row for row in self.rows if tag_key(row.name) == key and row != chosen), None)

    def _enable(self) -> None:
        chosen = self.chosen()
        # Off while a change runs: typing a name meanwhile must not offer a second one.
        writable = chosen is not None and not self._workspace.read_only and self.job is None
        typed = self.name.text().strip()
        target = self._merge_target()
        self.rename_button.setText(f"Merge into “{target.name}”" if target else "Rename")
        self.rename_button.setEnabled(
            writable and bool(typed) and chosen is not None and typed != chosen.name
        )
        self.delete_button.setEnabled(writable)

    def rename_selected(self) -> None:
        """Rename the selected tag to the typed name, merging it if that is another tag's."""
        chosen = self.chosen()
        if chosen is None or not self.rename_button.isEnabled():
            return
        name = self.name.text()

        def said(change: TagChange) -> str:
            if change.merged_into is not None:
                return f"“{chosen.name}” merged into “{change.new_name}” ({chosen.carried_by()})."
            return f"“{chosen.name}” is “{change.new_name}” now."

        target = self._merge_target()
        doing = f"Merging into “{target.name}”…" if target else f"Renaming “{chosen.name}”…"
        self._run(lambda: self._workspace.rename_tag(chosen.id, name), said, doing)

    def delete_selected(self) -> None:
        """Take the selected tag off every record, after asking."""
        chosen = self.chosen()
        if chosen is None or self._workspace.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Delete the tag?",
            f"Take “{chosen.name}” off {chosen.carried_by()} and delete it? "
            "Edit → Undo puts it back.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(
            lambda: self._workspace.delete_tag(chosen.id),
            lambda _change: f"“{chosen.name}” deleted.",
            f"Deleting “{chosen.name}”…",
        )

    def reject(self) -> None:
        """Close, unless a change is still being written (its outcome is shown here)."""
        if self.job is not None:
            self.status.setText("Still changing the tag; close when it is done.")
            return
        super().reject()

    def _run(
        self,
        work: Callable[[], TagChange | None],
        said: Callable[[TagChange], str],
        doing: str,
    ) -> None:
        """Change the tag on a worker: a tag on fifty thousand contacts takes a second or two."""
        self.rename_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.status.setText(doing)

        def succeeded(change: TagChange | None) -> None:
            self.job = None
            if change is None:
                self._enable()
                return
            self.status.setText(said(change))
            self.reload(keep=change.merged_into or change.tag_id)
            self._done(change)

        def failed(message: str) -> None:
            self.job = None
            self.status.setText(message)
            self._enable()

        self.job = run_in_background(work, succeeded, failed, writes=True)
