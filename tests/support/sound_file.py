"""Checks that a SQLite file of Convene's is sound, as SQLite itself and its index see it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crm.data.engine import sqlite_path
from crm.data.search_index import FTS_TABLE

# The project's folder, where `python -m tests.support.other_process` runs from.
PROJECT = Path(__file__).resolve().parents[2]


def assert_sqlite_file_is_sound(url: str) -> None:
    """SQLite's own checks: pages, foreign keys, and the full-text index against its table."""
    path = sqlite_path(url)
    if path is None:
        return
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")
        triggers = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'"
            )
        }
        assert len(triggers) == 3, f"the search index's triggers: {triggers}"
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'"
            )
        }
        # A large import sets the sort indexes aside while it writes; they must be back.
        assert {"ix_contacts_by_name", "ix_contacts_sort_keys"} <= indexes, indexes
    finally:
        connection.close()
