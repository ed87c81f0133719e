"""Copies of a SQLite database taken while it is in use, checked, and put back.

SQLite's online backup API copies pages under one read transaction: the copy holds exactly
what was committed when it started, never a half-written import (WAL readers do not wait
for writers, nor writers for them). Copying the file instead could catch a page mid-write
and would miss whatever still sits in the -wal file.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from crm.data.engine import create_private_file
from crm.data.migrations import LATEST_REVISION
from crm.domain.backups import BackupFacts
from crm.domain.errors import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every Convene database has had since its first revision.
_REQUIRED_TABLES = frozenset({"alembic_version", "contacts", "organizations", "events"})


class BackupError(DomainError):
    """A copy could not be taken, or a file is not a sound Convene backup."""


def back_up(source: Path, target: Path) -> BackupFacts:
    """Copy the database at ``source`` to ``target`` (owner-only), whole or not at all."""
    if target.resolve() == source.resolve():
        raise BackupError("A backup cannot be written over the database it copies.")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    os.chmod(temporary, 0o600)
    try:
        with _opened(source) as reading, _opened(Path(temporary)) as writing:
            reading.backup(writing)
            # One file, no -wal beside it: a backup must be a single self-contained file.
            writing.execute("PRAGMA journal_mode = DELETE")
        facts = check_backup(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return facts


def check_backup(path: Path) -> BackupFacts:
    """Read a file as a Convene backup; raise BackupError saying what is wrong with it."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with path.open("rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database (its first bytes say otherwise).")
    try:
        with _opened(path, read_only=True) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{path} is damaged: {'; '.join(problems[:3])}.")
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise BackupError(f"{path} holds rows that refer to missing records.")
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            missing = _REQUIRED_TABLES - tables
            if missing:
                raise BackupError(
                    f"{path} is not a Convene database (no {', '.join(sorted(missing))} table)."
                )
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = [
                connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("contacts", "organizations", "events")  # our names, never input
            ]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a database: {error}.") from error
    if revision is None:
        raise BackupError(f"{path} does not say which version of Convene's schema it has.")
    if revision[0] > LATEST_REVISION:
        raise BackupError(
            f"{path} was written by a newer Convene (schema {revision[0]}; this one knows up "
            f"to {LATEST_REVISION}): update Convene to restore it."
        )
    return BackupFacts(revision[0], *counts)


def restore(backup: Path, target: Path) -> BackupFacts:
    """Replace the database at ``target`` with a checked backup, in one transaction.

    The pages go in through SQLite (the backup API), so a program that has the database
    open sees the old contents or the new, never a mixture; a half-done copy rolls back.
    """
    facts = check_backup(backup)
    create_private_file(target)
    with _opened(backup, read_only=True) as reading, _opened(target) as writing:
        reading.backup(writing)
    return facts


def keep_copy(database: Path, before: str) -> Path:
    """Copy a database about to be changed wholesale into ``backups/`` beside it.

    ``before`` names what is about to happen (``schema-0003`` for a migration from that
    revision, ``restore``); the copy's name says it and when. Returns the copy.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = database.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)  # as private as the database itself
    target = folder / f"{database.stem}-before-{before}-{stamp}.sqlite3"
    back_up(database, target)
    return target


def _opened(path: Path, read_only: bool = False) -> closing[sqlite3.Connection]:
    """Connect to a file; closed on leaving (sqlite3's own context manager only commits)."""
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    return closing(sqlite3.connect(uri, uri=True, isolation_level=None))
