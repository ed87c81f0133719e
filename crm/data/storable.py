"""Values a column cannot hold, refused with the field's name before the database sees them.

SQLite stores text of any length in a VARCHAR(n), a NUL character in text and any integer in
an INTEGER; PostgreSQL refuses each with a bare DataError, which ended a save, or a whole
import, with a database message and no field to correct. The limits are read from the models'
own columns, so they follow the schema, and both databases now refuse the same values.

Services check what a form or an import row holds (``too_long`` over ``text_limits``), so
that the message lands on the field. Every flush is checked as well
(``refuse_unstorable_values``), so that no path which writes ORM records can reach the
database with a value PostgreSQL would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Enum, FromClause, Integer, String, inspect
from sqlalchemy.orm import Session, UOWTransaction

from crm.domain.errors import FieldProblem, ValidationError

Limits = tuple[tuple[str, int], ...]


def limit_of(column: ColumnElement[Any]) -> int | None:
    """Return the most characters ``column`` holds, or None when it holds any number.

    An Enum column's length is its longest member's, which no value can pass.
    """
    column_type = column.type
    if isinstance(column_type, String) and not isinstance(column_type, Enum):
        return column_type.length
    return None


def text_limits(table: FromClause, names: Iterable[str]) -> Limits:
    """Return (name, limit) for each of the columns ``names`` of ``table`` that has a limit."""
    return tuple((name, limit) for name in names if (limit := limit_of(table.c[name])) is not None)


def too_long(
    limits: Limits, values: Mapping[str, object], field_prefix: str = ""
) -> list[FieldProblem]:
    """Return a problem for each text in ``values`` longer than its column's limit.

    ``values`` are by column name. A text is measured as it will be stored, without the
    spaces around it. Each problem names ``field_prefix`` followed by the column's name
    ("phones[1].label").
    """
    problems = []
    for name, limit in limits:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit and len(value := value.strip()) > limit:
            problems.append(text_too_long(f"{field_prefix}{name}", _label(name), value, limit))
    return problems


def _label(column_name: str) -> str:
    """Name a column in a message: job_title is "Job title"."""
    return column_name.replace("_", " ").capitalize()


def text_too_long(field: str, label: str, value: str, limit: int) -> FieldProblem:
    """The problem of a text ``value`` longer than ``limit`` characters."""
    return FieldProblem(
        field,
        "too_long",
        f"{label} can have at most {limit:,} characters; this one has {len(value):,}.",
    )


# PostgreSQL's INTEGER (SQLite's holds 64 bits); BigInteger columns are left to the driver.
INTEGER_RANGE = range(-(2**31), 2**31)


def refuse_unstorable_values(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """Raise one ValidationError before a flush that would write a value its column refuses."""
    problems: list[FieldProblem] = []
    for record in (*session.new, *session.dirty):
        state = inspect(record)
        for attribute in state.mapper.column_attrs:
            value = state.dict.get(attribute.key)
            if value is None or isinstance(value, bool):
                continue
            problem = _unstorable(attribute.key, attribute.columns[0], value)
            if problem is not None:
                problems.append(problem)
    if problems:
        raise ValidationError(problems)


def _unstorable(key: str, column: ColumnElement[Any], value: object) -> FieldProblem | None:
    label = _label(key)
    if isinstance(value, str):
        if "\x00" in value:
            return FieldProblem(
                key,
                "nul_character",
                f"{label} holds a NUL character (0x00), which no text can hold; retype it.",
            )
        limit = limit_of(column)
        if limit is not None and len(value) > limit:
            return text_too_long(key, label, value, limit)
    elif isinstance(value, int) and type(column.type) is Integer and value not in INTEGER_RANGE:
        low, high = INTEGER_RANGE.start, INTEGER_RANGE.stop - 1
        return FieldProblem(key, "out_of_range", f"{label} must lie between {low:,} and {high:,}.")
    return None
