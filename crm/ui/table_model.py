"""A table model that pages rows in from a service, so a table opens fast at any size."""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
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

FetchPage = Callable[[int, int, int | None, int | None], Page[Any]]
"""Fetch ``limit`` rows from ``offset``: given the list's length if known (None: count it),
and the id of the row just above ``offset`` if known (the page then continues from it)."""
FetchRows = Callable[[Sequence[int]], Sequence[Any]]
"""Fetch the rows of these ids, in their order; ids no longer found are left out."""
AnyIndex = QModelIndex | QPersistentModelIndex

BLOCK = 100  # rows a fetch reads: a jump that straddles two blocks reads both

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ROW_ID = int(Qt.ItemDataRole.UserRole) + 1
_ROW = int(Qt.ItemDataRole.UserRole) + 2
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _ALIGNMENT, _ACCESSIBLE, _ROW_ID, _ROW))
KEPT_BLOCKS = 48  # rows kept in memory: enough for a tall window and its neighbours, flat in N


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
    """Rows of one kind, any of them reachable at once, fetched a block at a time.

    The view sees every matching row (the scroll bar spans them all), but only the blocks
    it paints are fetched, and only the most recently used ``KEPT_BLOCKS`` are kept, so a
    million-row table scrolled end to end holds a few thousand rows, never the million.

    A block is fetched by its place in the list (the service walks an index to it) until
    the list's whole order, every id in turn, is handed over with ``use_order``; then a
    block is the rows of ``BLOCK`` known ids, as quick at row 600,000 as at row 0.
    """

    RowIdRole = _ROW_ID
    RowRole = _ROW

    totals_changed = Signal(int)
    sort_changed = Signal(object)

    def __init__(
        self, columns: Sequence[ColumnSpec], fetch: FetchPage | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._fetch = fetch
        self._blocks: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
        self._total = 0
        self._generation = 0
        self._order: Sequence[int] | None = None
        self._rows_by_id: FetchRows | None = None

    # -- loading ---------------------------------------------------------------------------
    def set_fetch(self, fetch: FetchPage, same_rows: bool = False) -> None:
        """Use a new source of pages (new search, filters or sort) and show its first block.

        ``same_rows``: the new source holds the same rows in another order (a sort), so
        the count already shown stands and is not taken again (12 ms at a million).
        """
        self._fetch = fetch
        loaded = self._generation > 0
        self.reload(self._total if same_rows and loaded else None)

    def set_order(self, fetch: FetchPage, ids: Sequence[int], rows_by_id: FetchRows) -> None:
        """Show a list whose whole order is known already: its rows are read as painted."""
        self._fetch = fetch
        self._reset(None, (ids, rows_by_id))

    def reload(self, known_total: int | None = None) -> None:
        """Throw the loaded rows away, count the matches again and fetch the first block."""
        self._reset(known_total, None)

    def _reset(
        self, known_total: int | None, order: tuple[Sequence[int], FetchRows] | None
    ) -> None:
        """Start the list again: from its known order, or from its first page."""
        self.beginResetModel()
        self._blocks.clear()
        self._generation += 1
        self._order, self._rows_by_id = order if order is not None else (None, None)
        self._total = len(order[0]) if order is not None else 0
        if order is None and self._fetch is not None:
            page = self._fetch(0, BLOCK, known_total, None)
            self._blocks[0] = page.rows
            total = known_total if known_total is not None else page.total
            self._total = max(total or 0, len(page.rows))
        self.endResetModel()
        self.totals_changed.emit(self._total)

    def _block(self, number: int) -> tuple[Any, ...]:
        """Return one block of rows, fetching it when it is not among those kept."""
        rows = self._blocks.get(number)
        if rows is not None:
            self._blocks.move_to_end(number)
            return rows
        if self._order is not None and self._rows_by_id is not None:
            ids = self._order[number * BLOCK : (number + 1) * BLOCK]
            found = {row.id: row for row in self._rows_by_id(ids)}
            rows = tuple(found.get(i) for i in ids)  # one deleted since: an empty row, no shift
        elif self._fetch is not None:
            above = self._blocks.get(number - 1)
            last = above[-1] if above is not None and len(above) == BLOCK else None
            after_id = last.id if last is not None else None
            rows = self._fetch(number * BLOCK, BLOCK, self._total, after_id).rows
        else:
            return ()
        self._blocks[number] = rows
        while len(self._blocks) > KEPT_BLOCKS:
            self._blocks.popitem(last=False)
        return rows

    def _row(self, row: int) -> Any | None:
        if not 0 <= row < self._total:
            return None
        rows = self._block(row // BLOCK)
        offset = row % BLOCK
        return rows[offset] if offset < len(rows) else None

    @property
    def generation(self) -> int:
        """Return a number that changes whenever the list is asked for again."""
        return self._generation

    def use_order(self, generation: int, ids: Sequence[int], rows_by_id: FetchRows) -> bool:
        """Fetch blocks from now on as the rows of the list's ids, read in ``generation``.

        Refused (False) when the list was asked for again since, or when it no longer
        holds as many rows as the order (a record added or deleted meanwhile).
        """
        if generation != self._generation or len(ids) != self._total:
            return False
        self._order, self._rows_by_id = ids, rows_by_id
        return True

    def has_order(self) -> bool:
        """Tell whether blocks come from the list's whole order."""
        return self._order is not None

    # -- reading ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Return how many rows match in all, loaded or not."""
        return self._total

    def kept_rows(self) -> int:
        """Count the rows held in memory."""
        return sum(len(rows) for rows in self._blocks.values())

    def row_at(self, row: int) -> Any:
        """Return the record row shown at ``row``, fetching its block if need be."""
        found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found

    def ids_at(self, rows: Iterable[int]) -> list[int]:
        """Return the ids of the records shown at ``rows``.

        Once the list's order is in, they are read from it, not from the rows: 200,000
        contacts selected took 7.3 s to name when every block of them was fetched.
        """
        order = self._order
        if order is not None:
            return [order[row] for row in rows]
        return [self.row_at(row).id for row in rows]

    def row_of_id(self, record_id: int) -> int | None:
        """Return the table row showing ``record_id`` among the blocks kept in memory."""
        for number, rows in self._blocks.items():
            for offset, row in enumerate(rows):
                if row is not None and row.id == record_id:
                    return number * BLOCK + offset
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Count every matching row (none below a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Count the columns."""
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        """Return what ``role`` asks of one cell."""
        # A painted cell asks for a dozen roles; most are answered before any row is read.
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        if role in (_DISPLAY, _TOOLTIP):
            return column.text(row)
        if role == _ALIGNMENT:
            return self._alignment(column, column.text(row))
        if role == _ROW_ID:
            return row.id
        if role == _ROW:
            return row
        return f"{column.header}: {column.text(row)}"

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
