"""The main window, driven as a user would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from crm.app import main
from crm.domain.enums import RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.main_window import MainWindow
from crm.ui.record_view import RecordView
from tests.ui.conftest import OpenWindow


def test_an_empty_database_offers_the_documents_records(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    """Clicking the offer loads the records and the counts follow."""
    workspace = Workspace(open_database(f"sqlite:///{tmp_path / 'named.sqlite3'}"))
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.load_button.isVisible()
    assert window.count_shown("contacts") == 0
    with qtbot.waitSignal(window.sample_records_loaded) as loaded:
        qtbot.mouseClick(window.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [160]
    qtbot.waitUntil(lambda: not window.load_button.isVisible())
    assert window.count_shown("contacts") == 6
    assert window.count_shown("events") == 12
    assert str(tmp_path) in window.database_label.text()
    workspace.close()


def test_screenshot_renders_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    """`convene --screenshot` writes a PNG of the window and exits 0."""
    target = tmp_path / "window.png"
    code = main(["--database", f"sqlite:///{tmp_path / 's.sqlite3'}", "--screenshot", str(target)])
    assert code == 0
    image = QImage(str(target))
    assert image.width() >= 600 and image.height() >= 400


def test_each_table_fits_its_columns_to_its_rows_when_first_shown(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Tables load when first shown; their columns then fit the rows, not only the titles."""
    window = open_window()
    for kind in (RecordKind.CONTACTS, RecordKind.ATTENDANCES):
        view = window.show_view(kind)

        def loaded(view: RecordView = view) -> bool:
            return view.model.rowCount() > 0

        qtbot.waitUntil(loaded)
        metrics = view.table.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(str(view.model.index(row, 0).data()))
            for row in range(view.model.rowCount())
        )
        assert view.table.columnWidth(0) >= widest, kind


def test_the_window_loads_charts_intake_and_fuzzy_matching_only_when_asked(
    tmp_path: Path,
) -> None:
    """Charts, intake, rapidfuzz, the commands, exports and imports wait until first used.

    The window opens (here rendered to a file, started as the convene command is) without
    loading any of them; the garbage collector, off while the modules loaded, is on again.
    """
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'start.sqlite3'}"
    program = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from crm.launch import main\n"
        "import gc\n"
        "off_while_loading = not gc.isenabled()\n"
        f"code = main(['--database', {url!r}, '--screenshot', {str(tmp_path / 'w.png')!r}])\n"
        "print(code, sorted(m for m in ('PySide6.QtCharts', 'rapidfuzz', 'crm.services.intake.run',"
        " 'crm.services.dashboard', 'crm.services.merges', 'crm.cli', 'crm.services.exports.run',"
        " 'crm.services.imports.run', 'crm.ui.dialogs.export') if m in sys.modules),"
        " off_while_loading, gc.isenabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0 [] True True"


def test_the_first_rows_are_painted_before_the_orm_is_set_up(
    database_file: str, tmp_path: Path
) -> None:
    """The first page is read from the tables alone; the mappers are set up after, on a worker.

    In a process of its own: this one set them up long ago.
    """
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.support.first_paint",
            database_file,
            str(tmp_path / "settings.ini"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts == {"at_first_paint": False, "later": True}
