"""Saved searches in the window: save the contacts table's search, open, rename, delete."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.services.workspace import Workspace
from crm.ui.record_view import RecordView


class SavedSearchesMenu:
    """The “Saved searches” menu under Contacts and the commands behind it."""

    def __init__(
        self,
        workspace: Workspace,
        contacts_view: Callable[[], RecordView],
        show_view: Callable[[RecordKind], RecordView],
        window: QMainWindow,
    ) -> None:
        self._workspace = workspace
        self._contacts_view = contacts_view
        self._show_view = show_view
        self._window = window
        self.menu = QMenu("Saved searc&hes", window)
        # Filled as it opens, not at start-up: reading them then would be the window's first
        # ORM query, and set up every mapper (about 50 ms) before the first rows are painted.
        self.menu.aboutToShow.connect(self.fill)

    def save(self) -> None:
        """Name the contacts table's search and filters, to run them again later."""
        name, ok = QInputDialog.getText(self._window, "Save this search", "Name of the search:")
        if not ok or not name.strip():
            return
        try:
            self._workspace.save_search(name, self._contacts_view().query)
        except DomainError as error:
            QMessageBox.warning(self._window, "Convene", str(error))
            return
        self.fill()
        self._window.statusBar().showMessage(f"Saved the search “{name.strip()}”.", 5000)

    def open(self, search_id: int) -> None:
        """Show the contacts a saved search finds today."""
        saved = next(s for s in self._workspace.saved_searches() if s.id == search_id)
        self._show_view(RecordKind.CONTACTS).apply_query(saved.query)

    def rename(self, search_id: int) -> None:
        """Give a saved search a new name."""
        name, ok = QInputDialog.getText(self._window, "Rename the search", "New name:")
        if ok and name.strip():
            self._workspace.rename_search(search_id, name)
            self.fill()

    def delete(self, search_id: int) -> None:
        """Forget a saved search, after asking."""
        answer = QMessageBox.question(
            self._window, "Delete", "Forget this saved search? The contacts it finds stay."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._workspace.delete_search(search_id)
            self.fill()

    def fill(self) -> None:
        """List the saved searches, each with Open, Rename and Delete."""
        self.menu.clear()
        searches = self._workspace.saved_searches()
        if not searches:
            empty = self.menu.addAction("(none yet: Save this search… keeps one)")
            empty.setEnabled(False)
        for saved in searches:
            sub = self.menu.addMenu(saved.name)
            sub.addAction("Open").triggered.connect(partial(self.open, saved.id))
            sub.addAction("Rename…").triggered.connect(partial(self.rename, saved.id))
            sub.addAction("Delete…").triggered.connect(partial(self.delete, saved.id))
