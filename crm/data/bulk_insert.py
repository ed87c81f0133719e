"""Many rows into one table with a single executemany, their values converted once per column.

`connection.execute(insert(table), rows)` builds each row's parameters through the compiled
statement, finding and applying every column's conversion for every row. Here each column's
conversion is found once, and the converted rows go to the driver as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection

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
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    names = compiled.positiontup
    if (
        not compiled.positional
        or compiled.insert_prefetch
        or not names
        or any(name not in table.c for name in names)
    ):
        connection.execute(insert(table), list(rows))
        return
    conversions = [
        (position, convert)
        for position, name in enumerate(names)
        if (convert := _conversion(table, name, connection)) is not None
    ]
    values_of = itemgetter(*names)
    if len(names) == 1:
        parameters = [(values_of(row),) for row in rows]
    else:
        parameters = [values_of(row) for row in rows]
    if conversions:
        parameters = [_converted(values, conversions) for values in parameters]
    connection.exec_driver_sql(compiled.string, parameters)


def _conversion(table: Table, name: str, connection: Connection) -> Callable[[Any], Any] | None:
    """The column's conversion of a Python value for the driver, None where there is none."""
    dialect = connection.dialect
    convert: Callable[[Any], Any] | None = (
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
    )
    return convert


def _converted(
    values: tuple[Any, ...], conversions: list[tuple[int, Callable[[Any], Any]]]
) -> tuple[Any, ...]:
    converted = list(values)
    for position, convert in conversions:
        converted[position] = convert(converted[position])
    return tuple(converted)
