"""Many rows into one table with a single executemany, their values converted once per column.

`connection.execute(insert(table), rows)` builds each row's parameters through the compiled
statement, finding and applying every column's conversion for every row. Here each column's
conversion is found once, and the converted rows go to the driver as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection, Dialect

from crm.data.models.base import Base


def insert_rows(
    connection: Connection, target: Table | type[Base], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``rows``, each with the same keys, as ``connection.execute(insert(target), rows)``.

    Where a column left out of the rows has a default computed in Python, or the driver
    takes named parameters, SQLAlchemy's own path runs instead: the rows are stored the same.
    """
    if not rows:
        return
    table = target if isinstance(target, Table) else target.__table__
    assert isinstance(table, Table)
    plan = _plan(table, tuple(rows[0]), connection.dialect)
    if plan is None:
        connection.execute(insert(table), list(rows))
        return
    statement, names, conversions = plan
    values_of = itemgetter(*names)
    if len(names) == 1:
        parameters: list[tuple[Any, ...]] = [(values_of(row),) for row in rows]
    else:
        parameters = [values_of(row) for row in rows]
    if conversions:
        # Column by column: map() runs each conversion without a Python loop per row.
        columns: list[Iterable[Any]] = list(zip(*parameters, strict=True))
        for position, convert in conversions:
            columns[position] = map(convert, columns[position])
        parameters = list(zip(*columns, strict=True))
    connection.exec_driver_sql(statement, parameters)


Conversion = tuple[int, Callable[[Any], Any]]


@lru_cache(maxsize=64)
def _plan(
    table: Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[str, ...], list[Conversion]] | None:
    """The statement, its parameters' names in order and the conversions they need.

    None where SQLAlchemy's own path must run: named parameters, or a default to compute.
    """
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    names = compiled.positiontup
    if (
        not compiled.positional
        or compiled.insert_prefetch
        or not names
        or any(name not in table.c for name in names)
    ):
        return None
    conversions: list[Conversion] = []
    for position, name in enumerate(names):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            conversions.append((position, convert))
    return compiled.string, tuple(names), conversions
