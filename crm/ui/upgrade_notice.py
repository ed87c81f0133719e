"""Bring a database up to date on a thread, behind a notice that says what is happening.

A new version's migration can rewrite every contact, after a safety copy of the whole file:
at a million contacts 12 s of migrating (revision 0008) after up to a minute of copying
1.5 GB. Run before the window exists, on the GUI thread, it showed nothing at all for that
long, as if the app had not started.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

NOTICE = (
    "Bringing this database up to date for this version of Convene.\n\n"
    "A copy of it as it was is kept first, in the backups folder beside it. This happens "
    "once; a database of a million contacts takes a minute or two."
)


class UpgradeNotice(QWidget):
    """A small window with a busy bar; it cannot be closed while the database changes."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Convene: updating the database")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        self.message = QLabel(NOTICE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        busy = QProgressBar()
        busy.setRange(0, 0)  # no steps to count: one transaction, done when it is done
        layout.addWidget(busy)
        self.setMinimumWidth(440)
        self.working = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stay open until the work ends: stopping halfway is not on offer."""
        if self.working:
            event.ignore()
        else:
            event.accept()


class _Finished(QObject):
    done = Signal()


def run_with_notice(work: Callable[[], None]) -> None:
    """Run ``work`` on a thread while the notice shows; raise here what it raised."""
    gc.enable()  # off while the modules loaded (crm.launch); an upgrade may take minutes
    notice = UpgradeNotice()
    notice.show()
    loop = QEventLoop()
    finished = _Finished()
    # Emitted on the worker thread, delivered on this one once the loop runs: a quick
    # upgrade that ends before exec() still ends the loop.
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:
            raised.append(error)
        finally:
            finished.done.emit()

    thread = threading.Thread(target=run, name="convene-upgrade", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    notice.working = False
    notice.close()
    if raised:
        raise raised[0]
