"""Small editing widgets: optional dates, record pickers, lists of emails or phones, tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm.domain.records import Ref


class OptionalDateEdit(QWidget):
    """A date that may be unknown: a tick box to say it is known, and the date."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.known = QCheckBox("known")
        self.known.setAccessibleName(f"{label} is known")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setAccessibleName(label)
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.known.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.known)
        row.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        """Return the date, or None when it is not known."""
        if not self.known.isChecked():
            return None
        qdate = self.edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        """Show a date, or mark it unknown."""
        self.known.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class RecordPicker(QWidget):
    """Choose a record by typing part of its name: "allm" offers ALLMEP."""

    changed = Signal()

    def __init__(self, find: Callable[[str], list[Ref]], label: str) -> None:
        super().__init__()
        self._find = find
        self._choices: dict[str, Ref] = {}
        self.chosen: Ref | None = None
        self.line = QLineEdit()
        self.line.setPlaceholderText("Type to search…")
        self.line.setAccessibleName(label)
        self.line.setClearButtonEnabled(True)
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.line.setCompleter(self.completer)
        self.completer.activated.connect(self._on_chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search_now)
        self.line.textEdited.connect(self._on_edited)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line)
        self.setFocusProxy(self.line)

    def _on_edited(self, text: str) -> None:
        if self.chosen is not None and text != self.chosen.label:
            self.chosen = None
            self.changed.emit()
        self._timer.start()

    def search_now(self) -> None:
        """Offer the records matching what is typed."""
        refs = self._find(self.line.text().strip())
        self._choices = {ref.label: ref for ref in refs}
        self._names.setStringList(list(self._choices))
        if refs and self.line.hasFocus():
            self.completer.complete()

    def choose_text(self, label: str) -> bool:
        """Choose the offered record shown as ``label`` (what a click in the list does)."""
        if label not in self._choices:
            return False
        self._on_chosen(label)
        return True

    def _on_chosen(self, label: str) -> None:
        self.chosen = self._choices.get(label)
        self.line.setText(label)
        self.changed.emit()

    def set_ref(self, ref: Ref | None) -> None:
        """Show a chosen record, or none."""
        self.chosen = ref
        self.line.setText(ref.label if ref else "")

    def chosen_id(self) -> int | None:
        """Return the chosen record's id, or None."""
        return self.chosen.id if self.chosen else None


class MethodListEditor(QWidget):
    """Several emails or phones, each with a label; one is primary. Rows added and removed."""

    def __init__(self, noun: str, labels: Sequence[str]) -> None:
        super().__init__()
        self._noun = noun
        self._labels = tuple(labels)
        self._rows: list[tuple[QLineEdit, QComboBox, QRadioButton, QToolButton]] = []
        self._primary = QButtonGroup(self)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(lambda: self.add_row("", self._labels[0], False, True))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._grid)
        column.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def add_row(self, value: str, label: str, primary: bool, focus: bool = False) -> QLineEdit:
        """Add a row for one value."""
        index = len(self._rows)
        edit = QLineEdit(value)
        edit.setAccessibleName(f"{self._noun.capitalize()} {index + 1}")
        kind = QComboBox()
        kind.setEditable(True)
        kind.addItems(self._labels)
        kind.setCurrentText(label)
        kind.setAccessibleName(f"Label of {self._noun} {index + 1}")
        is_primary = QRadioButton("primary")
        is_primary.setAccessibleName(f"{self._noun.capitalize()} {index + 1} is primary")
        is_primary.setChecked(primary or index == 0)
        self._primary.addButton(is_primary)
        remove = QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove {self._noun} {index + 1}")
        row = (edit, kind, is_primary, remove)
        remove.clicked.connect(lambda: self._remove(row))
        for column, widget in enumerate(row):
            self._grid.addWidget(widget, index, column)
        self._rows.append(row)
        if focus:
            edit.setFocus()
        return edit

    def _remove(self, row: tuple[QLineEdit, QComboBox, QRadioButton, QToolButton]) -> None:
        values = [
            (e.text(), k.currentText(), p.isChecked())
            for e, k, p, _ in self._rows
            if (e, k, p, _) != row
        ]
        self.set_values(values)

    def set_values(self, values: Sequence[tuple[str, str, bool]]) -> None:
        """Replace every row."""
        for row in self._rows:
            for widget in row:
                self._grid.removeWidget(widget)
                widget.deleteLater()
            self._primary.removeButton(row[2])
        self._rows = []
        for value, label, primary in values:
            self.add_row(value, label, primary)

    def values(self) -> list[tuple[str, str, bool]]:
        """Return (value, label, primary) for every non-empty row."""
        return [
            (e.text().strip(), k.currentText().strip() or self._labels[0], p.isChecked())
            for e, k, p, _ in self._rows
            if e.text().strip()
        ]

    def edits(self) -> list[QLineEdit]:
        """Return the value fields, in order."""
        return [row[0] for row in self._rows]


def tags_text(tags: Sequence[str]) -> str:
    """Write tags in a one-line field: between commas, or semicolons where a tag holds a comma.

    Written between commas, "Paris, 2026" would come back from the field as two tags, and a
    save of anything else on the form would split it.
    """
    return ("; " if any("," in tag for tag in tags) else ", ").join(tags)


def split_tags(text: str) -> tuple[str, ...]:
    """Read tags typed between commas, or between semicolons where the text has any."""
    separator = ";" if ";" in text else ","
    return tuple(t.strip() for t in text.split(separator) if t.strip())


class PartyRolesEditor(QWidget):
    """Rows of an organization or a person, each with a role when roles are given.

    An event's organizers carry a role (host, patron, co-chair…); a commitment's endorsers
    need none.
    """

    def __init__(
        self,
        find_parties: Callable[[str], list[Ref]],
        roles: Sequence[tuple[str, object]],
        noun: str,
    ) -> None:
        super().__init__()
        self._find = find_parties
        self._roles = tuple(roles)
        self._noun = noun
        self._rows: list[tuple[RecordPicker, QComboBox, QToolButton]] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(
            lambda: self.add_row(None, self._roles[0][1] if self._roles else None)
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._grid)
        column.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def add_row(self, party: Ref | None, role: object) -> RecordPicker:
        """Add a row for one party in one role."""
        index = len(self._rows)
        picker = RecordPicker(self._find, f"{self._noun.capitalize()} {index + 1}")
        picker.set_ref(party)
        role_box = QComboBox()
        role_box.setAccessibleName(f"Role of {self._noun} {index + 1}")
        for label, value in self._roles:
            role_box.addItem(label, value)
        role_box.setCurrentIndex(max(role_box.findData(role), 0))
        role_box.setVisible(bool(self._roles))
        remove = QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove {self._noun} {index + 1}")
        row = (picker, role_box, remove)
        remove.clicked.connect(lambda: self._remove(row))
        for position, widget in enumerate(row):
            self._grid.addWidget(widget, index, position)
        self._rows.append(row)
        return picker

    def _remove(self, row: tuple[RecordPicker, QComboBox, QToolButton]) -> None:
        kept = [(p.chosen, r.currentData()) for p, r, x in self._rows if (p, r, x) != row]
        self.set_values(kept)

    def set_values(self, values: Sequence[tuple[Ref | None, object]]) -> None:
        """Replace every row."""
        for row in self._rows:
            for widget in row:
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self._rows = []
        for party, role in values:
            self.add_row(party, role)

    def values(self) -> list[tuple[Ref, object]]:
        """Return (party, role) for each row with a chosen party."""
        return [(p.chosen, r.currentData()) for p, r, _ in self._rows if p.chosen is not None]


def row_picker_table(headers: Sequence[str], name: str) -> QTableWidget:
    """A read-only table of rows, one of which the user picks (a dialog's list of records)."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table
