"""The frame every record dialog shares: a form, Save and Cancel, messages beside fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm.domain.errors import DomainError, FieldProblem, ValidationError
from crm.ui.columns import show
from crm.ui.forms import Form

# Returns the saved record, or None when the user backed out (of a conflict, say).
Save = Callable[[Any], Any]


class RecordDialog(QDialog):
    """A form for one record; Save hands a draft to the services and shows what they refuse."""

    saved = Signal(object)

    def __init__(self, title: str, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._save = save
        self.result_value: Any = None
        self.form = Form()
        body = QWidget()
        body.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self.resize(560, 640)

    def build_draft(self) -> Any:
        """Read the form into a draft (subclasses)."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save; on refusal show the messages beside their fields and stay open."""
        try:
            result = self._save(self.build_draft())
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except DomainError as error:
            self.form.show_problems([FieldProblem("", "refused", str(error))])
            return
        if result is None:
            return
        self.result_value = result
        self.saved.emit(result)
        super().accept()


def enum_combo(
    enum_class: type[StrEnum], current: StrEnum | None, allow_none: bool = False
) -> QComboBox:
    """A drop-down of an enumeration's values, in words."""
    combo = QComboBox()
    if allow_none:
        combo.addItem("—", None)
    for member in enum_class:
        combo.addItem(show(member), member)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def country_combo(countries: dict[str, str], current: str | None) -> QComboBox:
    """A searchable drop-down of countries, shown as "FR — France"."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("", None)
    for code, name in countries.items():
        combo.addItem(f"{code} — {name}", code)
    completer = combo.completer()
    if completer is not None:  # typing "france" finds "FR — France"
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def country_of(combo: QComboBox) -> str | None:
    """Return the chosen country, or what was typed so the services can judge it."""
    text = combo.currentText().strip()
    if not text:
        return None
    data = combo.currentData()
    if data is not None and combo.itemText(combo.currentIndex()) == text:
        return str(data)
    return text.split(" — ")[0]


def notes_edit(text: str | None, label: str, height: int = 70) -> QPlainTextEdit:
    """A multi-line text field."""
    edit = QPlainTextEdit(text or "")
    edit.setAccessibleName(label)
    edit.setMinimumHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def optional(text: str) -> str | None:
    """Return stripped text, or None when blank."""
    return text.strip() or None


def keep(values: Sequence[Any]) -> tuple[Any, ...]:
    """Freeze a sequence for a draft."""
    return tuple(values)
