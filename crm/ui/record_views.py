"""The window's tables, one per kind of record, each built the first time it is wanted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from crm.domain.enums import RecordKind
from crm.ui.record_view import RecordView


class RecordViews:
    """A page per kind in ``stack``, in RecordKind's order; a page's table is made on demand.

    Building all seven tables (their filters, headers and column menus) took about 40 ms of
    every start-up, for views most sessions never open.
    """

    def __init__(self, stack: QStackedWidget, build: Callable[[RecordKind], RecordView]) -> None:
        self._build = build
        self._pages: dict[RecordKind, QVBoxLayout] = {}
        self._built: dict[RecordKind, RecordView] = {}
        for kind in RecordKind:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            self._pages[kind] = layout
            stack.addWidget(page)

    def __getitem__(self, kind: RecordKind) -> RecordView:
        """Return the table of ``kind``, building it if no one has wanted it before."""
        view = self._built.get(kind)
        if view is None:
            view = self._build(kind)
            self._built[kind] = view
            self._pages[kind].addWidget(view)
        return view

    def built(self) -> list[RecordView]:
        """Return the tables made so far: the only ones with rows, state or filters to refresh."""
        return list(self._built.values())
