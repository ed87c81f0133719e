"""View → Dashboard: charts of the records, each bar and slice a click away from its list."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
from crm.domain.queries import ListQuery
from crm.ui.dashboard import ChartPanel
from tests.ui.conftest import OpenWindow


def _click(qtbot: QtBot, panel: ChartPanel, label: str) -> None:
    index = next(i for i, bar in enumerate(panel.data.bars) if bar.label == label)
    qtbot.mouseClick(
        panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.point_of(index).toPoint()
    )


def test_a_bar_and_a_slice_open_the_records_they_count(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.dashboard_action.trigger()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitExposed(dashboard)
    qtbot.waitUntil(lambda: len(dashboard.panels) == 6)

    by_status = dashboard.panel("Participants of Two peoples")
    assert [(b.label, b.value) for b in by_status.data.bars] == [("attended", 13), ("absent", 1)]
    _click(qtbot, by_status, "absent")
    participants = window.views[RecordKind.ATTENDANCES]
    qtbot.waitUntil(lambda: window.current_kind is RecordKind.ATTENDANCES)
    qtbot.waitUntil(lambda: participants.model.total == 1)
    assert participants.model.row_at(0).participant.label == "Government of Italy"

    commitments = dashboard.panel("Commitments by status")
    made = next(b.value for b in commitments.data.bars if b.label == "made")
    _click(qtbot, commitments, "made")
    table = window.views[RecordKind.COMMITMENTS]
    qtbot.waitUntil(lambda: window.current_kind is RecordKind.COMMITMENTS)
    qtbot.waitUntil(lambda: table.model.total == made)
    assert {table.model.row_at(i).status.value for i in range(made)} == {"made"}

    makers = dashboard.panel("Commitments by maker")
    _click(qtbot, makers, "Alliance for Middle East Peace (ALLMEP)")
    qtbot.waitUntil(lambda: table.model.total == 4)

    kinds = dashboard.panel("People by kind of organization")
    _click(qtbot, kinds, "network")
    people = window.views[RecordKind.CONTACTS]
    qtbot.waitUntil(lambda: window.current_kind is RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: people.model.total == 3)
    names = {people.model.row_at(i).display_name for i in range(3)}
    assert names == {"Joelle Milman", "John Lyndon", "Nivine Sandouka"}


def test_a_bar_of_people_by_kind_sets_a_filter_they_see_and_reads_the_table_once(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kind of organization is a filter above the contacts, set by the bar's click.

    Set by a bar or a saved search, it used to apply unseen: every filter read "any". Its
    list, filled while the search was applied, let the choice through once more and the
    table was read twice.
    """
    window = open_window()
    window.dashboard_action.trigger()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: len(dashboard.panels) == 6)
    read: list[ListQuery] = []
    page = window.workspace.page

    def counted_page(kind: RecordKind, query: ListQuery, *args: Any, **kwargs: Any) -> Any:
        if kind is RecordKind.CONTACTS:
            read.append(query)
        return page(kind, query, *args, **kwargs)

    monkeypatch.setattr(window.workspace, "page", counted_page)
    kinds = dashboard.panel("People by kind of organization")
    _click(qtbot, kinds, "network")
    people = window.views[RecordKind.CONTACTS]
    qtbot.waitUntil(lambda: window.current_kind is RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: people.model.total == 3)
    box = people._filter_widgets["organization_kind"]
    assert isinstance(box, QComboBox) and box.currentText() == "network"
    assert [q.filters for q in read] == [(("organization_kind", "network"),)]

    box.setCurrentIndex(0)  # "any", as a user takes the filter off
    qtbot.waitUntil(lambda: people.model.total == window.workspace.counts()["contacts"])


def test_a_bar_of_a_person_who_made_commitments_sets_a_filter_they_see(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A maker may be a person: the bar's filter shows above the commitments, by name.

    Only organizations had a "Made by" list; a person's bar filtered the commitments
    unseen, every list reading "any".
    """
    window = open_window()
    window.dashboard_action.trigger()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: len(dashboard.panels) == 6)
    makers = dashboard.panel("Commitments by maker")
    person = next(b for b in makers.data.bars if b.filters[0][0] == "maker_contact_id")
    _click(qtbot, makers, person.label)
    table = window.views[RecordKind.COMMITMENTS]
    qtbot.waitUntil(lambda: window.current_kind is RecordKind.COMMITMENTS)
    qtbot.waitUntil(lambda: table.model.total == person.value)
    box = table._filter_widgets["maker_contact_id"]
    assert isinstance(box, QComboBox) and box.currentText() == person.label
    choices = [box.itemText(i) for i in range(1, box.count())]
    assert person.label in choices and len(choices) == len(set(choices))
    box.setCurrentIndex(0)
    everything = window.workspace.counts()["commitments"]
    qtbot.waitUntil(lambda: table.model.total == everything)
