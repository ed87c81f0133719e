"""Run slow work (exports, imports) off the GUI thread; results come back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from crm.domain.errors import DomainError, WorkCancelledError

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """What a job tells the window: progress, its result, or why it stopped."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    """A callable run on the thread pool; it opens its own units of work (never a session).

    A job that ``writes`` records keeps the window from taking its changes for someone
    else's while it runs (see writes_in_progress).
    """

    def __init__(
        self, work: Callable[[Callable[[int, int], None]], Any], writes: bool = False
    ) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._work = work
        self.cancel_requested = threading.Event()
        self.writes = writes

    def report_progress(self, done: int, total: int) -> None:
        """Pass progress to the window, and stop here when the user asked to cancel.

        A job whose owner is gone (the window closed as the app quits) stops too: its
        signals were deleted with the owner, and there is no one left to tell.
        """
        if self.cancel_requested.is_set() or not _told(self.signals.progressed, done, total):
            raise WorkCancelledError

    def run(self) -> None:
        """Do the work; deliver the outcome as a signal, queued to the GUI thread."""
        try:
            result = self._work(self.report_progress)
        except WorkCancelledError:
            _told(self.signals.cancelled)
        except (DomainError, OSError) as error:
            _told(self.signals.failed, str(error))
        except Exception as error:  # a defect: its owner must still hear that the job ended
            log.exception("a background job failed")
            _told(
                self.signals.failed,
                f"It stopped on an unexpected error ({type(error).__name__}); "
                "the log has the details.",
            )
        else:
            _told(self.signals.succeeded, result)


def _told(signal: Any, *values: Any) -> bool:
    """Emit ``signal``; False if its object was deleted with the job's owner."""
    try:
        signal.emit(*values)
    except RuntimeError:  # "Signal source has been deleted"
        log.debug("a background job ended after its owner was gone")
        return False
    return True


_writing: set[JobSignals] = set()  # the signals of the writing jobs not yet finished


def writes_in_progress() -> bool:
    """Tell whether a job of this window is writing records, or its outcome is not shown yet.

    Its changes reach the change history before the window hears the job finished; a look
    for other people's changes in between would take them for someone else's.
    """
    return bool(_writing)


def start(job: Job) -> Job:
    """Start a job on the shared thread pool."""
    if job.writes:
        signals = job.signals
        _writing.add(signals)
        # Connected last, so it runs after the owner's own slots have shown the outcome.
        for signal in (signals.succeeded, signals.failed, signals.cancelled):
            signal.connect(lambda *_a, s=signals: _writing.discard(s))
    QThreadPool.globalInstance().start(job)
    return job


def run_in_background(
    work: Callable[[], Any],
    succeeded: Callable[[Any], None],
    failed: Callable[[str], None],
    writes: bool = False,
) -> Job:
    """Run ``work`` on the thread pool; its result or its error comes back to the window.

    Keep the returned job while it runs: its signals must outlive the click that started it.
    """
    job = Job(lambda _progress: work(), writes)
    job.signals.succeeded.connect(succeeded)
    job.signals.failed.connect(failed)
    return start(job)


class JobPanel:
    """The progress bar, status line and Cancel/Close button of a dialog that runs jobs."""

    def __init__(
        self,
        progress: QProgressBar,
        status: QLabel,
        cancel_button: QPushButton,
        close: Callable[[], None],
    ) -> None:
        self.progress = progress
        self.status = status
        self.cancel_button = cancel_button
        self._close = close
        self.job: Job | None = None
        cancel_button.clicked.connect(self.cancel_or_close)

    def run(self, job: Job, message: str) -> Job:
        """Start ``job``, showing ``message`` and a busy bar until progress comes in."""
        job.signals.progressed.connect(self._on_progress)
        self.job = job
        self.cancel_button.setText("Cancel")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(message)
        return start(job)

    def cancel_or_close(self) -> None:
        """Cancel the running job (its work is undone), or close the dialog."""
        if self.job is not None:
            self.job.cancel_requested.set()
            self.status.setText("Cancelling…")
        else:
            self._close()

    def finish(self, message: str) -> None:
        """Show the outcome; the dialog is ready for another go."""
        self.job = None
        self.progress.hide()
        self.cancel_button.setText("Close")
        self.status.setText(message)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
