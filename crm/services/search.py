"""Turning what a user types into a search condition: FTS5 on SQLite, LIKE elsewhere."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, column, exists, func, literal_column, select, table
from sqlalchemy.orm import InstrumentedAttribute, Session

from crm.data.models import Contact
from crm.data.models.contacts import SORT_KEYS_BY_ID, order_index
from crm.data.search_index import FTS_TABLE, uses_fts
from crm.domain.records import Sort
from crm.domain.text import WORD, name_key_term, search_terms
from crm.services.common import text_filter
from crm.services.paging import driver_batches, order_clause

_index = table(FTS_TABLE, column("rowid"))


def fts_query(query: str) -> str | None:
    """Write an FTS5 query matching every term of ``query`` as the start of a word.

    Each term becomes a quoted phrase, so nothing the user types (quotes, *, NEAR, AND,
    brackets) is read as FTS syntax; "amira@exa" is the phrase "amira exa" with the last
    word a prefix, which finds that address. A term that is a name also matches other
    spellings of it, through the name keys stored in the search text.
    """
    clauses = []
    for term in search_terms(query):
        words = WORD.findall(term)
        if not words:
            continue
        options = [_prefix_phrase(words)]
        key = name_key_term(term)
        if key is not None:
            options.append(_prefix_phrase([key.lstrip("~")]))
        clauses.append(options[0] if len(options) == 1 else f"({' OR '.join(options)})")
    return " AND ".join(clauses) or None


def _prefix_phrase(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"*'


def contact_search(
    session: Session,
    search_text: ColumnElement[str] | InstrumentedAttribute[str],
    contact_id: ColumnElement[int] | InstrumentedAttribute[int],
    query: str | None,
) -> ColumnElement[bool] | None:
    """Return the condition finding contacts by ``query``, through the full-text index."""
    if query is None:
        return None
    if not _has_fts(session):
        return text_filter(search_text, query)  # PostgreSQL: a trigram index serves the LIKE
    return among_matches(session, contact_id, query)


def among_matches(
    session: Session, contact_id: ColumnElement[int] | InstrumentedAttribute[int], query: str
) -> ColumnElement[bool] | None:
    """The condition that ``contact_id`` (of any table) is a contact the full-text index finds.

    None where there is no such index, or nothing to look for in ``query``.
    """
    match = fts_query(query) if _has_fts(session) else None
    if match is None:
        return None
    return contact_id.in_(select(_index.c.rowid).where(literal_column(FTS_TABLE).match(match)))


def matching_ids(session: Session, query: str, at_most: int) -> array[int] | None:
    """Return the ids of every contact a search finds, ascending, if there are ``at_most``.

    Read from the full-text index alone (10 ms for 30,000 matches at a million), for a
    table that already knows every contact's row and can put the matches in order itself.
    None when there are more (reading a one-letter search's 570,000 would take 0.2 s),
    and where there is no full-text index.
    """
    match = fts_query(query) if _has_fts(session) else None
    if match is None:
        return None
    found = select(_index.c.rowid).where(literal_column(FTS_TABLE).match(match))
    # Is there a match beyond the last wanted? The index steps over them in 3 ms, where
    # reading them into Python took 30 ms.
    if session.scalar(found.limit(1).offset(at_most)) is not None:
        return None
    ids: array[int] = array("q")
    for batch in driver_batches(session.connection().execute(found)):
        ids.extend(row[0] for row in batch)
    return ids


def search_count(session: Session, query: str) -> int | None:
    """Count the contacts a search finds, from its index alone; None when it finds everyone.

    SQLite asks its full-text index; PostgreSQL the trigram index behind the LIKE (a
    bitmap of the matches, 2–3 ms for a surname at 100,000).
    """
    if not _has_fts(session):
        condition = text_filter(Contact.search_text, query)
        if condition is None:
            return None
        return session.scalar(select(func.count()).where(condition)) or 0
    match = fts_query(query)
    if match is None:
        return None
    counting = (
        select(func.count()).select_from(_index).where(literal_column(FTS_TABLE).match(match))
    )
    return session.scalar(counting) or 0


# At or above this share of all contacts, a search's first page is found faster by walking
# the sort order's index and keeping the matches (200 matches are met within 200 / share
# entries when they are spread out, as the words starting with one or two letters are) than
# by sorting every match. Below it, the matches are sorted from the narrow index of sort
# keys by id: the walk is only quick for spread-out matches, and a common surname is not
# spread out (every Müller sits together under M). In the sqlite3 shell at a million
# contacts: "m" (57 %) 81 ms walking against 200-270 ms sorting; "muller" (3 %, clustered)
# 131 ms walking against 35 ms sorting; "mohammed" (2 %, spread) 9 against 28 ms.
COMMON_SHARE = 0.05


def with_search_plan(
    session: Session, query: Select[Contact], search: str, matches: int, sort: Sort | None
) -> Select[Contact]:
    """Plan a search alone the way that puts its matches in order fastest.

    SQLite is told which index to read. PostgreSQL, once it has statistics, walks the
    order's index testing every row against the LIKE, even for a rare term whose matches
    sit together late in the order ('muller' at 100,000: 43-80 ms). A rare term's matches
    are instead gathered from the trigram index into a MATERIALIZED common table expression
    named ``contacts``: inside the query it stands for the table (a CTE's name comes before
    a table's), so the page's ORDER BY, written for the table, sorts just the matches, and
    no index of the table can be walked for it (3-8 ms).
    """
    common = _is_common(session, matches)
    if _has_fts(session):
        index = order_index(sort) if common else SORT_KEYS_BY_ID
        return query.with_hint(Contact, f"INDEXED BY {index}", "sqlite")
    condition = text_filter(Contact.search_text, search)
    if common or condition is None:
        return query
    matches_only = (
        select(Contact).where(condition).cte(Contact.__tablename__).prefix_with("MATERIALIZED")
    )
    return select(Contact).add_cte(matches_only)


# How many more rows than a page's share of the matches the walk below reads before giving
# up: spread-out matches fill a page well within it; clustered ones go to the sort.
WALK_SLACK = 8


def first_page_when_common(
    session: Session,
    search: str,
    matches: int,
    sort: Sort | None,
    ordering: Sequence[tuple[ColumnElement[Any], bool | None]],
    limit: int,
) -> list[int] | None:
    """Return the first page of a search matching a twentieth of everyone, or None.

    Walks the first rows of the table's order and asks the full-text index about each until
    the page is full (10 ms for "m", 57 % of a million), instead of reading every match first. The
    walk is bounded, so a common term whose matches sit together late in the order does
    not probe a million rows one by one: it returns None and the caller sorts.
    """
    match = fts_query(search) if _has_fts(session) else None
    if match is None or not _is_common(session, matches):
        return None
    highest = session.scalar(select(func.max(Contact.id))) or 0
    walked = limit + int(WALK_SLACK * limit * highest / max(matches, 1))
    keys = [expression.label(f"key_{i}") for i, (expression, _) in enumerate(ordering)]
    head = (
        select(Contact.id.label("contact_id"), *keys)
        .with_hint(Contact, f"INDEXED BY {order_index(sort)}", "sqlite")
        .order_by(*(order_clause(e, descending) for e, descending in ordering))
        .limit(walked)
        .subquery()
    )
    found = exists().where(
        literal_column(FTS_TABLE).match(match), _index.c.rowid == head.c.contact_id
    )
    # No ORDER BY out here: SQLite reads the walk as a co-routine, in the walk's order, and
    # stops at the page's last match (10-16 ms for "m" or "a" at a million). Sorting again
    # made it probe every walked row first (3,000-5,000 probes: 80-140 ms). The tests
    # compare this page with the sorted one under several sorts.
    page = select(head.c.contact_id).where(found).limit(limit)
    ids = list(session.scalars(page))
    return ids if len(ids) == limit else None


def _is_common(session: Session, matches: int) -> bool:
    """Tell whether a search's matches are at least COMMON_SHARE of all contacts."""
    highest = session.scalar(select(func.max(Contact.id))) or 0
    return highest > 0 and matches / highest >= COMMON_SHARE


def _has_fts(session: Session) -> bool:
    return uses_fts(session.connection())
