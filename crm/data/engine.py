"""Engines for SQLite files and PostgreSQL servers, with the settings each needs."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 4 * 1024


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def create_private_file(path: Path) -> bool:
    """Create ``path`` readable by its owner only; return whether it was new.

    SQLite gives its -wal and -shm files the database file's mode, so creating the file
    ourselves with 0600 before SQLite opens it keeps every file of the database private.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, 0o600)  # the umask may have taken bits away; set exactly what we mean
    return True


def _sqlite_connect_hook(
    enforce_foreign_keys: bool, busy_timeout_ms: int
) -> Callable[[sqlite3.Connection, Any], None]:
    def configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module
        # would otherwise run DDL outside any transaction, and a failed migration would leave
        # a half-changed schema behind.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if enforce_foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        # A 4 MiB page cache per connection (SQLite's default is 2 MiB): a table reaches deep
        # rows through its list's order, not by walking an index, and the window, its
        # workers and their connections share one memory budget (three at 16 MiB broke it).
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.close()

    return configure


SCAN_CACHE_KIB = 1024


@contextmanager
def one_pass_read(connection: Connection) -> Iterator[Connection]:
    """Read through a whole index once without filling the connection's page cache.

    A scan of every contact's id (the order a table keeps for jumps) touches 20 MB of pages
    it will not read again soon; cached, they would stay in this process until it ends.
    """
    if connection.dialect.name != "sqlite":
        yield connection
        return
    connection.exec_driver_sql(f"PRAGMA cache_size = -{SCAN_CACHE_KIB}")
    try:
        yield connection
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")


def forget_freed_pages(engine: Engine) -> None:
    """Fold SQLite's write-ahead log into the file and empty it, so erased rows are gone.

    The log keeps earlier copies of changed pages until a checkpoint; after an erasure those
    copies still hold the person. Best effort: a reader in the middle of a transaction
    keeps the log for now, and the next automatic checkpoint clears it.
    """
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction, which would pin the log
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


class _HintingSQLiteCompiler(SQLiteCompiler):
    """SQLite's compiler, writing table hints: ``with_hint(T, "INDEXED BY ix", "sqlite")``.

    SQLAlchemy's own drops them without a word on SQLite. The planner picks a table's rowid
    to look up each full-text match; told to use the narrow index of sort keys, it sorts
    20,000 matches in half the time, and a common term walks the order's index instead.
    """

    def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
        """Write the hint after the table's name, as SQLite reads ``INDEXED BY``."""
        return text


# How a unit of work that will write begins on SQLite: with the write lock taken at once
# (waiting for it up to the busy timeout). Begun deferred, it would read first and, if
# another writer committed meanwhile, fail at its first write (SQLITE_BUSY_SNAPSHOT).
BEGIN_OPTION = "convene_begin"
BUSY_TIMEOUT_OPTION = "convene_busy_timeout_ms"
_BEGIN_MODES = {"DEFERRED", "IMMEDIATE"}


def _emit_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown transaction mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(
    url: str, enforce_foreign_keys: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """Create an engine for ``url``; a SQLite file gets WAL, foreign keys and owner-only mode.

    ``enforce_foreign_keys=False`` is for migrations only: SQLite rebuilds a table to alter
    it, and dropping the old table with foreign keys on would cascade-delete its children.
    ``busy_timeout_ms`` bounds how long a write waits for another writer's lock on SQLite.
    """
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            create_private_file(path)
        # Last in, first out: the window's next query gets the connection its last one
        # used, whose page cache holds what it just read. A queue handed the window each
        # pooled connection in turn (the thread pool's too), cold, and doubled every query.
        engine = create_engine(
            url, poolclass=NullPool if path is None else None, pool_use_lifo=path is not None
        )
        engine.dialect.statement_compiler = _HintingSQLiteCompiler
        event.listen(engine, "connect", _sqlite_connect_hook(enforce_foreign_keys, busy_timeout_ms))
        event.listen(engine, "begin", _emit_begin)
        # Kept where the unit of work can read it, to say how long a busy save waited.
        return engine.execution_options(**{BUSY_TIMEOUT_OPTION: busy_timeout_ms})
    if backend == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, pool_use_lifo=True, connect_args={"prepare_threshold": 0}
        )
    raise ValueError(f"Convene works with SQLite and PostgreSQL databases, not {backend}.")
