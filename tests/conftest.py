"""Shared fixtures: real SQLite files and a real throwaway PostgreSQL server, and factories."""

from __future__ import annotations

import os

# Before anything imports Qt: the tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crm.data import migrations
from crm.data.contact_summary import stale_summaries
from crm.data.engine import make_engine
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, EventDraft, OrganizationDraft
from crm.domain.records import ContactDetail, EventDetail, OrganizationDetail
from crm.services import contacts, events, organizations
from tests.support.postgres import PostgresServer, find_server_binaries

_database_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start one PostgreSQL server for the whole test session."""
    binaries = find_server_binaries()
    if binaries is None:
        message = (
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed, so the PostgreSQL "
            "half of the tests cannot run: install Debian's postgresql package (.ci/run does)."
        )
        if os.environ.get("CRM_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(binaries)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file to the newest schema; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """Migrate one PostgreSQL database to the newest schema; each test gets a copy."""
    postgres_server.execute("CREATE DATABASE convene_template")
    engine = make_engine(postgres_server.url("convene_template"))
    migrations.upgrade(engine)
    engine.dispose()
    return "convene_template"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Give each test its own migrated database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "crm.sqlite3"
        shutil.copyfile(template, path)
        path.chmod(0o600)
        yield f"sqlite:///{path}"
        _assert_summaries_in_step(f"sqlite:///{path}")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"convene_test_{next(_database_names)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    yield server.url(name)
    _assert_summaries_in_step(server.url(name))
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _assert_summaries_in_step(url: str) -> None:
    """Whatever a test wrote, every contact's summary columns still match its rows.

    The database's triggers keep them (crm.data.contact_summary); checked after every test,
    every path the suite takes through saves, imports, merges, undo and erasure checks them.
    """
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert stale_summaries(connection) == [], "contacts' summary columns out of step"
    finally:
        engine.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """Open the test's database the way the app does."""
    database = Database(make_engine(database_url), database_url, actor="tester")
    yield database
    database.dispose()


@pytest.fixture
def make_organization(db: Database) -> Callable[..., OrganizationDetail]:
    """Create and commit an organization; keyword arguments override the defaults."""

    def make(**overrides: Any) -> OrganizationDetail:
        draft = OrganizationDraft(**{"name": "Alliance for Middle East Peace", **overrides})
        with db.unit_of_work() as session:
            return organizations.create_organization(session, draft)

    return make


@pytest.fixture
def make_contact(db: Database) -> Callable[..., ContactDetail]:
    """Create and commit a contact; keyword arguments override the defaults."""

    def make(**overrides: Any) -> ContactDetail:
        draft = ContactDraft(**{"given_name": "Nivine", "family_name": "Sandouka", **overrides})
        with db.unit_of_work() as session:
            return contacts.create_contact(session, draft)

    return make


@pytest.fixture
def make_event(db: Database) -> Callable[..., EventDetail]:
    """Create and commit an event; keyword arguments override the defaults."""

    def make(**overrides: Any) -> EventDetail:
        draft = EventDraft(**{"name": "Paris Call for Peace", **overrides})
        with db.unit_of_work() as session:
            return events.create_event(session, draft)

    return make


READER_ROLE = "convene_reader"


@pytest.fixture
def read_only_url(postgres_server: PostgresServer, postgres_template: str) -> Iterator[str]:
    """A PostgreSQL database holding the documents' records, as a role that may only read."""
    import psycopg
    from sqlalchemy.engine import make_url

    from crm.services.opening import open_database
    from crm.services.workspace import Workspace

    name = f"convene_test_{next(_database_names)}"
    postgres_server.execute(f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    owner_url = postgres_server.url(name)
    workspace = Workspace(open_database(owner_url))
    workspace.load_sample_records()
    workspace.close()
    with psycopg.connect(
        host=str(postgres_server.root),
        port=postgres_server.port,
        user="convene_test",
        dbname=name,
        autocommit=True,
    ) as connection:
        connection.execute(
            f"DO $$ BEGIN CREATE ROLE {READER_ROLE} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        connection.execute(f"GRANT CONNECT ON DATABASE {name} TO {READER_ROLE}")
        connection.execute(f"GRANT USAGE ON SCHEMA public TO {READER_ROLE}")
        connection.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER_ROLE}")
    yield make_url(owner_url).set(username=READER_ROLE).render_as_string(hide_password=False)
    postgres_server.execute(f"DROP DATABASE {name} WITH (FORCE)")
