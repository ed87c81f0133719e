"""The pane beside the table: the selected record and its relations, each a click away."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from crm.domain.enums import RecordKind
from crm.domain.errors import NotFoundError
from crm.domain.queries import ListQuery
from crm.services.workspace import Workspace
from crm.ui import detail_html

RELATED_LIMIT = 500


HISTORY_SHOWN = 50


class DetailPane(QTextBrowser):
    """Shows one record; a click on a related record asks the window to go there."""

    navigate_requested = Signal(object, int)  # a RecordKind and an id
    participants_requested = Signal(int)  # an event's id
    contacts_requested = Signal(str, int)  # the contacts' filter to set, and its value

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace
        self.setOpenLinks(False)
        self.setAccessibleName("Details of the selected record")
        self.anchorClicked.connect(self._on_link)
        self.shown: tuple[RecordKind, int] | None = None
        self.shown_version: int | None = None  # the version of the record on show
        self.show_nothing()

    def show_nothing(self, hint: str = "Select a record to see its details here.") -> None:
        """Clear the pane."""
        self.shown = None
        self.shown_version = None
        self.setHtml(f"<p style='color:gray'>{hint}</p>")

    def show_record(self, kind: RecordKind, record_id: int | None) -> None:
        """Show one record with its relations."""
        if record_id is None:
            self.show_nothing()
            return
        try:
            html = self._render(kind, record_id) + detail_html.history_html(
                self._workspace.history(kind, record_id, HISTORY_SHOWN)
            )
        except NotFoundError:
            self.show_nothing("That record no longer exists.")
            return
        self.shown = (kind, record_id)
        self.setHtml(html)

    def refresh(self) -> None:
        """Show the current record again, as it is now."""
        if self.shown is not None:
            self.show_record(*self.shown)

    def _related(self, kind: RecordKind, **filters: Any) -> list[Any]:
        query = ListQuery(filters=tuple(filters.items()))
        return list(self._workspace.page(kind, query, 0, RELATED_LIMIT).rows)

    def _render(self, kind: RecordKind, record_id: int) -> str:
        if kind is RecordKind.LISTS:  # of 200,000 members, perhaps: the ones it names
            preview = self._workspace.list_preview(record_id, detail_html.SHOWN_IN_SECTION)
            self.shown_version = preview.row.version
            return detail_html.list_html(preview)
        detail = self._workspace.detail(kind, record_id)
        self.shown_version = getattr(getattr(detail, "row", detail), "version", None)
        if kind is RecordKind.CONTACTS:
            return detail_html.contact_html(
                detail,
                self._related(RecordKind.ATTENDANCES, contact_id=record_id),
                self._related(RecordKind.COMMITMENTS, maker_contact_id=record_id),
            )
        if kind is RecordKind.ORGANIZATIONS:
            return detail_html.organization_html(
                detail,
                self._related(RecordKind.ATTENDANCES, organization_id=record_id),
                self._related(RecordKind.COMMITMENTS, maker_organization_id=record_id),
            )
        if kind is RecordKind.EVENTS:
            return detail_html.event_html(
                detail, self._related(RecordKind.COMMITMENTS, event_id=record_id)
            )
        if kind is RecordKind.ATTENDANCES:
            return detail_html.attendance_html(detail)
        if kind is RecordKind.COMMITMENTS:
            return detail_html.commitment_html(detail)
        return detail_html.document_html(detail)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() != "crm":
            return
        kind_name, _, record_id = url.path().partition("/")
        if not record_id.isdigit():
            return
        if kind_name == "participants":
            self.participants_requested.emit(int(record_id))
            return
        if kind_name in detail_html.CONTACT_FILTER_OF_LINK:
            self.contacts_requested.emit(
                detail_html.CONTACT_FILTER_OF_LINK[kind_name], int(record_id)
            )
            return
        self.navigate_requested.emit(RecordKind(kind_name), int(record_id))
