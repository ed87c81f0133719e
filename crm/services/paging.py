"""Lists read a page at a time: sort orders, page ids from indexes, counts, positions.

A table shows any part of a list of a million rows without reading the rest: a page's ids
come from an index (by OFFSET, by keyset after a row already shown, or from the far end),
its rows from one query keyed by those ids, and the whole order, when a table wants it for
instant jumps, as one array of ids read straight from the driver.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.base import ExecutableOption
from sqlalchemy.sql.elements import UnaryExpression

from crm.data.engine import one_pass_read
from crm.data.models import Base
from crm.domain.records import Sort

ModelT = TypeVar("ModelT", bound=Base)

Progress = Callable[[int, int], None]
"""Told (done, total; 0 when unknown) as long work goes on; may raise to stop it."""

DEFAULT_LIMIT = 200
STREAM_ROWS = 5000


@dataclass(frozen=True)
class SortKey:
    """A column a table can be sorted by; a nullable one keeps its empty cells at the end.

    No column stands for the list's own order (by name, say), reversed when descending.
    """

    column: ColumnElement[Any] | InstrumentedAttribute[Any] | None
    nullable: bool = True


SortKeys = Mapping[str, SortKey | ColumnElement[Any] | InstrumentedAttribute[Any]]


def ordering_of(
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    sort: Sort | None,
    sort_keys: SortKeys | None,
) -> list[tuple[ColumnElement[Any], bool | None]]:
    """Return the ordering of a list as (expression, descending) pairs.

    The default ``order_by`` breaks ties, so paging stays stable however the user sorts;
    an expression already ordered (``start_date.desc()``) keeps its own direction (None).
    Plain tie-breakers follow the sort's direction, so that one index read backwards serves
    a reversed sort. A nullable sort column is preceded by its ``IS NULL`` flag, which keeps
    empty cells after the filled ones either way, the same on SQLite and PostgreSQL.
    """
    expressions = [expression_of(c) for c in order_by]
    descending = sort is not None and sort.descending
    ties = [(e, None if _is_ordered(e) else descending) for e in expressions]
    if sort is None:
        return ties
    if sort_keys is None or sort.key not in sort_keys:
        raise ValueError(f"cannot sort by {sort.key!r}")
    key = sort_keys[sort.key]
    if not isinstance(key, SortKey):
        key = SortKey(key)
    if key.column is None:
        return ties
    column = expression_of(key.column)
    empty_last = [(column.is_(None), False)] if key.nullable else []
    return [*empty_last, (column, descending), *ties]


def _is_ordered(expression: ColumnElement[Any]) -> bool:
    return isinstance(expression, UnaryExpression) and expression.modifier is not None


def order_clause(expression: ColumnElement[Any], descending: bool | None) -> ColumnElement[Any]:
    """Write one part of an ordering as SQL (None: the expression carries its own way)."""
    if descending is None:
        return expression
    return expression.desc() if descending else expression.asc()


def expression_of(column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    """Return a mapped attribute as the SQL expression it stands for."""
    return column.expression if isinstance(column, InstrumentedAttribute) else column


_ids_wanted: ContextVar[list[int] | None] = ContextVar("convene_ids_wanted", default=None)


@contextmanager
def ids_instead_of_records() -> Iterator[list[int]]:
    """Within the block, page_of puts its page's ids in the list yielded, and loads nothing.

    For a walk through a list to find one record's row (crm.services.registry): with the
    records loaded, a participant not among the first 20,000 of every event's held the
    window 3.8 s at a million contacts.
    """
    found: list[int] = []
    token = _ids_wanted.set(found)
    try:
        yield found
    finally:
        _ids_wanted.reset(token)


def page_of(
    session: Session,
    query: Select[ModelT],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    limit: int,
    offset: int,
    options: Sequence[ExecutableOption] = (),
    sort: Sort | None = None,
    sort_keys: SortKeys | None = None,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
    counted: Select[Any] | None = None,
) -> tuple[Sequence[ModelT], int | None]:
    """Run a filtered query for one page of records, and count every match if asked.

    The page's ids are found first, from the indexes alone, then only those records are
    loaded: skipping a million rows to reach the last page then reads index entries, not
    a million table rows and their relations. ``counted``, if given, is a query of the
    same rows that is cheaper to count (without joins that only sort).
    """
    ids, total = page_ids(
        session,
        query,
        order_by,
        limit,
        offset,
        sort,
        sort_keys,
        count,
        total_hint,
        after_id,
        counted,
    )
    wanted = _ids_wanted.get()
    if wanted is not None:  # see ids_instead_of_records
        wanted[:] = ids
        return [], total
    if not ids:
        return [], total
    return records_in_order(session, query.column_descriptions[0]["entity"], ids, options), total


def records_in_order(
    session: Session,
    entity: Any,
    ids: Sequence[int],
    options: Sequence[ExecutableOption] = (),
) -> list[Any]:
    """Load the records of the mapped class ``entity`` that ``ids`` name, in that order.

    Ones gone meanwhile are left out.
    """
    chosen = select(entity).where(entity.id.in_(ids)).options(*options)
    loaded = {r.id: r for r in session.scalars(chosen)}
    return [loaded[i] for i in ids if i in loaded]


def page_ids(
    session: Session,
    query: Select[Any],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    limit: int,
    offset: int,
    sort: Sort | None = None,
    sort_keys: SortKeys | None = None,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
    counted: Select[Any] | None = None,
) -> tuple[list[int], int | None]:
    """Return the ids of one page of a filtered, sorted list, and the count if asked.

    An OFFSET walks the index from its start. The next page after a record already shown
    (``after_id``) is found by seeking past that record's sort key instead (keyset paging,
    0.3 ms at any depth); a page jumped to in the second half of the list, when the caller
    knows how long it is (``total_hint``), is read from the other end in reverse order.
    """
    total = count_of(session, query if counted is None else counted) if count else None
    known = total if total is not None else total_hint
    ordering = ordering_of(order_by, sort, sort_keys)
    if after_id is not None:
        following = _after(session, query, ordering, after_id)
        if following is not None:
            return _ids(session, following, ordering, limit, 0), total
    reversible = all(descending is not None for _, descending in ordering)
    from_end = reversible and known is not None and offset > known // 2
    if from_end and known is not None:
        limit = max(0, min(limit, known - offset))
        offset = known - offset - limit
        ordering = [(e, not descending) for e, descending in ordering]
    ids = _ids(session, query, ordering, limit, offset)
    return ids[::-1] if from_end else ids, total


def _ids(
    session: Session,
    query: Select[Any],
    ordering: Sequence[tuple[ColumnElement[Any], bool | None]],
    limit: int,
    offset: int,
) -> list[int]:
    chosen = (
        query.with_only_columns(_id_of(query))
        .order_by(*(order_clause(e, descending) for e, descending in ordering))
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(chosen).all())  # all(): psycopg fetches row by row otherwise


def _id_of(query: Select[Any]) -> ColumnElement[int]:
    """The id column of what a list query selects: a mapped class, or a table's columns."""
    return query.selected_columns["id"]


def _after(
    session: Session,
    query: Select[Any],
    ordering: Sequence[tuple[ColumnElement[Any], bool | None]],
    record_id: int,
) -> Select[Any] | None:
    """Narrow ``query`` to the rows after a record, or None when a keyset cannot say it.

    A row-value comparison (a, b, id) > (?, ?, ?) is what an index seeks on; it needs every
    part of the key going one way and none of the record's values empty.
    """
    directions = {descending for _, descending in ordering}
    if len(directions) != 1 or None in directions:
        return None
    values = _key_of(session, query, ordering, record_id)
    if values is None or any(v is None for v in values):
        return None
    expressions = [e for e, _ in ordering]
    key, bound = tuple_(*expressions), tuple_(*(literal(v) for v in values))
    return query.where(key < bound if directions == {True} else key > bound)


def _key_of(
    session: Session,
    query: Select[Any],
    ordering: Sequence[tuple[ColumnElement[Any], bool | None]],
    record_id: int,
) -> Sequence[Any] | None:
    """Return a record's values of the ordering's expressions; None if the query lacks it."""
    chosen = query.with_only_columns(*(e for e, _ in ordering)).where(_id_of(query) == record_id)
    return session.execute(chosen).first()


def count_of(session: Session, query: Select[Any]) -> int:
    """Count the rows a filtered query matches."""
    # count(*), not count(id): SQLite then counts the smallest index, ten times faster.
    counting = query.with_only_columns(func.count(), maintain_column_froms=True)
    return session.scalar(counting.order_by(None)) or 0


def position_of(
    session: Session,
    query: Select[ModelT],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    record_id: int,
    sort: Sort | None = None,
    sort_keys: SortKeys | None = None,
) -> int | None:
    """Return the row a record takes in a filtered, ordered list, or None if it is not in it.

    Counts the rows that come before it, so the table can scroll to a record far beyond
    the rows it has fetched (a contact just created, at row 612,004 of a million).
    """
    ordering = ordering_of(order_by, sort, sort_keys)
    values = _key_of(session, query, ordering, record_id)
    if values is None:
        return None
    before: ColumnElement[bool] = false()
    for (expression, descending), value in reversed(list(zip(ordering, values, strict=True))):
        if value is None:  # the rest of the key only matters among the empty cells
            before = and_(expression.is_(None), before)
            continue
        bound = literal(value)
        ahead = expression > bound if descending else expression < bound
        before = or_(ahead, and_(expression == bound, before))
    return count_of(session, query.where(before))


def ordered_ids(
    session: Session,
    query: Select[Any],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    sort: Sort | None = None,
    sort_keys: SortKeys | None = None,
    progress: Progress | None = None,
) -> array[int]:
    """Return the id of every row of a filtered, sorted list, in its order.

    A million ids take 8 MB as an array, and 0.3 s to read from the driver's cursor
    (through SQLAlchemy's rows, 2.4 s); with them a table reaches any row by its number.
    ``progress`` hears of each batch read, and may stop the reading by raising.
    """
    ordering = ordering_of(order_by, sort, sort_keys)
    chosen = query.with_only_columns(_id_of(query)).order_by(
        *(order_clause(e, descending) for e, descending in ordering)
    )
    ids: array[int] = array("q")
    with one_pass_read(session.connection()) as connection:
        for batch in driver_batches(connection.execute(chosen)):
            ids.extend(row[0] for row in batch)
            if progress is not None:
                progress(len(ids), 0)
    return ids


_stream_names = itertools.count()


def streamed_batches(
    connection: Connection,
    statement: Select[*tuple[Any, ...]],
    size: int = STREAM_ROWS,
) -> Generator[list[Any]]:
    """Run ``statement`` and stream its rows as the driver's tuples, a batch at a time.

    SQLite's driver steps through rows as they are fetched. PostgreSQL's would load every
    row at once, so there the statement runs in a server-side cursor of psycopg's own:
    through SQLAlchemy (yield_per) each row became a Row first (a quarter of an export),
    and reading its cursor directly would lose the row SQLAlchemy fetched ahead. Only for
    statements whose parameters need no conversion (numbers, text, string enums).
    """
    if connection.dialect.name != "postgresql":
        yield from driver_batches(connection.execute(statement), size)
        return
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    # A cursor is planned for its first tenth by default (index walks, nested loops); every
    # row of this one will be read, so plan for all of them (sorts, hash joins).
    connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1")
    driver: Any = connection.connection.driver_connection
    with driver.cursor(name=f"convene_stream_{next(_stream_names)}") as cursor:
        cursor.execute(str(compiled), compiled.params)
        while batch := cursor.fetchmany(size):
            yield batch


def driver_batches(result: Any, size: int = STREAM_ROWS) -> Iterator[list[Any]]:
    """Stream a result's rows as the driver's own tuples, a batch at a time.

    SQLAlchemy's Row objects cost more than the query for hundreds of thousands of rows;
    only for columns that need no conversion (integers, text, SQLite's booleans), and for a
    result SQLAlchemy has not read from (without ``yield_per`` it fetches nothing ahead).
    """
    cursor = result.cursor
    try:
        while batch := cursor.fetchmany(size):
            yield batch
    finally:
        result.close()
