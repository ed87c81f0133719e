"""A long list's whole order, fetched in the background so a jump into it is instant."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer

from crm.domain.enums import RecordKind
from crm.domain.errors import WorkCancelledError
from crm.domain.queries import ListQuery
from crm.services.workspace import Workspace
from crm.ui.table_model import BLOCK, PagedTableModel
from crm.ui.worker import Job, start

log = logging.getLogger(__name__)

ORDERED_FROM_ROWS = 2 * BLOCK  # two blocks or fewer: paging reaches every row at once
# Read once the list has stood this long: not for each keystroke of a search, and never
# beside the query a keystroke is waiting for (the two would share one interpreter lock).
ORDER_DELAY_MS = 250


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

        def work(report: Callable[[int, int], None]) -> tuple[int, Any]:
            try:
                return generation, workspace.order(kind, query, report)
            except WorkCancelledError:  # the list was asked for again meanwhile
                return generation, None
            except Exception:  # the order only speeds jumps up: without it the model pages
                log.exception("could not read the order of the %s list", kind)
                return generation, None

        job = Job(work)
        job.signals.succeeded.connect(self._arrived)
        self._running[generation] = job
        start(job)

    def _arrived(self, result: tuple[int, Any]) -> None:
        generation, ids = result
        self._running.pop(generation, None)
        if ids is not None:
            self._model.use_order(generation, ids, partial(self._workspace.rows, self._kind))
