"""A table model that pages rows in from a service, so a table opens fast at any size."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm.domain.records import Page, Sort
from crm.ui.columns import ColumnSpec

FetchPage = Callable[[int, int], Page[Any]]
AnyIndex = QModelIndex | QPersistentModelIndex

BLOCK = 200


def is_right_to_left(text: str) -> bool:
    """Tell whether the first strongly directional letter of ``text`` is Arabic or Hebrew."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


class PagedTableModel(QAbstractTableModel):
    """Rows of one kind, fetched a block at a time as the view scrolls."""

    RowIdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    totals_changed = Signal(int, int)
    sort_changed = Signal(object)

    def __init__(
        self, columns: Sequence[ColumnSpec], fetch: FetchPage | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._fetch = fetch
        self._rows: list[Any] = []
        self._total = 0

    # -- loading ---------------------------------------------------------------------------
    def set_fetch(self, fetch: FetchPage) -> None:
        """Use a new source of pages (new search, filters or sort) and show its first block."""
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        """Throw the loaded rows away and fetch the first block again."""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        if self._fetch is not None:
            page = self._fetch(0, BLOCK)
            self._rows = list(page.rows)
            self._total = page.total
        self.endResetModel()
        self.totals_changed.emit(len(self._rows), self._total)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        """Tell the view whether rows remain to be fetched."""
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        """Fetch the next block of rows."""
        if parent.isValid() or self._fetch is None or len(self._rows) >= self._total:
            return
        page = self._fetch(len(self._rows), BLOCK)
        if not page.rows:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._total = max(page.total, len(self._rows))
        self.endInsertRows()
        self.totals_changed.emit(len(self._rows), self._total)

    # -- reading ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Return how many rows match in all, loaded or not."""
        return self._total

    def row_at(self, row: int) -> Any:
        """Return the record row shown at ``row``."""
        return self._rows[row]

    def row_of_id(self, record_id: int) -> int | None:
        """Return the table row showing ``record_id`` among those loaded."""
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Count the loaded rows (none below a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Count the columns."""
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return what ``role`` asks of one cell."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column, column.text(row))
        if role == self.RowIdRole:
            return row.id
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.header}: {column.text(row)}"
        return None

    @staticmethod
    def _alignment(column: ColumnSpec, text: str) -> int:
        horizontal = column.alignment
        if horizontal == Qt.AlignmentFlag.AlignLeft and is_right_to_left(text):
            horizontal = Qt.AlignmentFlag.AlignRight  # Arabic and Hebrew names read from the right
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].sort_key is None:
            return "This column cannot be sorted."
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the rows sorted by a column: the query is run again, never sorted in memory."""
        if not 0 <= column < len(self.columns):
            self.sort_changed.emit(None)
            return
        key = self.columns[column].sort_key
        if key is None:
            return
        self.sort_changed.emit(Sort(key, order == Qt.SortOrder.DescendingOrder))
