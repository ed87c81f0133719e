"""A cheap signal that another program may have changed the database (team mode).

On PostgreSQL a connection of its own LISTENs to what the change history's trigger sends
(migration 0005); asking costs no round trip. SQLite cannot notify another process, so
there every look asks the history itself (a primary-key seek).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

CHANNEL = "convene_changes"


class ChangeFeed:
    """Whether to look at the change history now."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._listener: Connection | None = None
        self._listens = engine.dialect.name == "postgresql"

    def worth_a_look(self) -> bool:
        """Tell whether changes may have come in since the last call (never waits)."""
        if not self._listens:
            return True
        try:
            if self._listener is None:
                self._listener = self._engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
                self._listener.exec_driver_sql(f"LISTEN {CHANNEL}")
                return True  # anything before the LISTEN was missed: look once
            driver: Any = self._listener.connection.driver_connection  # psycopg's connection
            return bool(list(driver.notifies(timeout=0)))  # all of them, waiting for none
        except DBAPIError:
            self.close()  # the server went away: listen again next time, and look then
            return True

    def close(self) -> None:
        """Stop listening."""
        if self._listener is not None:
            try:
                self._listener.invalidate()  # never handed to anyone else still listening
                self._listener.close()
            except DBAPIError:
                pass
            self._listener = None
