"""Guard against the PySide6 6.12.0 / CPython 3.11 trap.

That release drops a reference to None on every Qt call that returns nothing; after about
5,000 calls CPython 3.11 aborts with "Fatal Python error: none_dealloc". pyproject.toml keeps
3.11 on the 6.11 line. Were the marker lost, this test's None count would fall (or the run
would abort), on the Python CI runs that is 3.11.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 30_000
CHUNK = 500  # well below the ~5,000 calls that exhaust None on an affected build


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    """Tens of thousands of calls returning nothing leave None's reference count where it was.

    The count is checked every few hundred calls, so an affected build fails here with a
    message instead of aborting the whole test run.
    """
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for chunk in range(CALLS // CHUNK):
        for index in range(CHUNK):
            label.setText(str(index & 7))
            label.setVisible(False)
            label.update()
        now = sys.getrefcount(None)
        # 3.12+ reports an immortal count; on 3.11 a sound release moves it by a handful.
        assert now >= before - 100, (
            f"None lost {before - now} references after {(chunk + 1) * CHUNK * 3} Qt calls: "
            "this PySide6 release frees None on void calls (see pyproject.toml)"
        )
