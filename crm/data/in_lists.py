"""Long lists of ids asked of the database a few hundred at a time.

One query per id made saving a list of 20,000 contacts, or deleting an event of 5,000
participants, take seconds; one IN list of them all passes what a statement may hold
(SQLite 32,766 values by default, PostgreSQL 65,535). Chunks of a few hundred are neither.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute

T = TypeVar("T")

IN_LIST_SIZE = 500


def in_chunks(items: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """Yield ``items`` in order, ``size`` at a time: one IN list each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def among(
    column: ColumnElement[Any] | InstrumentedAttribute[Any], ids: Sequence[int], dialect: str
) -> ColumnElement[bool]:
    """``column`` is one of ``ids``, bound as one parameter however many ids there are.

    For a condition that cannot go in chunks (an export's scope, a subquery). An IN list
    binds a parameter per id, and a statement takes so many (SQLite 32,766 in its default
    build, PostgreSQL 65,535): an export of the 70,000 contacts someone selected was
    refused. PostgreSQL gets them as an array, SQLite as a JSON array read by json_each.
    """
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    listed = func.json_each(bindparam(None, json.dumps(list(ids)))).table_valued("value")
    return column.in_(select(listed.c.value))
