"""The façade the window talks to: each call is one unit of work, and no session leaks out."""

from __future__ import annotations

from crm.data.engine import sqlite_path
from crm.data.unit_of_work import Database
from crm.services import stats
from crm.services.opening import safe_url
from crm.services.seed import seed


class Workspace:
    """One open database, offered to the desktop app as plain calls returning plain values."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def location(self) -> str:
        """Say which database is open, without any password."""
        path = sqlite_path(self._database.url)
        return str(path) if path is not None else safe_url(self._database.url)

    def counts(self) -> dict[str, int]:
        """Count the records of each kind."""
        with self._database.unit_of_work() as session:
            return stats.record_counts(session)

    def is_empty(self) -> bool:
        """Tell whether the database holds no records at all."""
        counts = self.counts()
        return not any(
            counts[kind] for kind in ("organizations", "contacts", "events", "documents")
        )

    def load_sample_records(self) -> int:
        """Load the records drawn from the source documents; return how many were added."""
        with self._database.unit_of_work() as session:
            return seed(session)

    def close(self) -> None:
        """Release the database."""
        self._database.dispose()
