"""View → Dashboard: charts of the records, each bar and slice a click away from its list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm.domain.enums import RecordKind
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
