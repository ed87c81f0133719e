"""Run slow work (exports, imports) off the GUI thread; results come back on it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from crm.domain.errors import DomainError
from crm.domain.exports import ExportCancelledError


class JobSignals(QObject):
    """What a job tells the window: progress, its result, or why it stopped."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    """A callable run on the thread pool; it opens its own units of work (never a session)."""

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._work = work
        self.cancel_requested = threading.Event()

    def report_progress(self, done: int, total: int) -> None:
        """Pass progress to the window, and stop here when the user asked to cancel."""
        if self.cancel_requested.is_set():
            raise ExportCancelledError
        self.signals.progressed.emit(done, total)

    def run(self) -> None:
        """Do the work; deliver the outcome as a signal, queued to the GUI thread."""
        try:
            result = self._work(self.report_progress)
        except ExportCancelledError:
            self.signals.cancelled.emit()
        except (DomainError, OSError) as error:
            self.signals.failed.emit(str(error))
        else:
            self.signals.succeeded.emit(result)


def start(job: Job) -> Job:
    """Start a job on the shared thread pool."""
    QThreadPool.globalInstance().start(job)
    return job
