"""Start the desktop app, or render its window to a PNG."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow


def run_desktop(
    open_workspace: Callable[[], Workspace], screenshot: str | None = None, view: str = "contacts"
) -> int:
    """Open the main window on the workspace; with ``screenshot``, save it as a PNG and exit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Convene")
    app.setOrganizationName("Convene")
    workspace = open_workspace()
    try:
        window = MainWindow(workspace)
        window.show()
        if screenshot:
            app.processEvents()
            if not window.grab().save(str(Path(screenshot))):
                print(f"convene: could not write {screenshot}", file=sys.stderr)
                return 1
            return 0
        return app.exec()
    finally:
        workspace.close()
