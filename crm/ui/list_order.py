"""A long list's whole order, fetched in the background so a jump into it is instant."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer

from crm.domain.enums import RecordKind
from crm.domain.errors import WorkCancelledError
from crm.domain.queries import ListQuery
from crm.domain.records import Sort
from crm.services.workspace import Workspace
from crm.ui.table_model import BLOCK, PagedTableModel
from crm.ui.worker import Job, start

log = logging.getLogger(__name__)

ORDERED_FROM_ROWS = 2 * BLOCK  # two blocks or fewer: paging reaches every row at once
# Read once the list has stood this long: not for each keystroke of a search, and never
# beside the query a keystroke is waiting for (the two would share one interpreter lock).
ORDER_DELAY_MS = 250
# A search finding more than this is put in order by the database (its index walk is then
# as quick as sorting the matches here).
RANKED_MATCHES = 100_000
SPARSE_IDS = 4  # ranks kept while the highest id is at most this many times the count


class Ranks:
    """Where each record stands in the whole list under one sort, from that list's order.

    With it, the matches of a search (ids from the full-text index, in no order) are put
    in the table's order here, in a few milliseconds, where the database took 25-45 ms to
    sort 30,000 matches at a million contacts. Valid while no record changes: the table
    forgets it at any change, and reads it again with the next whole order.
    """

    def __init__(self, sort: Sort | None, order: Sequence[int]) -> None:
        self.sort = sort
        self.order = order
        self._row: array[int] = array("i", [-1]) * ((max(order) + 1) if order else 0)
        for row, record_id in enumerate(order):
            self._row[record_id] = row

    @classmethod
    def of(cls, sort: Sort | None, order: Sequence[int]) -> Ranks | None:
        """Note where each record stands, unless ids are too sparse for a table by id.

        Ids only grow: after years of imports and deletes a million contacts may have ids
        up to tens of millions, and a table of every id up to the highest would outgrow
        the window's memory budget.
        """
        if order and max(order) > SPARSE_IDS * len(order) + 10_000:
            return None
        return cls(sort, order)

    def ordered(self, ids: Sequence[int]) -> list[int] | None:
        """Put ``ids`` in the list's order; None if one of them is not in it (newer)."""
        try:
            rows = sorted(self._row[i] for i in ids)
        except IndexError:
            return None
        if rows and rows[0] < 0:
            return None
        return [self.order[row] for row in rows]


class OrderFetcher(QObject):
    """Hands a table model its list's ids in order, read on the thread pool.

    Until they arrive (0.3 s for a million contacts, after a pause) the model pages by
    position; a list asked for again meanwhile (a keystroke, a sort) stops the old reading.
    """

    def __init__(
        self, model: PagedTableModel, workspace: Workspace, kind: RecordKind, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._workspace = workspace
        self._kind = kind
        self._running: dict[int, Job] = {}  # kept referenced until they report
        self.ranks: Ranks | None = None
        self._pending: ListQuery | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ORDER_DELAY_MS)
        self._timer.timeout.connect(self._start)

    def cancel(self) -> None:
        """Stop reading any order: the list is about to be asked for again."""
        self._timer.stop()
        self._pending = None
        for running in self._running.values():
            running.cancel_requested.set()  # it stops at its next batch of ids

    def forget_ranks(self) -> None:
        """Records changed: where each stood is no longer known."""
        self.ranks = None

    def known_order(self, query: ListQuery) -> Sequence[int] | None:
        """Return the order of a list at once, from the ranks, when they can tell it.

        The whole list itself (search cleared) is the order the ranks came from; a search
        alone is its matches put in order. With filters, or under another sort, None.
        """
        ranks = self.ranks
        if ranks is None or query.filters or ranks.sort != query.sort:
            return None
        if query.search is None:
            return ranks.order
        matches = self._workspace.matches(self._kind, query.search, RANKED_MATCHES)
        return ranks.ordered(matches) if matches is not None else None

    def rows_by_id(self) -> Callable[[Sequence[int]], Sequence[Any]]:
        """Return how the model reads the rows of given ids."""
        return partial(self._workspace.rows, self._kind)

    def fetch(self, query: ListQuery) -> None:
        """Read the order of the list the model shows now, if it is long, after a pause."""
        self.cancel()
        if self._model.total > ORDERED_FROM_ROWS:
            self._pending = query
            self._timer.start()

    def _start(self) -> None:
        query, self._pending = self._pending, None
        if query is None:
            return
        generation = self._model.generation
        workspace, kind = self._workspace, self._kind
        whole_list = query.search is None and not query.filters

        def work(report: Callable[[int, int], None]) -> tuple[int, Any, Ranks | None]:
            try:
                order = workspace.order(kind, query, report)
                ranks = Ranks.of(query.sort, order) if order is not None and whole_list else None
                return generation, order, ranks
            except WorkCancelledError:  # the list was asked for again meanwhile
                return generation, None, None
            except Exception:  # the order only speeds jumps up: without it the model pages
                log.exception("could not read the order of the %s list", kind)
                return generation, None, None

        job = Job(work)
        job.signals.succeeded.connect(self._arrived)
        self._running[generation] = job
        start(job)

    def _arrived(self, result: tuple[int, Any, Ranks | None]) -> None:
        generation, ids, ranks = result
        self._running.pop(generation, None)
        accepted = ids is not None and self._model.use_order(generation, ids, self.rows_by_id())
        if accepted and ranks is not None:
            self.ranks = ranks
