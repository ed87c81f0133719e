"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from crm.data.engine import make_engine
from crm.shipped import shipped_dir

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/versions, written here so that opening an up-to-date database
# never imports Alembic (90 ms of every start). A test holds it equal to Alembic's head.
LATEST_REVISION = "0014"


def migrations_dir() -> Path:
    """Return the folder of the Alembic environment shipped with the package."""
    return shipped_dir("crm.migrations")


def alembic_config() -> Config:
    """Build the Alembic configuration; the connection is handed over, never a URL."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    """Return the newest revision the code knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_dir()))
    head = script.get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision``, in one transaction.

    A database already at the newest revision is left alone: the run would still check
    every foreign key, a second at a million contacts, on every start of the app.
    """
    if revision == "head" and current_revision(engine) == LATEST_REVISION:
        return
    from alembic import command

    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision``."""
    from alembic import command

    _run(engine, lambda config: command.downgrade(config, revision))


class MigrationError(RuntimeError):
    """A migration would have left the database inconsistent; nothing was changed."""


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    config = alembic_config()
    is_sqlite = engine.dialect.name == "sqlite"
    # SQLite alters a table by rebuilding it; with foreign keys on, dropping the old copy
    # would delete every row that refers to it. So migrate with them off, inside one
    # transaction, and check every reference before committing.
    runner = (
        make_engine(engine.url.render_as_string(hide_password=False), enforce_foreign_keys=False)
        if is_sqlite
        else engine
    )
    try:
        with runner.begin() as connection:
            config.attributes["connection"] = connection
            step(config)
            if is_sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(f"migration would break references: {broken[:5]}")
    finally:
        if runner is not engine:
            runner.dispose()
