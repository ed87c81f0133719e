"""Two writers on one database: a stale save is refused, a busy file waits, then says so."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from crm.data.engine import make_engine, sqlite_path
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft
from crm.domain.editing import contact_draft
from crm.domain.enums import RecordKind
from crm.domain.errors import ConflictError, DatabaseBusyError
from crm.services import contacts
from crm.services.workspace import Workspace
from tests.support.sound_file import PROJECT


def in_another_process(*args: str) -> str:
    """Run tests/support/other_process.py with ``args``; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.other_process", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def _new_contact(db: Database) -> tuple[int, int]:
    with db.unit_of_work(changes=True) as session:
        made = contacts.create_contact(
            session, ContactDraft(given_name="Amira", family_name="Haddad", job_title="Director")
        )
    return made.row.id, made.row.version


def test_a_save_made_stale_by_another_process_is_refused(db: Database, database_url: str) -> None:
    """Two programs open one contact; the second save says what changed and keeps the first.

    On SQLite the other program is a second process on the same file; on PostgreSQL a second
    client of the same database.
    """
    contact_id, version = _new_contact(db)
    workspace = Workspace(db)
    mine = replace(contact_draft(workspace.detail(RecordKind.CONTACTS, contact_id)), city="Haifa")

    said = in_another_process("edit", database_url, str(contact_id), str(version), "Chair")
    assert said.startswith("saved "), said
    theirs = int(said.split()[1])
    assert theirs > version

    with pytest.raises(ConflictError, match=rf"your version {version}, now {theirs}"):
        workspace.update(RecordKind.CONTACTS, contact_id, mine, version)
    kept = workspace.detail(RecordKind.CONTACTS, contact_id).row
    assert (kept.job_title, kept.city, kept.version) == ("Chair", None, theirs)

    # Saved again as of the version now shown, the user's change goes in over theirs.
    mine = replace(mine, job_title="Chair")
    saved = workspace.update(RecordKind.CONTACTS, contact_id, mine, theirs)
    assert (saved.row.job_title, saved.row.city) == ("Chair", "Haifa")


def test_a_write_between_reading_and_saving_never_overwrites_it(
    db: Database, database_url: str
) -> None:
    """A save that checked the version, then met another client's write, is not lost either.

    PostgreSQL lets the other write in; the first save's UPDATE then finds the version
    moved (SQLAlchemy's version counter) and is refused. SQLite keeps the other writer out
    for the whole action (it began with the write lock), so that one waits, then is refused.
    """
    contact_id, version = _new_contact(db)
    other = Database(make_engine(database_url, busy_timeout_ms=300), database_url, "other")
    try:
        if sqlite_path(database_url) is None:
            with pytest.raises(ConflictError), db.unit_of_work(changes=True) as session:
                draft = contact_draft(contacts.get_contact(session, contact_id))
                Workspace(other).update(
                    RecordKind.CONTACTS, contact_id, replace(draft, job_title="Chair"), version
                )
                contacts.update_contact(session, contact_id, replace(draft, city="Haifa"), version)
            row = Workspace(db).detail(RecordKind.CONTACTS, contact_id).row
            assert (row.job_title, row.city) == ("Chair", None)
        else:
            with db.unit_of_work(changes=True) as session:
                draft = contact_draft(contacts.get_contact(session, contact_id))
                with pytest.raises(DatabaseBusyError, match="busy"):
                    Workspace(other).update(
                        RecordKind.CONTACTS, contact_id, replace(draft, job_title="Chair"), version
                    )
                contacts.update_contact(session, contact_id, replace(draft, city="Haifa"), version)
            row = Workspace(db).detail(RecordKind.CONTACTS, contact_id).row
            assert (row.job_title, row.city) == ("Director", "Haifa")
    finally:
        other.dispose()


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite file of the test's own (a file lock is SQLite's matter alone)."""
    path = tmp_path / "locked.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def test_a_busy_file_waits_for_the_lock_then_says_so(sqlite_url: str) -> None:
    """Another program holding the write lock: a save waits its bound, then explains."""
    path = sqlite_path(sqlite_url)
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    db = Database(make_engine(sqlite_url, busy_timeout_ms=400), sqlite_url, "tester")
    workspace = Workspace(db)
    draft = ContactDraft(given_name="Noa", family_name="Levi")
    try:
        start = time.monotonic()
        with pytest.raises(DatabaseBusyError, match=r"busy.*more than 0\.4 s.*nothing was saved"):
            workspace.create(RecordKind.CONTACTS, draft)
        assert time.monotonic() - start >= 0.35, "it gave up without waiting"
        assert workspace.counts()["contacts"] == 0

        # Released while the save waits, the lock is taken and the save goes in.
        threading.Timer(0.1, holder.execute, ["COMMIT"]).start()
        saved = workspace.create(RecordKind.CONTACTS, draft)
        assert saved.row.display_name == "Noa Levi"
    finally:
        holder.close()
        db.dispose()
