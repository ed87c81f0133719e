"""An older database is brought up to date on a thread, behind a notice; the window waits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from crm.data import migrations
from crm.data.engine import make_engine
from crm.data.migrations import MigrationError
from crm.data.models import Base
from crm.domain.enums import RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.upgrade_notice import UpgradeNotice, run_with_notice


def _shown_notices() -> list[UpgradeNotice]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, UpgradeNotice) and w.isVisible()
    ]


def _old_database(path: Path) -> str:
    """A file at revision 0007 holding one contact with an email, written in that schema."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrations.upgrade(engine, "0007")
    tables = Base.metadata.tables
    with engine.begin() as connection:
        connection.execute(
            insert(tables["contacts"]).values(
                id=1, given_name="Amira", family_name="Haddad", version=1
            )
        )
        connection.execute(
            insert(tables["contact_emails"]).values(
                contact_id=1, address="amira@example.org", label="work", is_primary=True
            )
        )
    engine.dispose()
    return url


def test_an_older_database_is_updated_behind_a_notice_while_the_app_responds(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The notice shows and Qt's loop runs while the migration waits; then the rows are new."""
    url = _old_database(tmp_path / "old.sqlite3")
    seen: list[str] = []
    notice_seen = threading.Event()

    def look() -> None:  # runs on the GUI thread, in the loop the notice keeps going
        for notice in _shown_notices():
            seen.append(notice.message.text())
            notice_seen.set()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(5)

    def upgrading(work: Callable[[], None]) -> None:
        def after_the_notice_is_seen() -> None:
            assert notice_seen.wait(10), "the notice never showed while the work waited"
            work()

        run_with_notice(after_the_notice_is_seen)

    database = open_database(url, upgrading=upgrading)
    timer.stop()
    try:
        assert seen and "up to date" in seen[0] and "copy" in seen[0]
        assert _shown_notices() == [], "closed once the work is done"
        assert migrations.current_revision(database.engine) == migrations.LATEST_REVISION
        (row,) = Workspace(database).rows(RecordKind.CONTACTS, [1])
        assert row.email == "amira@example.org", "the new columns filled for the old rows"
    finally:
        database.dispose()
    assert list((tmp_path / "backups").glob("old-before-schema-0007-*.sqlite3"))


def test_what_the_work_raised_is_raised_again_on_the_calling_thread(qtbot: QtBot) -> None:
    """A migration that fails reaches the app's own error handling, and the notice goes."""

    def fails() -> None:
        raise MigrationError("migration would break references")

    with pytest.raises(MigrationError, match="break references"):
        run_with_notice(fails)
    assert _shown_notices() == []


def test_an_up_to_date_database_opens_without_a_notice(tmp_path: Path) -> None:
    """Only a database that needs migrating goes through the upgrader."""
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    open_database(url).dispose()
    called: list[bool] = []
    open_database(url, upgrading=lambda work: called.append(True)).dispose()
    assert called == []
