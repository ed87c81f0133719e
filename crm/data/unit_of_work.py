"""Units of work: one session, one transaction, per user action."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from crm.data.engine import BEGIN_OPTION, BUSY_TIMEOUT_MS, BUSY_TIMEOUT_OPTION
from crm.data.history import install_change_history
from crm.data.integrity import explain_integrity_error
from crm.data.storable import refuse_unstorable_values
from crm.domain.errors import ConflictError, DatabaseBusyError, ReadOnlyDatabaseError


class CrmSession(Session):
    """The session class whose flushes are checked and write the change history."""


install_change_history(CrmSession)
event.listen(CrmSession, "before_flush", refuse_unstorable_values)


def current_actor() -> str:
    """Name the person at the keyboard, for the change history."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Database:
    """An engine and the factory of its units of work."""

    def __init__(self, engine: Engine, url: str, actor: str | None = None) -> None:
        self.engine = engine
        self.url = url
        self.actor = actor or current_actor()
        self._sessions = sessionmaker(engine, class_=CrmSession, expire_on_commit=False)
        self._changing_sessions = sessionmaker(
            engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}),
            class_=CrmSession,
            expire_on_commit=False,
        )

    @contextmanager
    def unit_of_work(self, changes: bool = False) -> Iterator[Session]:
        """Yield a session whose work is committed together, or not at all.

        ``changes=True`` for a unit that writes: on SQLite it takes the write lock first, so
        that no other writer can slip in between what it read and what it writes.
        """
        session = (self._changing_sessions if changes else self._sessions)()
        session.info["actor"] = self.actor
        try:
            with session.begin():
                yield session
        except IntegrityError as error:
            raise explain_integrity_error(error) from error
        except StaleDataError as error:
            raise ConflictError("record", None) from error
        except (OperationalError, ProgrammingError) as error:
            refusal = _busy_error(error, self.engine) or _read_only_error(error, self.engine)
            if refusal is None:
                raise
            raise refusal from error
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_SQLITE_BUSY = 5
_SQLITE_BUSY_SNAPSHOT = 517  # a read transaction's snapshot went stale before its first write


def _busy_error(error: DBAPIError, engine: Engine) -> DatabaseBusyError | None:
    """Tell a write that gave up waiting for SQLite's lock from every other failure."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if code is None or code & 0xFF != _SQLITE_BUSY:
        return None
    waited_ms = engine.get_execution_options().get(BUSY_TIMEOUT_OPTION, BUSY_TIMEOUT_MS)
    return DatabaseBusyError(waited_ms / 1000, snapshot_moved=code == _SQLITE_BUSY_SNAPSHOT)


_SQLITE_READONLY = 8
_POSTGRES_INSUFFICIENT_PRIVILEGE = "42501"


def _read_only_error(error: DBAPIError, engine: Engine) -> ReadOnlyDatabaseError | None:
    """Tell a write the database refused for want of rights from every other failure."""
    sqlite_code = getattr(error.orig, "sqlite_errorcode", None)
    refused = (sqlite_code is not None and sqlite_code & 0xFF == _SQLITE_READONLY) or (
        getattr(error.orig, "sqlstate", None) == _POSTGRES_INSUFFICIENT_PRIVILEGE
    )
    if not refused:
        return None
    who = f"the role “{engine.url.username}”" if engine.url.username else "you"
    reason = " ".join(str(error.orig).split())[:200]
    return ReadOnlyDatabaseError(who, reason)
