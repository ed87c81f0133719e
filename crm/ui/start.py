"""Start the desktop app, or render its window to a PNG."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from crm.domain.enums import RecordKind
from crm.services.opening import Upgrader
from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow
from crm.ui.theme import apply_theme
from crm.ui.upgrade_notice import run_with_notice

VIEW_NAMES = {kind.value: kind for kind in RecordKind} | {"participants": RecordKind.ATTENDANCES}


def run_desktop(
    open_workspace: Callable[[Upgrader], Workspace],
    screenshot: str | None = None,
    view: str = "contacts",
    theme: str = "system",
) -> int:
    """Open the main window on the workspace; with ``screenshot``, save it as a PNG and exit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Convene")
    app.setOrganizationName("Convene")
    apply_theme(app, theme)
    workspace = open_workspace(run_with_notice)  # an older database: updated behind a notice
    try:
        # A screenshot must not depend on, or change, the user's remembered window state.
        settings = (
            QSettings()
            if screenshot is None
            else QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Convene", "screenshot"
            )
        )
        if screenshot:
            settings.clear()
        window = MainWindow(workspace, settings)
        window.show()
        # What start-up built (modules, classes, widgets) lives as long as the app. Frozen,
        # the garbage collector stops walking its 100,000 objects on every full collection,
        # a 55 ms pause that used to land in the middle of a scroll. The collector was off
        # while they were built (crm.launch), and comes back on only now that they are
        # frozen: turned on before, its first collection walked them all.
        gc.freeze()
        gc.enable()
        if screenshot:
            return _screenshot(app, window, VIEW_NAMES.get(view, RecordKind.CONTACTS), screenshot)
        return app.exec()
    finally:
        workspace.close()


def _screenshot(app: QApplication, window: MainWindow, kind: RecordKind, target: str) -> int:
    shown = window.show_view(kind)
    if shown.model.rowCount() > 0:
        shown.table.selectRow(0)
    app.processEvents()
    if not window.grab().save(str(Path(target))):
        print(f"convene: could not write {target}", file=sys.stderr)
        return 1
    return 0
