"""The frame every record dialog shares: a form, Save and Cancel, messages beside fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm.domain.errors import DomainError, FieldProblem, ValidationError
from crm.ui.columns import show
from crm.ui.forms import Form
from crm.ui.worker import Job, run_in_background

# Returns the saved record, or None when the user backed out (of a conflict, say), or
# InBackground for a save too long for the window's thread.
Save = Callable[[Any], Any]


@dataclass(frozen=True)
class InBackground:
    """A save to run on a worker (``work``), then finish on the window's thread (``then``).

    ``then`` takes what ``work`` returned and gives the saved record, as a Save does.
    """

    work: Callable[[], Any]
    then: Callable[[Any], Any]
    doing: str  # what the dialog says meanwhile: "Adding 200,316 contacts to the list…"


class RecordDialog(QDialog):
    """A form for one record; Save hands a draft to the services and shows what they refuse."""

    saved = Signal(object)

    def __init__(self, title: str, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._save = save
        self.result_value: Any = None
        self.job: Job | None = None  # a save running in the background
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
        self.busy = QLabel()  # what a save running in the background is doing
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.busy)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self._show_busy("")
        self.resize(560, 640)

    def build_draft(self) -> Any:
        """Read the form into a draft (subclasses)."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save; on refusal show the messages beside their fields and stay open."""
        if self.job is not None:
            return  # saving already
        try:
            result = self._save(self.build_draft())
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except DomainError as error:
            self._refused(str(error))
            return
        if isinstance(result, InBackground):
            self._save_in_background(result)
            return
        self._saved(result)

    def reject(self) -> None:
        """Close without saving; not while a save runs (it is one transaction, done or not)."""
        if self.job is None:
            super().reject()

    def _saved(self, result: Any) -> None:
        if result is None:
            return
        self.result_value = result
        self.saved.emit(result)
        super().accept()

    def _refused(self, message: str) -> None:
        self.form.show_problems([FieldProblem("", "refused", message)])

    def _show_busy(self, doing: str) -> None:
        self.busy.setText(doing)
        self.busy.setVisible(bool(doing))
        self.busy_bar.setVisible(bool(doing))
        self.buttons.setEnabled(not doing)

    def _save_in_background(self, save: InBackground) -> None:
        self.form.clear_problems()
        self._show_busy(save.doing)

        def succeeded(outcome: Any) -> None:
            self.job = None
            self._show_busy("")
            try:
                result = save.then(outcome)
            except DomainError as error:
                self._refused(str(error))
                return
            self._saved(result)

        def failed(message: str) -> None:
            self.job = None
            self._show_busy("")
            self._refused(message)

        self.job = run_in_background(save.work, succeeded, failed, writes=True)


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
