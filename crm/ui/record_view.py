"""One kind's table: a search field, the filters users reach for, and the paged rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import RecordKind
from crm.domain.queries import FilterValue, ListQuery
from crm.domain.records import Page, Sort
from crm.services.workspace import Workspace
from crm.ui.choice_filter import LazyChoiceBox
from crm.ui.columns import COLUMNS, SEARCH_HINTS, TITLES
from crm.ui.list_order import OrderFetcher
from crm.ui.table_model import PagedTableModel

SEARCH_DELAY_MS = 200  # one query per pause in typing, not one per keystroke

Choices = Callable[[], Sequence[tuple[str, FilterValue]]]


@dataclass(frozen=True)
class FilterSpec:
    """A filter above a table: a choice list, or a tick box when ``choices`` is None.

    ``name_of`` names a value beyond the choices the list holds (it holds the first 500
    organizations): a link, a saved search or a refill may choose any one of them.
    """

    name: str
    label: str
    choices: Choices | None = None
    name_of: Callable[[Any], str] | None = None


FITTED_ROWS = 50
MAX_COLUMN_WIDTH = 320


class RecordView(QWidget):
    """Search, filters and the table of one kind of record."""

    current_changed = Signal(object)  # the selected record's id, or None
    activated = Signal(int)  # a record double-clicked or opened with Enter
    totals_changed = Signal(int)

    def __init__(
        self, kind: RecordKind, workspace: Workspace, filters: Sequence[FilterSpec] = ()
    ) -> None:
        super().__init__()
        self.kind = kind
        self._workspace = workspace
        self.query = ListQuery()
        self._filter_specs = tuple(filters)
        self._specs_by_name = {spec.name: spec for spec in self._filter_specs}
        self._filter_widgets: dict[str, LazyChoiceBox | QCheckBox] = {}
        self._columns_fitted = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(SEARCH_HINTS[kind] + " (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {TITLES[kind].lower()}")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        # The search gets a row of its own: beside four filters it would shrink to nothing.
        filter_bar = QHBoxLayout()
        for spec in self._filter_specs:
            filter_bar.addWidget(self._build_filter(spec))
        filter_bar.addStretch(1)

        self.model = PagedTableModel(COLUMNS[kind], parent=self)
        self.model.totals_changed.connect(self.totals_changed)
        self._order = OrderFetcher(self.model, workspace, kind, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"{TITLES[kind]} table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No column is sorted until the user asks: the services' own order (by name, latest
        # first) stands. Without this Qt would start by sorting the first column descending.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        # Connected only now: enabling sorting asks the model to sort, and each of the seven
        # views would run its query at start-up, before anyone looked at it.
        self.model.sort_changed.connect(self._apply_sort)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setAccessibleName(f"{TITLES[kind]} columns: click to sort, right-click to choose")
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._add_column_toggles()
        # activated: a double-click, or Enter on the current row (Qt's item-view convention)
        self.table.activated.connect(self._on_double_click)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        if self._filter_specs:
            layout.addLayout(filter_bar)
        layout.addWidget(self.table)
        self.setFocusProxy(self.table)

    # -- filters -----------------------------------------------------------------------------
    def _build_filter(self, spec: FilterSpec) -> QWidget:
        if spec.choices is None:
            box = QCheckBox(spec.label)
            box.setAccessibleName(f"Filter: {spec.label}")
            box.toggled.connect(
                lambda on, name=spec.name: self._set_filter(name, True if on else None)
            )
            self._filter_widgets[spec.name] = box
            return box
        combo = LazyChoiceBox(lambda: self._fill_choices(spec, combo))  # first fill: on first use
        combo.setAccessibleName(f"Filter: {spec.label}")
        combo.setToolTip(spec.label)
        combo.setMinimumContentsLength(10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._filter_widgets[spec.name] = combo
        combo.addItem(f"{spec.label}: any", None)
        combo.currentIndexChanged.connect(
            lambda _i, name=spec.name, widget=combo: self._set_filter(name, widget.currentData())
        )
        return combo

    def _fill_choices(self, spec: FilterSpec, combo: QComboBox) -> None:
        assert spec.choices is not None
        current = combo.currentData()
        # Back as they were after: a saved search fills a list with its signals blocked, and
        # unblocked here the choice it then set read the table once more (twice in all).
        were_blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"{spec.label}: any", None)
        for label, value in spec.choices():
            combo.addItem(label, value)
        combo.setCurrentIndex(self._index_of(spec.name, current))
        combo.blockSignals(were_blocked)

    def _index_of(self, name: str, value: FilterValue) -> int:
        """Where ``value`` stands in the filter's list; one beyond the choices is added, named.

        Without that, the list fell back to "any": an organization's "show them all" showed
        every contact, and a saved search's filter showed as "any" while it still applied.
        """
        combo = self._filter_widgets[name]
        assert isinstance(combo, QComboBox)
        index = combo.findData(value)
        name_of = self._specs_by_name[name].name_of
        if index < 0 and value is not None and name_of is not None:
            combo.addItem(name_of(value), value)
            index = combo.findData(value)
        return max(index, 0)

    def refresh_filters(self) -> None:
        """Refill the choice lists (new tags, new events)."""
        for spec in self._filter_specs:
            widget = self._filter_widgets[spec.name]
            if isinstance(widget, LazyChoiceBox):
                widget.refill()

    def set_filter_choice(self, name: str, value: FilterValue) -> None:
        """Choose a filter value as a user would (used to open an event's participants)."""
        widget = self._filter_widgets[name]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
            return
        widget.ensure_filled()  # this filter's choices only: the others may be long lists
        if widget.findData(value) < 0:
            widget.refill()  # a choice newer than the list (an event just created)
        widget.setCurrentIndex(self._index_of(name, value))

    def apply_query(self, query: ListQuery) -> None:
        """Show the rows of a saved search: its words in the search field, its filters set."""
        for widget in self._filter_widgets.values():
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(False)
            else:
                widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(query.search or "")
        self.search.blockSignals(False)
        self.query = replace(query, sort=self.query.sort)
        for name, value in query.filters:
            if name not in self._filter_widgets:
                continue
            widget = self._filter_widgets[name]
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.refill()  # the saved choice may be newer than the list read before
                widget.setCurrentIndex(self._index_of(name, value))
            widget.blockSignals(False)
        self.reload()

    def _set_filter(self, name: str, value: FilterValue) -> None:
        self.query = self.query.with_filter(name, value)
        self.reload(records_changed=False)

    # -- query -------------------------------------------------------------------------------
    def _apply_search(self) -> None:
        text = self.search.text().strip()
        self.query = replace(self.query, search=text or None)
        self.reload(records_changed=False)

    def _apply_sort(self, sort: Sort | None) -> None:
        if sort == self.query.sort:
            return  # Qt's sortByColumn asks twice; the rows are already in this order
        self.query = replace(self.query, sort=sort)
        self.reload(same_rows=True, records_changed=False)

    def reload(
        self,
        keep_id: int | None = None,
        same_rows: bool = False,
        records_changed: bool = True,
        keep_place: bool = False,
    ) -> None:
        """Run the query again, keeping the selected record selected when it still shows.

        A record named by ``keep_id`` (just saved) is looked for anywhere in the list; the
        one merely under the cursor only in the first rows, so that each keystroke of a
        search does not count its way through a million rows to find it. ``same_rows``:
        only the order changed (a sort), so the count shown stands. ``records_changed``
        False: only the query changed (a search, filter or sort), so where each record
        stands in the whole list is still known. ``keep_place``: the same list with other
        people's changes in it; the table stays scrolled where the user left it.
        """
        scrolled_to = self.table.verticalScrollBar().value()
        selected = keep_id if keep_id is not None else self.current_id()
        locate = keep_id is not None
        query = self.query
        kind = self.kind

        def fetch(
            offset: int, limit: int, known_total: int | None, after_id: int | None
        ) -> Page[Any]:
            return self._workspace.page(
                kind,
                query,
                offset,
                limit,
                count=known_total is None,
                total_hint=known_total,
                after_id=after_id,
            )

        self._order.cancel()  # an order still being read would slow the query below
        if records_changed:
            self._order.forget_ranks()
        known = self._order.known_order(query)
        if known is not None:
            self.model.set_order(fetch, known, self._order.rows_by_id())
        else:
            self.model.set_fetch(fetch, same_rows)
            self._order.fetch(query)
        if not self._columns_fitted:
            self._fit_columns()
        # A new search, filter or sort starts at its first row, not wherever the last list
        # was scrolled to (row 400,000 of a million, fetched by walking there).
        if keep_place:
            self.table.verticalScrollBar().setValue(scrolled_to)
        else:
            self.table.scrollToTop()
        if selected is not None:
            self.select_id(selected, locate)
        if self.current_id() is None:
            self.current_changed.emit(None)

    def refresh(self, keep_place: bool = False) -> None:
        """Run the query again if the table was ever shown (others load when first shown)."""
        if self.model.generation > 0:
            self.reload(keep_place=keep_place)

    def flush_search(self) -> None:
        """Run a pending search now rather than after the typing pause."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._apply_search()

    # -- selection ---------------------------------------------------------------------------
    def current_id(self) -> int | None:
        """Return the id of the record under the cursor."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.data(index, PagedTableModel.RowIdRole))

    def selected_ids(self) -> list[int]:
        """Return the ids of every selected record, in table order."""
        # The selection's ranges, not an index per selected row: "select all" of 200,000.
        selection = self.table.selectionModel().selection()
        parts = (selection.at(i) for i in range(selection.count()))
        rows = sorted({row for part in parts for row in range(part.top(), part.bottom() + 1)})
        return self.model.ids_at(rows)

    def select_id(self, record_id: int, locate: bool = True) -> bool:
        """Put the cursor on a record: among the fetched rows, or anywhere if ``locate``."""
        row = self.model.row_of_id(record_id)
        if row is None and locate:
            row = self._workspace.position(self.kind, self.query, record_id)
        if row is None or row >= self.model.rowCount():
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_current_row(self, current: object, _previous: object) -> None:
        self.current_changed.emit(self.current_id())

    def _on_double_click(self, _index: object) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.activated.emit(record_id)

    # -- columns -----------------------------------------------------------------------------
    def _add_column_toggles(self) -> None:
        from PySide6.QtGui import QAction

        header = self.table.horizontalHeader()
        for index, column in enumerate(self.model.columns):
            action = QAction(column.header, header)
            action.setCheckable(True)
            action.setChecked(not column.hidden_by_default)
            action.toggled.connect(lambda on, i=index: self.table.setColumnHidden(i, not on))
            header.addAction(action)
            self.table.setColumnHidden(index, column.hidden_by_default)

    def save_state(self, settings: QSettings) -> None:
        """Remember column order, widths and visibility."""
        settings.setValue(f"columns/{self.kind}", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Restore column order, widths and visibility, or size them to their contents."""
        state = settings.value(f"columns/{self.kind}")
        header = self.table.horizontalHeader()
        if state is not None and header.restoreState(state):
            for index, action in enumerate(header.actions()):
                action.setChecked(not self.table.isColumnHidden(index))
            self._columns_fitted = True
            return
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Size each column to its title and the first rows.

        Not Qt's resizeColumnsToContents: on a table not yet shown it measures every row,
        and at a million contacts that fetched every block at start-up.
        """
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        sample = range(min(self.model.rowCount(), FITTED_ROWS))
        padding = 2 * metrics.averageCharWidth() + 8
        for column in range(self.model.columnCount()):
            texts = [str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")]
            texts += [str(self.model.index(row, column).data() or "") for row in sample]
            widest = max(metrics.horizontalAdvance(text) for text in texts) + padding
            header.resizeSection(column, min(widest, MAX_COLUMN_WIDTH))
        # Fitted to rows only once there are rows: a table loads when first shown.
        self._columns_fitted = self.model.rowCount() > 0
