"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def migrations_dir() -> Path:
    """Return the folder of the Alembic environment shipped with the package."""
    return Path(str(files("crm.migrations")))


def alembic_config(engine: Engine) -> Config:
    """Build an Alembic configuration for ``engine``'s database."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision() -> str:
    """Return the newest revision the code knows."""
    script = ScriptDirectory(str(migrations_dir()))
    head = script.get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision``, in one transaction."""
    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision``."""
    _run(engine, lambda config: command.downgrade(config, revision))


def _run(engine: Engine, step: object) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config)  # type: ignore[operator]
