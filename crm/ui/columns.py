"""The one place that says which columns each table has, how to show them and sort them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt

from crm.domain.enums import RecordKind


def show(value: Any) -> str:
    """Render a field value for a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value)
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its key, header, how to read it from a row, and its sort key if any."""

    key: str
    header: str
    read: Callable[[Any], Any]
    sort_key: str | None = None
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    hidden_by_default: bool = False

    def text(self, row: Any) -> str:
        """Return the cell text for ``row``."""
        return show(self.read(row))


def _field(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name)


def _col(key: str, header: str, sortable: bool = True, **kw: Any) -> ColumnSpec:
    return ColumnSpec(key, header, _field(key), key if sortable else None, **kw)


_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight

COLUMNS: dict[RecordKind, tuple[ColumnSpec, ...]] = {
    RecordKind.CONTACTS: (
        _col("display_name", "Name"),
        _col("native_name", "Original script", sortable=False),
        _col("job_title", "Title"),
        _col("organization", "Organization", sortable=False),
        _col("email", "Email", sortable=False),
        _col("phone", "Phone", sortable=False),
        _col("country", "Country", alignment=_CENTER),
        _col("city", "City", hidden_by_default=True),
        _col("is_press", "Press", alignment=_CENTER),
        _col("do_not_contact", "Do not contact", alignment=_CENTER),
        _col("tags", "Tags", sortable=False),
    ),
    RecordKind.ORGANIZATIONS: (
        _col("name", "Name"),
        _col("acronym", "Acronym"),
        _col("kind", "Kind"),
        _col("country", "Country", alignment=_CENTER),
        _col("parent", "Part of", sortable=False),
        _col("email", "Email"),
        _col("phone", "Phone", sortable=False, hidden_by_default=True),
        _col("website", "Website", hidden_by_default=True),
        _col("tags", "Tags", sortable=False),
    ),
    RecordKind.EVENTS: (
        _col("name", "Name"),
        _col("kind", "Kind"),
        _col("status", "Status"),
        _col("start_date", "Starts"),
        _col("end_date", "Ends", hidden_by_default=True),
        _col("venue", "Venue", sortable=False),
        _col("city", "City"),
        _col("country", "Country", alignment=_CENTER),
        _col("parent", "Part of", sortable=False),
    ),
    RecordKind.ATTENDANCES: (
        ColumnSpec("participant", "Participant", _field("participant"), "participant"),
        ColumnSpec("event", "Event", _field("event"), "event"),
        _col("role", "Role"),
        _col("status", "Status"),
        _col("title_at_event", "Title then"),
        _col("organization_at_event", "Organization then"),
        _col("on_behalf_of", "On behalf of", sortable=False, hidden_by_default=True),
        _col("checked_in_at", "Checked in"),
    ),
    RecordKind.COMMITMENTS: (
        _col("title", "Commitment"),
        _col("kind", "Kind"),
        _col("status", "Status"),
        ColumnSpec("maker", "Made by", _field("maker")),
        ColumnSpec("event", "At", _field("event")),
        _col("made_on", "Made on"),
        _col("due_on", "Due", hidden_by_default=True),
        _col("endorser_count", "Endorsers", alignment=_RIGHT),
    ),
    RecordKind.DOCUMENTS: (
        _col("title", "Title"),
        _col("kind", "Kind"),
        _col("publisher", "Publisher", sortable=False),
        _col("author", "Author"),
        _col("published_on", "Published"),
        _col("language", "Language", alignment=_CENTER),
    ),
    RecordKind.LISTS: (
        _col("name", "List"),
        _col("description", "Description"),
        _col("size", "Contacts", sortable=False, alignment=_RIGHT),
    ),
}

TITLES: dict[RecordKind, str] = {
    RecordKind.CONTACTS: "Contacts",
    RecordKind.ORGANIZATIONS: "Organizations",
    RecordKind.EVENTS: "Events",
    RecordKind.ATTENDANCES: "Participants",
    RecordKind.COMMITMENTS: "Commitments",
    RecordKind.DOCUMENTS: "Documents",
    RecordKind.LISTS: "Lists",
}

SEARCH_HINTS: dict[RecordKind, str] = {
    RecordKind.CONTACTS: "Search contacts: the start of any name (any script), email, phone "
    "or organization",
    RecordKind.ORGANIZATIONS: "Search organizations: name, acronym, email, website",
    RecordKind.EVENTS: "Search events: name, city, description",
    RecordKind.ATTENDANCES: "Search participants: person, organization or event",
    RecordKind.COMMITMENTS: "Search commitments: words of the text, or the maker's name",
    RecordKind.DOCUMENTS: "Search documents: title, author, any words of the text",
    RecordKind.LISTS: "Search lists by name or description",
}
