"""Contacts → a person's data: everything held about them, or their erasure on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.services.workspace import Workspace
from crm.ui.worker import Job, run_in_background


class PrivacyActions:
    """The two menu actions and what they do; the window says which contact is current."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget,
        current_contact: Callable[[], int | None],
        erased: Callable[[], None],
        tell: Callable[[str], None],
    ) -> None:
        self._workspace = workspace
        self._parent = parent
        self._current_contact = current_contact
        self._erased = erased
        self._tell = tell
        self.report_action = QAction("Everything held about this &person…", parent)
        self.report_action.setStatusTip(
            "Write a subject-access report: all that is held about this contact, as JSON"
        )
        self.report_action.triggered.connect(self.report)
        self.erase_action = QAction("&Erase this person…", parent)
        self.erase_action.setStatusTip("Erase this contact on their request (cannot be undone)")
        self.erase_action.triggered.connect(self.erase)
        self.job: Job | None = None  # kept while an erasure runs

    def update(self, is_contact: bool, can_change: bool) -> None:
        """Offer the actions when a contact is current (erasure only where changes are allowed)."""
        self.report_action.setEnabled(is_contact)
        self.erase_action.setEnabled(is_contact and can_change)

    def report(self) -> None:
        """Ask where, then write everything held about the current contact there."""
        contact_id = self._current_contact()
        if contact_id is None:
            return
        name = self._workspace.ref(RecordKind.CONTACTS, contact_id).label
        suggested = str(Path.home() / f"{name} - data held by Convene.json")
        path, _filter = QFileDialog.getSaveFileName(
            self._parent, f"Everything held about {name}", suggested, "JSON (*.json)"
        )
        if not path:
            return
        try:
            self._workspace.write_subject_access_report(contact_id, path)
        except (DomainError, OSError) as error:
            QMessageBox.warning(self._parent, "The report was not written", str(error))
            return
        self._tell(f"Everything held about {name} written to {path}.")

    def erase(self) -> None:
        """Erase the current contact, once the user has read what it means and agreed."""
        contact_id = self._current_contact()
        if contact_id is None:
            return
        name = self._workspace.ref(RecordKind.CONTACTS, contact_id).label
        answer = QMessageBox.warning(
            self._parent,
            "Erase this person",
            f"Erase {name} from this database, as they asked?\n\n"
            "Their details, emails, phones, affiliations, list places and the quotes that "
            "cite them are removed. The events they attended and the commitments they made "
            "stay, without their name; their change history keeps only who changed what "
            "when.\n\nThis cannot be undone. Backups made before now still hold them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # On a worker: the erasure rewrites the search index (0.46 s at 100,000 contacts).
        self.erase_action.setEnabled(False)
        self._tell(f"Erasing {name}…")

        def done(_erased: object) -> None:
            self._erased()
            self._tell(f"{name} was erased.")

        def refused(message: str) -> None:
            self.erase_action.setEnabled(True)
            QMessageBox.warning(self._parent, "Nothing was erased", message)

        self.job = run_in_background(
            lambda: self._workspace.erase_contact(contact_id), done, refused, writes=True
        )
