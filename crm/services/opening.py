"""Open a database: create it privately, migrate it, and seed the default one when new."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from crm.data import migrations
from crm.data.backup import keep_copy
from crm.data.engine import make_engine, sqlite_path
from crm.data.unit_of_work import Database
from crm.domain.errors import DomainError
from crm.services.seed import seed


class DatabaseUnavailableError(DomainError):
    """The database cannot be opened or reached."""


# Runs the work of bringing an older database up to date: here, or (the window) on a
# thread behind a notice, since it can take a minute at a million contacts.
Upgrader = Callable[[Callable[[], None]], None]


def open_database(
    url: str, seed_when_new: bool = False, upgrading: Upgrader | None = None
) -> Database:
    """Open ``url`` at the newest schema; seed it with the documents' records if it was new.

    A database of an older schema is copied, then migrated, through ``upgrading`` if given.
    """
    try:
        path = sqlite_path(url)
        is_new = path is not None and (not path.exists() or path.stat().st_size == 0)
        engine = make_engine(url)
        revision = migrations.current_revision(engine)
        was_empty = revision is None
        if revision is not None and revision != migrations.LATEST_REVISION:

            def bring_up_to_date() -> None:
                if path is not None:  # a migration that goes wrong loses nothing
                    keep_copy(path, f"schema-{revision}")
                migrations.upgrade(engine)

            if upgrading is None:
                bring_up_to_date()
            else:
                upgrading(bring_up_to_date)
        else:
            migrations.upgrade(engine)  # a new database gets its tables; a current one: nothing
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise DatabaseUnavailableError(
            f"“{safe_url(url)}” is not a database Convene can open: {error}"
        ) from error
    except OperationalError as error:
        reason = " ".join(str(error.orig).split())  # drivers wrap their reasons over lines
        raise DatabaseUnavailableError(
            f"Cannot open the database {safe_url(url)}: {reason}"
        ) from error
    database = Database(engine, url)
    if seed_when_new and (is_new or was_empty):
        with database.unit_of_work(changes=True) as session:
            seed(session)
    return database


def safe_url(url: str) -> str:
    """Hide a password in a URL shown to the user or written to a log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable URL)"
