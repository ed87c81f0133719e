"""Fixtures for driving the real window on a real database file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow

OpenWindow = Callable[[], MainWindow]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings kept in the test's folder, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def database_file(tmp_path: Path) -> str:
    """The URL of a SQLite file holding the documents' records."""
    url = f"sqlite:///{tmp_path / 'convene.sqlite3'}"
    open_database(url, seed_when_new=True).dispose()
    return url


@pytest.fixture
def open_window(qtbot: QtBot, database_file: str, settings: QSettings) -> Iterator[OpenWindow]:
    """Open the main window on the database file, as the app does; reopening is allowed."""
    workspaces: list[Workspace] = []

    def open_one() -> MainWindow:
        workspace = Workspace(open_database(database_file))
        workspaces.append(workspace)
        window = MainWindow(workspace, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield open_one
    for workspace in workspaces:
        workspace.close()
