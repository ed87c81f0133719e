"""What a table asks for: search text, filters and a sort, independent of any page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from crm.domain.records import Sort

FilterValue = str | int | bool | None

# The contacts' organization_kind filter takes a kind of organization, or this: the people
# with no organization today.
NO_ORGANIZATION = "none"


@dataclass(frozen=True)
class ListQuery:
    """The search, filters and sort of one table; pages are asked for separately."""

    search: str | None = None
    filters: tuple[tuple[str, FilterValue], ...] = ()
    sort: Sort | None = None

    def with_filter(self, name: str, value: FilterValue) -> ListQuery:
        """Return this query with ``name`` set to ``value`` (None or "" removes it)."""
        kept = tuple((k, v) for k, v in self.filters if k != name)
        if value is None or value == "" or value is False:
            return replace(self, filters=kept)
        return replace(self, filters=(*kept, (name, value)))

    def filter_value(self, name: str) -> FilterValue:
        """Return the value of one filter, or None when it is not set."""
        return dict(self.filters).get(name)
