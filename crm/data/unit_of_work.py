"""Units of work: one session, one transaction, per user action."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from crm.data.history import install_change_history
from crm.data.integrity import explain_integrity_error
from crm.domain.errors import ConflictError


class CrmSession(Session):
    """The session class whose flushes write the change history."""


install_change_history(CrmSession)


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

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Yield a session whose work is committed together, or not at all."""
        session = self._sessions()
        session.info["actor"] = self.actor
        try:
            with session.begin():
                yield session
        except IntegrityError as error:
            raise explain_integrity_error(error) from error
        except StaleDataError as error:
            raise ConflictError("record", None) from error
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
