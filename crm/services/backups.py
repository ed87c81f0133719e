"""Back up and restore the open database: SQLite through its backup API, PostgreSQL by advice."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url

from crm.data import migrations
from crm.data.backup import back_up, check_backup, keep_copy, restore
from crm.data.engine import make_engine, sqlite_path
from crm.domain.backups import BackupFacts
from crm.domain.errors import DomainError


class PostgresBackupAdviceError(DomainError):
    """PostgreSQL is backed up with its own tools; this says how."""

    def __init__(self, url: str) -> None:
        # libpq's own URI, as pg_dump reads it; never the password (it asks, or reads
        # ~/.pgpass), so the advice can be shown and logged.
        given = make_url(url)
        parsed = URL.create(
            "postgresql", given.username, None, given.host, given.port, given.database, given.query
        )
        server = parsed.render_as_string(hide_password=False)
        dump = f"{parsed.database or 'convene'}.dump"
        super().__init__(
            "A PostgreSQL database is backed up with PostgreSQL's own tools, which take a "
            f"consistent copy while people work: pg_dump --format=custom --file={dump} "
            f"'{server}' — and restored with: pg_restore --clean --if-exists "
            f"--dbname='{server}' {dump}"
        )


def _sqlite_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise PostgresBackupAdviceError(url)
    return path


def back_up_database(url: str, target: Path) -> BackupFacts:
    """Copy the database at ``url`` to ``target`` while it may be in use; check the copy."""
    source = _sqlite_file(url)
    if not source.is_file():
        raise DomainError(f"There is no database at {source} to back up.")
    return back_up(source, target)


def restore_database(url: str, backup: Path) -> tuple[BackupFacts, Path | None]:
    """Replace the database at ``url`` with ``backup``, once the backup has been checked.

    The database it replaces is kept first in ``backups/`` beside it (returned), so a
    restore of the wrong file is itself undone by restoring that copy. A backup from an
    older Convene is brought to the newest schema afterwards.
    """
    target = _sqlite_file(url)
    facts = check_backup(backup)
    kept = None
    if target.is_file() and target.stat().st_size > 0:
        kept = keep_copy(target, "restore")
    restore(backup, target)
    engine = make_engine(url)
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()
    return facts, kept
