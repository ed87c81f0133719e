"""Correct a proposal's details before it is taken in: a title, an email, an event's day.

Only the fields a reader can check against the sentence are offered; the services check
them again when the proposal is written (an address that is not one is refused there).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm.domain.intake import Proposal, ProposalKind, label_of_fields

# Per kind: the field, its label, and how it is kept (text, a list, a day).
FIELDS: dict[ProposalKind, tuple[tuple[str, str, str], ...]] = {
    ProposalKind.ORGANIZATION: (
        ("name", "Name", "text"),
        ("acronym", "Acronym", "text"),
        ("country", "Country (code)", "text"),
    ),
    ProposalKind.PERSON: (
        ("given_name", "Given name", "text"),
        ("family_name", "Family name", "text"),
        ("job_title", "Title", "text"),
        ("emails", "Emails (comma between)", "list"),
        ("phones", "Phones (comma between)", "list"),
    ),
    ProposalKind.EVENT: (
        ("name", "Name", "text"),
        ("start_date", "Day (YYYY-MM-DD)", "day"),
        ("city", "City", "text"),
        ("country", "Country (code)", "text"),
    ),
    ProposalKind.COMMITMENT: (
        ("title", "Title", "text"),
        ("made_on", "Made on (YYYY-MM-DD)", "day"),
    ),
}


def _shown(value: Any, how: str) -> str:
    if value is None:
        return ""
    if how == "list":
        return ", ".join(str(v).split("\t")[0] for v in value)
    if how == "day":
        return value.isoformat() if isinstance(value, date) else str(value)
    return str(value)


class ProposalEditor(QDialog):
    """A small form over one proposal's fields; OK gives back the corrected proposal."""

    def __init__(self, proposal: Proposal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Details of {proposal.label}")
        self.proposal = proposal
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, how in FIELDS.get(proposal.kind, ()):
            edit = QLineEdit(_shown(proposal.fields.get(name), how))
            edit.setAccessibleName(label)
            self.edits[name] = edit
            form.addRow(label, edit)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def corrected(self) -> Proposal | None:
        """The proposal with the form's values, or None (and the reason shown) if one is wrong."""
        fields: dict[str, Any] = dict(self.proposal.fields)
        for name, label, how in FIELDS.get(self.proposal.kind, ()):
            text = self.edits[name].text().strip()
            if how == "list":
                fields[name] = [part.strip() for part in text.split(",") if part.strip()]
            elif how == "day":
                try:
                    fields[name] = date.fromisoformat(text) if text else None
                except ValueError:
                    self.problem.setText(f"{label}: “{text}” is not a day such as 2026-06-12.")
                    return None
                if name == "start_date":
                    fields["exact_date"] = True  # a day the user gave is the day
            else:
                fields[name] = text or None
        label = label_of_fields(self.proposal.kind, fields)
        if not label:
            self.problem.setText("A name is needed.")
            return None
        return replace(self.proposal, label=label, fields=fields)

    def accept(self) -> None:
        """Close only when every value reads right."""
        if self.corrected() is not None:
            super().accept()
