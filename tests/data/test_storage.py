"""Where the data lives: a private SQLite file in WAL mode, chosen as the user asks."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from crm.config import AppPaths, choose_database
from crm.data.engine import make_engine
from crm.services import stats
from crm.services.opening import DatabaseUnavailableError, open_database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """The file and its WAL companions are created 0600, whatever the umask."""
    path = tmp_path / "private" / "crm.sqlite3"
    database = open_database(f"sqlite:///{path}")
    with database.unit_of_work() as session:  # leave a write in the WAL file
        session.execute(text("INSERT INTO tags (name) VALUES ('x')"))
    engine = database.engine
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        companions = [p for p in path.parent.iterdir() if p != path]
        assert _mode(path) == 0o600
        assert companions, "WAL files exist while a connection is open"
        assert all(_mode(p) == 0o600 for p in companions), companions
    assert _mode(path.parent) == 0o700
    database.dispose()


def test_the_default_database_is_seeded_a_named_one_starts_empty(tmp_path: Path) -> None:
    """A newcomer opens the app on real records; --database gives an empty database."""
    default = open_database(f"sqlite:///{tmp_path / 'default.sqlite3'}", seed_when_new=True)
    named = open_database(f"sqlite:///{tmp_path / 'named.sqlite3'}")
    with default.unit_of_work() as session:
        assert stats.record_counts(session)["contacts"] == 6
    with named.unit_of_work() as session:
        assert stats.record_counts(session)["contacts"] == 0
    default.dispose()
    named.dispose()
    reopened = open_database(f"sqlite:///{tmp_path / 'default.sqlite3'}", seed_when_new=True)
    with reopened.unit_of_work() as session:
        assert stats.record_counts(session)["contacts"] == 6, "not seeded twice"
    reopened.dispose()


def test_the_database_is_chosen_flag_then_environment_then_default(tmp_path: Path) -> None:
    """--database wins over CRM_DATABASE_URL, which wins over the per-user file."""
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    env = {"CRM_DATABASE_URL": "postgresql+psycopg://u@h/db"}
    assert choose_database("sqlite:///a.db", env, paths).url == "sqlite:///a.db"
    assert choose_database(None, env, paths).url == "postgresql+psycopg://u@h/db"
    fallback = choose_database(None, {}, paths)
    assert fallback.is_default
    assert fallback.url == f"sqlite:///{tmp_path / 'data' / 'convene.sqlite3'}"
    assert choose_database("plain.db", {}, paths).url == f"sqlite:///{Path('plain.db').resolve()}"


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/db", "not a url://x", "postgresql+psycopg://nobody@/db?host=/nonexistent&port=1"],
)
def test_an_unusable_database_is_refused_plainly(url: str) -> None:
    """Other engines, garbage and unreachable servers give one clear error."""
    with pytest.raises(DatabaseUnavailableError):
        open_database(url)


def test_an_engine_refuses_other_databases() -> None:
    """Convene speaks SQLite and PostgreSQL only."""
    with pytest.raises(ValueError, match="SQLite and PostgreSQL"):
        make_engine("mysql://u@h/db")
