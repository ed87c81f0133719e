"""Killed mid-way (SIGKILL: no clean-up runs), Convene leaves each action whole or absent.

The work runs in another process (tests/support/other_process.py) on the test's database;
the test reads its progress lines and kills it part of the way through, then opens the
database as the app would and checks it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sqlalchemy import select

from crm.data.models import Change
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, EmailDraft
from crm.domain.enums import RecordKind
from crm.domain.imports import ImportOptions
from crm.domain.queries import ListQuery
from crm.services import contacts
from crm.services.imports.bulk import BATCH
from crm.services.workspace import Workspace
from tests.support.sound_file import PROJECT, assert_sqlite_file_is_sound


def kill_when(args: list[str], ready: Callable[[str], bool], delay: float = 0.0) -> list[str]:
    """Run other_process with ``args``; SIGKILL it ``delay`` s after a line ``ready`` accepts.

    The delay moves the kill off the moment the process prints, into whatever it does next.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.other_process", *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    assert child.stdout is not None
    try:
        for line in child.stdout:
            said.append(line.strip())
            if ready(line):
                time.sleep(delay)  # not a wait for a result: where the kill lands
                os.kill(child.pid, signal.SIGKILL)
                break
    finally:
        child.kill()
        _, errors = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, f"it ended on its own: {said[-3:]} {errors}"
    return said


def _saved_at_least(number: int, line: str) -> bool:
    words = line.split()
    return len(words) == 2 and words[0] == "saved" and int(words[1]) >= number


def test_an_import_killed_part_way_leaves_nothing_of_it(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """Two batches of a large import are written when the process dies: none of it stays."""
    with db.unit_of_work(changes=True) as session:
        contacts.create_contact(session, ContactDraft(given_name="Amira", family_name="Haddad"))
    rows = 3 * BATCH
    lines = ["First Name,Last Name,E-mail Address,Company"]
    lines += [f"Given{n},Family{n},person{n}@example.org,Org {n % 20}" for n in range(rows)]
    file = tmp_path / "people.csv"
    file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    said = kill_when(
        ["import", database_url, str(file)],
        lambda line: line.startswith("progress ") and int(line.split()[1]) > 2 * BATCH + 200,
    )
    assert "imported" not in said

    assert_sqlite_file_is_sound(database_url)
    workspace = Workspace(db)
    counts = workspace.counts()
    assert (counts["contacts"], counts["organizations"]) == (1, 0)
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="haddad"), 0, 10).total == 1
    # Nothing is left locked or half-indexed: the same file then goes in whole.
    result = workspace.import_contacts(workspace.read_import_file(str(file)), ImportOptions())
    assert result.created == rows
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="family4321"), 0, 10).total == 1


def test_a_burst_of_edits_killed_part_way_keeps_each_edit_whole(
    db: Database, database_url: str
) -> None:
    """Each edit changes a title and replaces an email: after each kill both tell one story.

    Five rounds, each killed a little later after its tenth save, land in different
    moments of an edit (reading, writing the contact, its email, its history, committing).
    """
    with db.unit_of_work(changes=True) as session:
        made = contacts.create_contact(
            session,
            ContactDraft(
                given_name="Yossi",
                family_name="Cohen",
                emails=(EmailDraft("e0@example.org", "work", True),),
            ),
        )
    reported = 0
    for round_number in range(5):
        said = kill_when(
            ["edits", database_url, str(made.row.id)],
            partial(_saved_at_least, reported + 10),
            delay=round_number * 0.007,
        )
        reported = max(int(line.split()[1]) for line in said if line.startswith("saved "))

        assert_sqlite_file_is_sound(database_url)
        detail = Workspace(db).detail(RecordKind.CONTACTS, made.row.id)
        number = int((detail.row.job_title or "edit 0").split()[1])
        assert number >= reported, "an edit the process reported saved was lost"
        assert [e.address for e in detail.emails] == [f"e{number}@example.org"]
        with db.unit_of_work() as session:
            titles = [
                fields["job_title"][1]
                for fields in session.scalars(
                    select(Change.fields)
                    .where(Change.record_type == "contacts", Change.record_id == made.row.id)
                    .order_by(Change.id)
                )
                if "job_title" in fields
            ]
        assert titles == [f"edit {n}" for n in range(1, number + 1)], "history and record differ"
        reported = number
