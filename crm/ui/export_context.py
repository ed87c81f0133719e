"""What the window has on show, turned into the starting point of an export."""

from __future__ import annotations

from crm.domain.enums import RecordKind
from crm.domain.exports import ContactScope
from crm.domain.queries import ListQuery
from crm.services.workspace import Workspace
from crm.ui.dialogs.export import ExportContext
from crm.ui.record_views import RecordViews

CHOICES_LIMIT = 500


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def scope_of(query: ListQuery) -> ContactScope:
    """Turn the contacts table's search and filters (or a saved search's) into a scope."""
    filters = dict(query.filters)
    return ContactScope(
        search=query.search,
        tag=_text(filters.get("tag")),
        organization_id=_number(filters.get("organization_id")),
        list_id=_number(filters.get("list_id")),
        country=_text(filters.get("country")),
        press_only=bool(filters.get("press_only")),
        organization_kind=_text(filters.get("organization_kind")),
        do_not_contact=True if filters.get("do_not_contact") is True else None,
    )


def export_context(
    workspace: Workspace,
    views: RecordViews,
    kind: RecordKind,
    current_id: int | None,
) -> ExportContext:
    """Offer the contacts table's search and filters, its selection, the list or event on show."""
    contacts = views[RecordKind.CONTACTS]
    query = contacts.query
    filters = dict(query.filters)
    scope = scope_of(query)
    described = [f"“{query.search}”"] if query.search else []
    described += [name.replace("_id", "").replace("_", " ") for name in filters]
    event_filter = views[RecordKind.ATTENDANCES].query.filter_value("event_id")
    event_id = current_id if kind is RecordKind.EVENTS else None
    if kind is RecordKind.ATTENDANCES:
        event_id = _number(event_filter)
    return ExportContext(
        view_scope=scope,
        view_description=("filtered by " + ", ".join(described)) if described else "all",
        selected_ids=tuple(contacts.selected_ids()) if kind is RecordKind.CONTACTS else (),
        lists=workspace.find(RecordKind.LISTS, "", CHOICES_LIMIT),
        events=workspace.find(RecordKind.EVENTS, "", CHOICES_LIMIT),
        list_id=current_id if kind is RecordKind.LISTS else None,
        event_id=event_id,
        saved_searches=[(s.name, scope_of(s.query)) for s in workspace.saved_searches()],
    )
