"""Long lists of ids asked of the database a few hundred at a time.

One query per id made saving a list of 20,000 contacts, or deleting an event of 5,000
participants, take seconds; one IN list of them all passes what a statement may hold
(SQLite 32,766 values by default, PostgreSQL 65,535). Chunks of a few hundred are neither.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_LIST_SIZE = 500


def in_chunks(items: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """Yield ``items`` in order, ``size`` at a time: one IN list each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
