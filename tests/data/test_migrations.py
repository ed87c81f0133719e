"""Alembic owns the schema: models and migrations agree, and upgrades keep every row."""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, func, select, text
from sqlalchemy.exc import SAWarning

from crm.data import migrations
from crm.data.contact_summary import stale_summaries
from crm.data.engine import make_engine
from crm.data.models import Base, Contact, ContactEmail
from crm.data.models.contacts import SUMMARY_COLUMNS
from crm.data.search_index import include_in_schema_comparison, is_search_index_table
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, EventDraft, OrganizationDraft
from crm.services import contacts, events, organizations, seed
from tests.support.postgres import PostgresServer

_names = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
        yield engine
        engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"convene_empty_{next(_names)}"
    server.execute(f"CREATE DATABASE {name}")
    engine = make_engine(server.url(name))
    yield engine
    engine.dispose()
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": include_in_schema_comparison},
        )
        return list(compare_metadata(context, Base.metadata))


def _snapshot(engine: Engine, skip_columns: frozenset[str] = frozenset()) -> dict[str, list[Any]]:
    """Every row of every table, in primary-key order."""
    metadata = MetaData()
    with warnings.catch_warnings():  # expression indexes are not reflected; rows are all we read
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        metadata.reflect(engine, only=lambda name, _: not is_search_index_table(name))
    result = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            columns = [c for c in table.columns if c.name not in skip_columns]
            query = select(*columns).order_by(*table.primary_key.columns)
            result[table.name] = [tuple(row) for row in connection.execute(query)]
    return result


def test_migrations_and_models_describe_the_same_schema(empty_engine: Engine) -> None:
    """Alembic finds nothing to add: the migrations build exactly what the models say."""
    migrations.upgrade(empty_engine)
    assert migrations.current_revision(empty_engine) == migrations.head_revision()
    assert _differences(empty_engine) == []


def test_an_old_database_upgrades_without_losing_rows(empty_engine: Engine) -> None:
    """A database at the first revision, full of records, reaches the newest with all its rows.

    The sub-events, attendances and citations that point at rebuilt tables are the rows most
    at risk: SQLite rebuilds a table to alter it.
    """
    migrations.upgrade(empty_engine)
    with Database(empty_engine, "test").unit_of_work() as session:
        seed.seed(session)
    migrations.downgrade(empty_engine, "0001")
    assert migrations.current_revision(empty_engine) == "0001"
    at_first_revision = _snapshot(empty_engine)
    assert len(at_first_revision["events"]) == 12 and len(at_first_revision["citations"]) > 60

    migrations.upgrade(empty_engine)
    new_columns = {"reported_attendance", "party_erased", *SUMMARY_COLUMNS}
    after = _snapshot(empty_engine, skip_columns=frozenset(new_columns))
    new_tables = {"saved_searches", "merges"}  # made by later revisions, empty
    assert {k: v for k, v in after.items() if k not in new_tables} == at_first_revision
    assert _differences(empty_engine) == []
    # The contacts already there hold their summaries, filled by the revision that added them.
    with empty_engine.connect() as connection:
        assert stale_summaries(connection) == []
        with_email = connection.execute(
            select(func.count()).where(Contact.__table__.c.first_email.is_not(None))
        ).scalar_one()
        emailed = connection.execute(
            select(func.count(ContactEmail.contact_id.distinct()))
        ).scalar_one()
    assert with_email == emailed > 0


def test_tags_spelt_alike_but_for_case_become_the_oldest_one(empty_engine: Engine) -> None:
    """A database from before tags ignored letter case: each set of spellings merges into one.

    Every contact, organization and event of a spelling that goes carries the one that stays,
    once, and each contact's tag names (what the table shows and exports) follow.
    """
    migrations.upgrade(empty_engine, "0009")
    database = Database(empty_engine, "test")
    with database.unit_of_work() as session:
        ids = [
            contacts.create_contact(session, ContactDraft(family_name=name, tags=tags)).row.id
            for name, tags in (("A", ("Press",)), ("B", ("Partner",)), ("C", ("Press", "Partner")))
        ]
        organization = organizations.create_organization(session, OrganizationDraft(name="UN"))
        event = events.create_event(session, EventDraft(name="Paris Call for Peace"))
    with empty_engine.begin() as connection:  # as older code let them be written
        connection.execute(text("INSERT INTO tags (name) VALUES ('press'), (' PRESS ')"))
        spelt: dict[str, int] = dict(connection.execute(text("SELECT name, id FROM tags")).all())
        links = [
            ("contact_tags", "contact_id", ids[1], "press"),
            ("contact_tags", "contact_id", ids[2], "press"),
            ("contact_tags", "contact_id", ids[2], " PRESS "),
            ("organization_tags", "organization_id", organization.row.id, "press"),
            ("event_tags", "event_id", event.row.id, " PRESS "),
        ]
        for table, owner, owner_id, name in links:
            connection.execute(
                text(f"INSERT INTO {table} ({owner}, tag_id) VALUES (:owner, :tag)"),
                {"owner": owner_id, "tag": spelt[name]},
            )

    migrations.upgrade(empty_engine)

    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM tags ORDER BY id")).scalars().all() == [
            "Press",
            "Partner",
        ]
        press = spelt["Press"]
        for table, owner in (
            ("contact_tags", "contact_id"),
            ("organization_tags", "organization_id"),
            ("event_tags", "event_id"),
        ):
            carrying = connection.execute(
                text(f"SELECT {owner} FROM {table} WHERE tag_id = :tag ORDER BY {owner}"),
                {"tag": press},
            ).scalars()
            expected = {
                "contact_tags": ids,
                "organization_tags": [organization.row.id],
                "event_tags": [event.row.id],
            }[table]
            assert list(carrying) == expected
        assert stale_summaries(connection) == []
    with database.unit_of_work() as session:
        assert contacts.get_contact(session, ids[2]).row.tags == ("Partner", "Press")


def test_upgrading_twice_is_harmless(empty_engine: Engine) -> None:
    """Opening an up-to-date database runs no migration and changes nothing."""
    migrations.upgrade(empty_engine)
    with Database(empty_engine, "test").unit_of_work() as session:
        seed.seed(session)
    before = _snapshot(empty_engine)
    migrations.upgrade(empty_engine)
    assert _snapshot(empty_engine) == before


def test_sqlite_never_hands_out_an_id_twice(tmp_path: Path) -> None:
    """Every table with a numeric id is AUTOINCREMENT, rebuilt tables included.

    An undone delete restores rows under their old ids, and the window may still hold an id
    it showed a moment ago; a reused id would point either at the wrong record.
    """
    engine = make_engine(f"sqlite:///{tmp_path / 'ids.sqlite3'}")
    migrations.upgrade(engine)
    migrations.downgrade(engine, "0001")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
        ).all()
    engine.dispose()
    numeric_ids = {
        name: sql for name, sql in tables if re.search(r"^\s+id INTEGER NOT NULL", sql, re.M)
    }
    assert "events" in numeric_ids and "contacts" in numeric_ids
    missing = [name for name, sql in numeric_ids.items() if "AUTOINCREMENT" not in sql]
    assert missing == []


def test_the_latest_revision_written_in_the_code_is_alembics_head() -> None:
    """Opening an up-to-date database trusts this constant; it must name the real head."""
    assert migrations.head_revision() == migrations.LATEST_REVISION
