"""What the contacts table shows of a contact's emails, phones, organization and tags, kept on it.

Each row of the table names the contact's first email and phone, today's organization and
its tags. Read from their own tables, a block of 200 rows at a million contacts touched six
of them (three quarters of its 5 ms warm, and, with the file out of the OS's cache, a disk
read for each email, phone and affiliation: jumps of 80–200 ms). Kept on the contact they cost
nothing more to read than its name.

The database keeps them, not the services: a trigger on each table they come from sets
them again whenever one of its rows is written, so that every path that writes one — a
save, a merge, an undo, an erasure, an organization's or a tag's delete — leaves them
right without knowing of them. A bulk insert of new contacts turns the triggers off and
gives each contact its columns as it inserts it (see ``bulk_summaries``).

The organization is kept by id, so that renaming one rewrites no contact; the tags as
their names in name order, joined by TAG_SEPARATOR.

The triggers are written into each database from the queries below when a migration
creates them (0008): a change to these queries needs a migration that drops and creates
them again, or older files keep the old rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    ScalarSelect,
    func,
    literal_column,
    or_,
    select,
    text,
    update,
)

from crm.data.models import Affiliation, Base, ContactEmail, ContactPhone, Tag
from crm.data.models.contacts import CURRENT_AFFILIATION_FIRST
from crm.data.models.reference import contact_tags

# The unit separator, char(31) in the triggers (a tag name holding one shows as two tags).
TAG_SEPARATOR = "\x1f"

_CONTACTS = Base.metadata.tables["contacts"]
_EMAILS = ContactEmail.__table__.c
_PHONES = ContactPhone.__table__.c
_AFFILIATIONS = Affiliation.__table__.c
_TAGS = Tag.__table__.c
# The id of the contact a statement on the contacts table is at, written out: the tags'
# query nests it in a subquery of its FROM, where Core would not correlate a column.
_THIS_CONTACT: ColumnElement[Any] = literal_column("contacts.id")
_BULK_SETTING = "convene.bulk_contacts"  # PostgreSQL: the triggers stand by while it is on


def _primary_else_first(rows: Any, value: str, contact_id: ColumnElement[Any]) -> ScalarSelect[Any]:
    """A contact's primary email or phone, else its first (as Contact.emails orders them)."""
    return (
        select(rows[value])
        .where(rows.contact_id == contact_id)
        .order_by(rows.is_primary.desc(), rows.id)
        .limit(1)
        .scalar_subquery()
    )


def _current_organization_id(contact_id: ColumnElement[Any]) -> ScalarSelect[Any]:
    return (
        select(_AFFILIATIONS.organization_id)
        .where(_AFFILIATIONS.contact_id == contact_id, _AFFILIATIONS.end_date.is_(None))
        .order_by(*CURRENT_AFFILIATION_FIRST)
        .limit(1)
        .scalar_subquery()
    )


def _tag_names(contact_id: ColumnElement[Any], dialect: str) -> ScalarSelect[Any]:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        return (
            select(func.string_agg(_TAGS.name, aggregate_order_by(func.chr(31), _TAGS.name)))
            .select_from(contact_tags)
            .join(Tag.__table__, _TAGS.id == contact_tags.c.tag_id)
            .where(contact_tags.c.contact_id == contact_id)
            .scalar_subquery()
        )
    # SQLite before 3.44 has no ORDER BY inside an aggregate; it concatenates an ordered
    # subquery in its order (such a subquery is never flattened into an aggregate).
    names = (
        select(_TAGS.name)
        .select_from(contact_tags)
        .join(Tag.__table__, _TAGS.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id == contact_id)
        .order_by(_TAGS.name)
        .subquery()
    )
    return select(func.group_concat(names.c.name, func.char(31))).scalar_subquery()


# Each table a summary column is drawn from; its rows name their contact by contact_id.
_SOURCES = {
    "contact_emails": "first_email",
    "contact_phones": "first_phone",
    "affiliations": "current_organization_id",
    "contact_tags": "tag_names",
}


def _values(contact_id: ColumnElement[Any], dialect: str) -> dict[str, ScalarSelect[Any]]:
    return {
        "first_email": _primary_else_first(_EMAILS, "address", contact_id),
        "first_phone": _primary_else_first(_PHONES, "e164", contact_id),
        "current_organization_id": _current_organization_id(contact_id),
        "tag_names": _tag_names(contact_id, dialect),
    }


def _set_clause(column: str, row: str, dialect: Dialect) -> str:
    """``column = (its query for the contact of NEW or OLD)``, as SQL text for a trigger."""
    values = _values(literal_column(f"{row}.contact_id"), dialect.name)
    return f"{column} = ({_sql(values[column], dialect)})"


def _sql(query: ScalarSelect[Any], dialect: Dialect) -> str:
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


@lru_cache(maxsize=8)  # a bulk insert makes them again after each batch: 0.35 s of an import
def _sqlite_triggers(dialect: Dialect) -> tuple[str, ...]:
    statements = []
    for table, column in _SOURCES.items():
        for event, rows in (("INSERT", ("new",)), ("DELETE", ("old",)), ("UPDATE", ("old", "new"))):
            body = "".join(
                f"UPDATE contacts SET {_set_clause(column, row, dialect)} "
                f"WHERE id = {row}.contact_id;\n"
                for row in rows
            )
            statements.append(
                f"CREATE TRIGGER {table}_summary_{event.lower()} "
                f"AFTER {event} ON {table} BEGIN\n{body}END"
            )
    # A renamed tag changes the text of every contact that carries it.
    tag_names = _sql(_tag_names(_THIS_CONTACT, "sqlite"), dialect)
    statements.append(
        "CREATE TRIGGER tags_summary_update AFTER UPDATE OF name ON tags BEGIN\n"
        f"UPDATE contacts SET tag_names = ({tag_names}) "
        "WHERE id IN (SELECT contact_id FROM contact_tags WHERE tag_id = new.id);\nEND"
    )
    return tuple(statements)


def _sqlite_trigger_names() -> list[str]:
    names = [
        f"{table}_summary_{event}" for table in _SOURCES for event in ("insert", "delete", "update")
    ]
    return [*names, "tags_summary_update"]


def _postgres_functions(dialect: Dialect) -> list[str]:
    statements = []
    for table, column in _SOURCES.items():
        old = _set_clause(column, "OLD", dialect)
        new = _set_clause(column, "NEW", dialect)
        statements.append(
            f"""CREATE FUNCTION convene_{table}_summary() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('{_BULK_SETTING}', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    UPDATE contacts SET {old} WHERE id = OLD.contact_id;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    UPDATE contacts SET {new} WHERE id = NEW.contact_id;
                END IF;
                RETURN NULL;
            END
            $$"""
        )
        statements.append(
            f"CREATE TRIGGER {table}_summary AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION convene_{table}_summary()"
        )
    tag_names = _sql(_tag_names(_THIS_CONTACT, "postgresql"), dialect)
    statements.append(
        f"""CREATE FUNCTION convene_tags_summary() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE contacts SET tag_names = ({tag_names})
            WHERE id IN (SELECT contact_id FROM contact_tags WHERE tag_id = NEW.id);
            RETURN NULL;
        END
        $$"""
    )
    statements.append(
        "CREATE TRIGGER tags_summary AFTER UPDATE OF name ON tags "
        "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
        "EXECUTE FUNCTION convene_tags_summary()"
    )
    return statements


def create_summary_triggers(connection: Connection) -> None:
    """Have the database keep every contact's summary columns from now on."""
    dialect = connection.dialect
    if dialect.name == "postgresql":
        statements: Sequence[str] = _postgres_functions(dialect)
    else:
        statements = _sqlite_triggers(dialect)
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_summary_triggers(connection: Connection) -> None:
    """Stop keeping the summary columns (a migration down, or SQLite's bulk insert)."""
    if connection.dialect.name == "postgresql":
        for table in _SOURCES:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_summary ON {table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS convene_{table}_summary()")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS tags_summary ON tags")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS convene_tags_summary()")
        return
    for name in _sqlite_trigger_names():
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def fill_summaries(connection: Connection) -> None:
    """Set every contact's summary columns, in one statement (the migration that adds them)."""
    values: dict[str, Any] = dict(_values(_THIS_CONTACT, connection.dialect.name))
    # Named as itself, or Core's update would stamp the column's onupdate time: a summary
    # is no change of the contact (and the triggers stamp nothing either).
    values["updated_at"] = _CONTACTS.c.updated_at
    connection.execute(update(_CONTACTS).values(values))


@contextmanager
def bulk_summaries(connection: Connection) -> Iterator[None]:
    """Insert new contacts and their rows with the triggers standing by.

    The caller gives each new contact its summary columns as it inserts it (see
    ``summary_of``): the triggers would rewrite a contact once per email, phone,
    affiliation and tag, and filling the columns afterwards rewrote every contact once
    more (on PostgreSQL a dead copy of each row and a new entry in each of its indexes:
    100,000 of each after an import of 100,000). Only for inserts of new contacts and of
    rows of theirs, in one transaction: a row of an older contact written inside the block
    would leave that contact's columns as they were.
    """
    if connection.dialect.name == "postgresql":
        # A setting of this transaction alone: other clients' triggers keep running.
        connection.execute(text(f"SELECT set_config('{_BULK_SETTING}', 'on', true)"))
        yield
        connection.execute(text(f"SELECT set_config('{_BULK_SETTING}', 'off', true)"))
    else:
        drop_summary_triggers(connection)
        yield
        create_summary_triggers(connection)


def tag_order(connection: Connection) -> dict[str, int]:
    """Every tag's place in name order, as the database sorts names (its collation)."""
    names = connection.execute(select(_TAGS.name).order_by(_TAGS.name)).scalars()
    return {name: place for place, name in enumerate(names)}


def summary_of(
    emails: Sequence[tuple[str, bool]],
    phones: Sequence[tuple[str, bool]],
    affiliations: Sequence[tuple[int, bool, date | None, date | None]],
    tags: Iterable[str],
    order_of_tags: Mapping[str, int],
) -> dict[str, Any]:
    """A new contact's summary columns, by the triggers' rules, from the rows it is given.

    ``emails`` and ``phones``: (value, primary) in the order they are inserted (their ids'
    order); ``affiliations``: (organization id, primary, start, end), likewise.
    """
    ongoing = [
        (not primary, start is None, -start.toordinal() if start else 0, place, organization)
        for place, (organization, primary, start, end) in enumerate(affiliations)
        if end is None
    ]
    names = sorted(set(tags), key=order_of_tags.__getitem__)
    return {
        "first_email": _primary_else_first_value(emails),
        "first_phone": _primary_else_first_value(phones),
        "current_organization_id": min(ongoing)[-1] if ongoing else None,
        "tag_names": TAG_SEPARATOR.join(names) if names else None,
    }


def _primary_else_first_value(values: Sequence[tuple[str, bool]]) -> str | None:
    return next((value for value, primary in values if primary), values[0][0] if values else None)


def stale_summaries(connection: Connection) -> list[int]:
    """Return the ids of contacts whose summary columns differ from their rows (for checks)."""
    values = _values(_THIS_CONTACT, connection.dialect.name)
    differs = [_CONTACTS.c[name].is_distinct_from(value) for name, value in values.items()]
    query = select(_CONTACTS.c.id).where(or_(*differs)).order_by(_CONTACTS.c.id)
    return list(connection.execute(query).scalars())
