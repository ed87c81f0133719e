"""Saved searches (smart lists): a search and filters kept under a name, run afresh each time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.models import SavedSearch
from crm.domain.queries import FilterValue, ListQuery
from crm.domain.validation import require_text
from crm.services.common import Problems, delete_record, fetch

KIND = "saved search"


@dataclass(frozen=True)
class SavedSearchRow:
    """A saved search and the query it stands for."""

    id: int
    name: str
    record_kind: str
    query: ListQuery
    version: int


def _criteria(query: ListQuery) -> dict[str, object]:
    return {"search": query.search, "filters": [[name, value] for name, value in query.filters]}


def _query(criteria: dict[str, object]) -> ListQuery:
    filters = criteria.get("filters") or []
    assert isinstance(filters, list)
    search = criteria.get("search")
    return ListQuery(
        search=search if isinstance(search, str) else None,
        filters=tuple((str(name), _value(value)) for name, value in filters),
    )


def _value(value: object) -> FilterValue:
    return value if isinstance(value, str | int | bool) or value is None else str(value)


def _row(saved: SavedSearch) -> SavedSearchRow:
    return SavedSearchRow(
        saved.id, saved.name, saved.record_kind, _query(saved.criteria), saved.version
    )


def save_search(
    session: Session, name: str, query: ListQuery, record_kind: str = "contacts"
) -> SavedSearchRow:
    """Keep a search and its filters under a name."""
    problems = Problems()
    checked = problems.take(require_text(name, "name", "The search's name"))
    problems.raise_if_any()
    saved = SavedSearch(name=checked, record_kind=record_kind, criteria=_criteria(query))
    session.add(saved)
    session.flush()
    return _row(saved)


def rename_search(session: Session, search_id: int, name: str) -> SavedSearchRow:
    """Give a saved search a new name."""
    saved = fetch(session, SavedSearch, search_id, KIND)
    problems = Problems()
    checked = problems.take(require_text(name, "name", "The search's name"))
    problems.raise_if_any()
    saved.name = checked or saved.name
    session.flush()
    return _row(saved)


def delete_search(session: Session, search_id: int) -> None:
    """Forget a saved search (the contacts it found stay)."""
    delete_record(session, SavedSearch, search_id, KIND, None)


def saved_searches(session: Session, record_kind: str = "contacts") -> list[SavedSearchRow]:
    """Return the saved searches of one kind of record, by name."""
    found = session.scalars(
        select(SavedSearch)
        .where(SavedSearch.record_kind == record_kind)
        .order_by(func.lower(SavedSearch.name))
    )
    return [_row(s) for s in found]
