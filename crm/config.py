"""Where Convene keeps its files and which database it opens."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Convene"
DATABASE_ENV = "CRM_DATABASE_URL"


@dataclass(frozen=True)
class AppPaths:
    """The folders Convene owns on this machine."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def for_user(cls) -> AppPaths:
        """Return the per-user folders the platform prescribes."""
        dirs = PlatformDirs(APP_NAME, appauthor=False)
        return cls(data_dir=Path(dirs.user_data_dir), config_dir=Path(dirs.user_config_dir))

    @property
    def default_database(self) -> Path:
        """Return the SQLite file used when no database is named."""
        return self.data_dir / "convene.sqlite3"


@dataclass(frozen=True)
class DatabaseChoice:
    """The database to open, and whether it is the user's default one."""

    url: str
    is_default: bool


def to_url(value: str) -> str:
    """Accept a database URL, or a plain file path meaning a SQLite file."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def choose_database(
    explicit: str | None, environ: Mapping[str, str] = os.environ, paths: AppPaths | None = None
) -> DatabaseChoice:
    """Pick the database: ``--database``, then ``CRM_DATABASE_URL``, then the default file."""
    if explicit:
        return DatabaseChoice(to_url(explicit), is_default=False)
    if environ.get(DATABASE_ENV):
        return DatabaseChoice(to_url(environ[DATABASE_ENV]), is_default=False)
    paths = paths or AppPaths.for_user()
    return DatabaseChoice(to_url(str(paths.default_database)), is_default=True)
