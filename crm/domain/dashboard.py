"""The dashboard's charts as data: bars and slices, each naming the records it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crm.domain.enums import RecordKind
from crm.domain.queries import FilterValue, ListQuery


class ChartStyle(StrEnum):
    """How a chart is drawn."""

    BARS = "bars"
    PIE = "pie"


@dataclass(frozen=True)
class Bar:
    """One bar or slice: what it counts, how many, and the list of records it opens."""

    label: str
    value: int
    kind: RecordKind
    filters: tuple[tuple[str, FilterValue], ...]

    @property
    def query(self) -> ListQuery:
        """The table query that shows exactly the records counted."""
        return ListQuery(filters=self.filters)


@dataclass(frozen=True)
class Chart:
    """A titled chart of bars or slices."""

    title: str
    style: ChartStyle
    bars: tuple[Bar, ...]

    @property
    def total(self) -> int:
        """The sum of its values."""
        return sum(bar.value for bar in self.bars)
