"""A window's own background writes are not taken for changes saved elsewhere."""

from __future__ import annotations

import logging
import threading

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from crm.domain.drafts import OrganizationDraft
from crm.domain.enums import RecordKind
from crm.services.paging import Progress
from crm.ui.worker import Job, run_in_background, start, writes_in_progress
from tests.ui.conftest import OpenWindow


def test_a_look_for_others_changes_waits_for_our_own_writing_job(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.change_timer.stop()  # the test looks itself, at the moment that matters
    written = threading.Event()
    release = threading.Event()
    shown: list[str] = []

    def work() -> None:
        window.workspace.create(RecordKind.ORGANIZATIONS, OrganizationDraft(name="Our own"))
        written.set()
        release.wait(10)

    job = run_in_background(work, lambda _r: shown.append("done"), shown.append, writes=True)
    assert job is not None
    qtbot.waitUntil(written.is_set)
    assert writes_in_progress()
    window.show_changes_made_elsewhere()  # the job's change is in the history already
    assert "saved elsewhere" not in window.statusBar().currentMessage()

    def finish() -> None:
        window.workspace.all_changes_shown()  # what the job's owner does with its outcome

    job.signals.succeeded.connect(finish)  # after the window's own slots, like an owner's
    release.set()
    qtbot.waitUntil(lambda: not writes_in_progress())
    assert shown == ["done"]
    window.show_changes_made_elsewhere()
    assert "saved elsewhere" not in window.statusBar().currentMessage()


def test_a_job_that_breaks_unexpectedly_still_says_it_ended(qtbot: QtBot) -> None:
    """A defect in a job's work must not leave its dialog saying "Working…" for ever."""

    def work() -> None:
        raise RuntimeError("a defect")

    heard: list[str] = []
    job = run_in_background(work, lambda _r: heard.append("succeeded"), heard.append)
    assert job is not None
    qtbot.waitUntil(lambda: bool(heard))
    assert heard == ["It stopped on an unexpected error (RuntimeError); the log has the details."]


def test_a_job_whose_owner_is_gone_stops_quietly(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The window closed as the app quits: the job stops at its next step, and says nothing.

    It used to log a failure and print "Signal source has been deleted" tracebacks on the
    way out, from a job reading the order of a million contacts.
    """
    steps: list[int] = []
    owner_gone = threading.Event()

    def work(progress: Progress) -> None:
        for step in range(1000):
            if step == 1:
                owner_gone.wait(10)
            progress(step, 1000)
            steps.append(step)

    job = Job(work)
    start(job)
    qtbot.waitUntil(lambda: bool(steps))
    shiboken6.delete(job.signals)  # what the owner's deletion does to them
    owner_gone.set()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    assert steps == [0], "stopped at the first step after its owner went"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
