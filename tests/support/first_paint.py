"""Run in a fresh process: open the window on a database, tell what was set up by its first paint.

Prints JSON: whether the ORM's mappers were set up when the table first painted rows, and
whether the warm-up set them up afterwards (a test process has set them up long before).
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from crm.data.models import Contact
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow


class FirstRowsPainted(QObject):
    """Notes, at the first paint of a table showing rows, whether the mappers were set up."""

    def __init__(self) -> None:
        super().__init__()
        self.set_up_then: bool | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Watch every paint until a table with rows is painted."""
        table = watched.parent()
        if (
            self.set_up_then is None
            and event.type() == QEvent.Type.Paint
            and isinstance(table, QTableView)
            and table.model().rowCount() > 0
        ):
            self.set_up_then = Contact.__mapper__.configured
        return False


def main(url: str, settings_file: str) -> None:
    """Open the window, wait for its first rows and the warm-up, print what was set up."""
    app = QApplication(sys.argv[:1])
    watcher = FirstRowsPainted()
    app.installEventFilter(watcher)
    window = MainWindow(
        Workspace(open_database(url)), QSettings(settings_file, QSettings.Format.IniFormat)
    )
    window.show()

    # The app's own loop runs until both are known (or 30 s pass): a timer looks every 5 ms.
    def quit_when_known() -> None:
        if watcher.set_up_then is not None and Contact.__mapper__.configured:
            app.quit()

    look = QTimer()
    look.timeout.connect(quit_when_known)
    look.start(5)
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    facts = {"at_first_paint": watcher.set_up_then, "later": Contact.__mapper__.configured}
    print(json.dumps(facts), flush=True)
    window.workspace.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
