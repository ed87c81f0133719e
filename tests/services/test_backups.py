"""Backups taken while the database is in use, checked before a restore replaces anything."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert

from crm.app import main
from crm.data import migrations
from crm.data.engine import make_engine
from crm.data.models import Base
from crm.domain.drafts import ContactDraft
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.domain.queries import ListQuery
from crm.services import contacts
from crm.services.backups import back_up_database, restore_database
from crm.services.imports.bulk import BATCH
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from tests.support.sound_file import PROJECT, assert_sqlite_file_is_sound

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _database_with(path: Path, *names: str) -> str:
    url = f"sqlite:///{path}"
    database = open_database(url)
    with database.unit_of_work(changes=True) as session:
        for name in names:
            given, family = name.split()
            contacts.create_contact(session, ContactDraft(given_name=given, family_name=family))
    database.dispose()
    return url


def _names(url: str) -> list[str]:
    database = open_database(url)
    try:
        page = Workspace(database).page(RecordKind.CONTACTS, ListQuery(), 0, 50)
        return [row.display_name for row in page.rows]
    finally:
        database.dispose()


def test_a_backup_taken_during_an_import_restores_to_a_consistent_database(
    tmp_path: Path,
) -> None:
    """The import is half written when the copy is taken: the copy has none of it, intact.

    The app stays open meanwhile with a contact saved only to the write-ahead log (no
    checkpoint has copied it into the file yet): the backup has it; a copy of the file
    would not.
    """
    url = _database_with(tmp_path / "live.sqlite3", "Amira Haddad")
    open_app = open_database(url)
    Workspace(open_app).create(
        RecordKind.CONTACTS, ContactDraft(given_name="Noa", family_name="Levi")
    )
    rows = 3 * BATCH
    lines = ["First Name,Last Name,E-mail Address,Company"]
    lines += [f"Given{n},Family{n},person{n}@example.org,Org {n % 20}" for n in range(rows)]
    file = tmp_path / "people.csv"
    file.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    importer = subprocess.Popen(
        [sys.executable, "-m", "tests.support.other_process", "import", url, str(file)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert importer.stdout is not None
    for line in importer.stdout:
        if line.startswith("progress ") and int(line.split()[1]) > BATCH + 100:
            break  # one batch written, inside the import's open transaction
    facts = back_up_database(url, tmp_path / "copy.sqlite3")
    rest, _ = importer.communicate(timeout=120)
    assert importer.returncode == 0 and rest.strip().endswith("imported")
    assert facts.contacts == 2
    open_app.dispose()

    restored_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restore_database(restored_url, tmp_path / "copy.sqlite3")
    assert_sqlite_file_is_sound(restored_url)
    assert _names(restored_url) == ["Amira Haddad", "Noa Levi"]
    restored = open_database(restored_url)
    try:
        found = Workspace(restored).page(RecordKind.CONTACTS, ListQuery(search="haddad"), 0, 5)
        assert found.total == 1, "the search index came back with the rows"
    finally:
        restored.dispose()
    live = open_database(url)
    try:
        assert Workspace(live).counts()["contacts"] == 2 + rows, "the import itself went in"
    finally:
        live.dispose()


def test_a_restore_replaces_an_open_database_and_keeps_the_one_it_replaced(
    tmp_path: Path,
) -> None:
    """An app with the database open sees the restored records; the old ones are kept."""
    url = _database_with(tmp_path / "crm.sqlite3", "Amira Haddad")
    back_up_database(url, tmp_path / "monday.sqlite3")
    open_app = open_database(url)
    workspace = Workspace(open_app)
    workspace.create(RecordKind.CONTACTS, ContactDraft(given_name="Noa", family_name="Levi"))

    facts, kept = restore_database(url, tmp_path / "monday.sqlite3")

    assert facts.contacts == 1
    shown = workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 9).rows
    assert [row.display_name for row in shown] == ["Amira Haddad"]
    assert kept is not None and kept.parent == tmp_path / "backups"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.parent.stat().st_mode & 0o777 == 0o700
    kept_url = f"sqlite:///{kept}"
    assert sorted(_names(kept_url)) == ["Amira Haddad", "Noa Levi"]
    open_app.dispose()


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 512] = b"\xff" * 512  # a page of a table, overwritten
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda p: p.write_bytes(b"Name,Email\r\nAna,ana@example.org\r\n"), "not a SQLite"),
        (_damaged, "damaged|cannot be read|refer to missing"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.close(),
            "not a Convene database",
        ),
        (
            lambda p: (
                sqlite3.connect(p, isolation_level=None)
                .execute("UPDATE alembic_version SET version_num = '9999'")
                .connection.close()
            ),
            "newer Convene",
        ),
    ],
    ids=["csv", "damaged", "other-program", "newer-schema"],
)
def test_a_restore_refuses_a_bad_file_and_changes_nothing(
    tmp_path: Path, spoil: object, says: str
) -> None:
    """The file is checked before anything is replaced; the error says what is wrong."""
    url = _database_with(tmp_path / "crm.sqlite3", "Amira Haddad")
    bad = tmp_path / "bad.sqlite3"
    if "Convene" in says and "newer" not in says:
        bad.touch()
    else:
        back_up_database(url, bad)
    assert callable(spoil)
    spoil(bad)
    before = (tmp_path / "crm.sqlite3").read_bytes()
    with pytest.raises(DomainError, match=says):
        restore_database(url, bad)
    assert (tmp_path / "crm.sqlite3").read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_database_is_copied_before_it_is_migrated(tmp_path: Path) -> None:
    """Opening a database of an older schema keeps a copy of it as it was."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0003")
    # Written with Core, in the columns that schema has: the services read the newest.
    with engine.begin() as connection:
        connection.execute(
            insert(Base.metadata.tables["contacts"]).values(
                given_name="Amira", family_name="Haddad", version=1
            )
        )
    engine.dispose()

    open_database(f"sqlite:///{path}").dispose()

    (copy,) = (tmp_path / "backups").glob("old-before-schema-0003-*.sqlite3")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        assert connection.execute("SELECT given_name FROM contacts").fetchall() == [("Amira",)]
    open_database(f"sqlite:///{path}").dispose()
    assert len(list((tmp_path / "backups").iterdir())) == 1, "an up-to-date database is not"


def test_backup_and_restore_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI says what it copied; PostgreSQL gets pg_dump advice, never the password."""
    url = _database_with(tmp_path / "crm.sqlite3", "Amira Haddad", "Noa Levi")
    assert main(["--database", url, "backup", str(tmp_path / "b.sqlite3")]) == 0
    assert "backed up 2 contacts" in capsys.readouterr().out
    assert main(["--database", url, "restore", str(tmp_path / "b.sqlite3")]) == 0
    printed = capsys.readouterr().out
    assert "restored 2 contacts" in printed and "backups" in printed

    secret = "postgresql+psycopg://ana:s3cr3t@db.example.org:5433/convene"
    assert main(["--database", secret, "backup", "x.dump"]) == 1
    error = capsys.readouterr().err
    assert "pg_dump --format=custom" in error and "postgresql://ana@db.example.org:5433" in error
    assert "s3cr3t" not in error
