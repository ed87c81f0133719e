"""Forms built in code, with each field's validation message shown right beneath it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from crm.domain.errors import FieldProblem

ERROR_STYLE = "color: #c62828;"

WidgetT = TypeVar("WidgetT", bound=QWidget)


class Form(QFormLayout):
    """A form whose rows each carry a hidden message label for that field's problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setAccessibleName("Problems with this form")
        self.general_error.hide()
        self.addRow(self.general_error)

    def add(self, field: str, label: str, widget: WidgetT) -> WidgetT:
        """Add a labelled row for ``field``; return the widget for chaining."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAccessibleName(f"Problem with {label.rstrip(':')}")
        error.hide()
        column.addWidget(error)
        if not widget.accessibleName():
            widget.setAccessibleName(label.rstrip(":"))
        self.addRow(label, holder)
        self._errors[field] = error
        self._widgets[field] = widget
        return widget

    def error_text(self, field: str) -> str:
        """Return the message shown under ``field`` (empty when it is fine)."""
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""

    def clear_problems(self) -> None:
        """Hide every message."""
        for label in (*self._errors.values(), self.general_error):
            label.clear()
            label.hide()

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        """Show each problem under its field; problems of no field go at the top."""
        self.clear_problems()
        general: list[str] = []
        first_widget: QWidget | None = None
        for problem in problems:
            field = problem.field if problem.field in self._errors else problem.field.split("[")[0]
            label = self._errors.get(field)
            if label is None:
                general.append(problem.message)
                continue
            label.setText("\n".join(filter(None, (label.text(), problem.message))))
            label.show()
            first_widget = first_widget or self._widgets[field]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first_widget is not None:
            first_widget.setFocus()
