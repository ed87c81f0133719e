"""Someone else saved the record first: show both versions and let the user choose."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.ui.columns import show


class ConflictChoice(Enum):
    """What to do about a record changed elsewhere."""

    KEEP_THEIRS = "keep theirs"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


def differences(mine: Any, theirs: Any) -> list[tuple[str, str, str]]:
    """List the fields in which two drafts differ, as (field, mine, theirs) in words."""
    rows = []
    for field in fields(mine):
        if field.name == "external_id":
            continue
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        if a != b:
            rows.append((field.name.replace("_", " "), _words(a), _words(b)))
    return rows


def _words(value: Any) -> str:
    if isinstance(value, tuple) and value and hasattr(value[0], "__dataclass_fields__"):
        return "; ".join(
            ", ".join(
                show(getattr(v, f.name))
                for f in fields(v)
                if getattr(v, f.name) not in (None, False, "")
            )
            for v in value
        )
    return show(value)


class ConflictDialog(QDialog):
    """Both versions side by side, with Keep theirs, Overwrite with mine, and Cancel."""

    def __init__(self, what: str, mine: Any, theirs: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.setAccessibleName("Changed by someone else")
        self.choice = ConflictChoice.CANCEL
        rows = differences(mine, theirs)
        intro = QLabel(
            f"<b>{what}</b> was changed by someone else after you opened it. "
            "Nothing has been overwritten. These fields differ:"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName("Differences between your version and theirs")
        self.table.setHorizontalHeaderLabels(["Field", "Yours", "Theirs (saved)"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton("Keep theirs")
        self.overwrite_button = QPushButton("Save mine over theirs")
        cancel = QPushButton("Back to my edit")
        for button, role, choice in (
            (self.keep_button, QDialogButtonBox.ButtonRole.RejectRole, ConflictChoice.KEEP_THEIRS),
            (
                self.overwrite_button,
                QDialogButtonBox.ButtonRole.AcceptRole,
                ConflictChoice.OVERWRITE,
            ),
            (cancel, QDialogButtonBox.ButtonRole.RejectRole, ConflictChoice.CANCEL),
        ):
            button.setAccessibleName(button.text())
            buttons.addButton(button, role)
            button.clicked.connect(lambda _c=False, chosen=choice: self._choose(chosen))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.done(1)
