"""The filters users reach for, per kind of record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    CommitmentStatus,
    EventStatus,
    OrganizationKind,
    RecordKind,
)
from crm.domain.queries import NO_ORGANIZATION, FilterValue
from crm.domain.records import Ref
from crm.services.workspace import Workspace
from crm.ui.columns import show
from crm.ui.record_view import FilterSpec

# Choice lists hold this many entries at most; beyond, the search field narrows instead.
CHOICES_LIMIT = 500


def _enum(enum_class: type[StrEnum]) -> list[tuple[str, FilterValue]]:
    return [(show(member), member.value) for member in enum_class]


def _records(refs: Sequence[Ref]) -> list[tuple[str, FilterValue]]:
    return [(ref.label, ref.id) for ref in refs]


def filters_for(kind: RecordKind, workspace: Workspace) -> Sequence[FilterSpec]:
    """Return the filters shown above the table of ``kind``."""

    def countries() -> list[tuple[str, FilterValue]]:
        return [(f"{code} — {name}", code) for code, name in workspace.countries().items()]

    def organizations() -> list[tuple[str, FilterValue]]:
        return _records(workspace.find(RecordKind.ORGANIZATIONS, "", CHOICES_LIMIT))

    def name_of(records: RecordKind) -> Callable[[Any], str]:
        """Name a record beyond the first CHOICES_LIMIT of a list."""
        return lambda record_id: workspace.ref(records, record_id).label

    if kind is RecordKind.CONTACTS:
        return (
            FilterSpec(
                "organization_id",
                "Organization",
                organizations,
                name_of(RecordKind.ORGANIZATIONS),
            ),
            FilterSpec(
                "organization_kind",
                "Org. kind",
                lambda: [*_enum(OrganizationKind), ("No organization", NO_ORGANIZATION)],
            ),
            FilterSpec(
                "list_id",
                "List",
                lambda: _records(workspace.find(RecordKind.LISTS, "", CHOICES_LIMIT)),
                name_of(RecordKind.LISTS),
            ),
            FilterSpec("tag", "Tag", lambda: [(t, t) for t in workspace.tag_names()]),
            FilterSpec("country", "Country", countries),
            FilterSpec("press_only", "Press only"),
            FilterSpec("do_not_contact", "Do not contact"),
        )
    if kind is RecordKind.ORGANIZATIONS:
        return (
            FilterSpec("kind", "Kind", lambda: _enum(OrganizationKind)),
            FilterSpec("country", "Country", countries),
        )
    if kind is RecordKind.EVENTS:
        return (
            FilterSpec("status", "Status", lambda: _enum(EventStatus)),
            FilterSpec("year", "Year", lambda: [(str(y), y) for y in workspace.event_years()]),
        )
    if kind is RecordKind.ATTENDANCES:
        return (
            FilterSpec(
                "event_id",
                "Event",
                lambda: _records(workspace.find(RecordKind.EVENTS, "", CHOICES_LIMIT)),
                name_of(RecordKind.EVENTS),
            ),
            FilterSpec("role", "Role", lambda: _enum(AttendanceRole)),
            FilterSpec("status", "Status", lambda: _enum(AttendanceStatus)),
        )
    if kind is RecordKind.COMMITMENTS:
        return (
            FilterSpec("status", "Status", lambda: _enum(CommitmentStatus)),
            FilterSpec(
                "maker_organization_id",
                "Made by",
                organizations,
                name_of(RecordKind.ORGANIZATIONS),
            ),
            FilterSpec(
                "maker_contact_id",
                "Made by person",
                lambda: _records(workspace.people_who_made_commitments(CHOICES_LIMIT)),
                name_of(RecordKind.CONTACTS),
            ),
        )
    return ()
