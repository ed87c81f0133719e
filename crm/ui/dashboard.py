"""View → Dashboard: the charts a coordinator looks at before a meeting.

Participants of an event by status, attendance event by event, commitments by status and
by maker, people by kind of organization and by country. A click on a bar or a slice shows
the records it counts, in the main window's table. The numbers are read on a worker.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.domain.dashboard import Bar, Chart, ChartStyle
from crm.domain.enums import RecordKind
from crm.services.workspace import Workspace
from crm.ui.worker import Job, run_in_background

COLUMNS = 3
EVENTS_LISTED = 500
LABEL_LENGTH = 38  # characters of a bar's label shown beside it (the tooltip has the rest)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


class ChartPanel(QChartView):
    """One chart; clicking a bar or a slice asks for the records it counts."""

    bar_clicked = Signal(object)  # the Bar

    def __init__(self, chart: Chart) -> None:
        super().__init__()
        self.data = chart
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(360, 260)
        self.setAccessibleName(chart.title)
        drawn = QChart()
        drawn.setTitle(f"{chart.title} ({chart.total:,})")
        drawn.legend().setVisible(chart.style is ChartStyle.PIE)
        drawn.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        drawn.setMargins(drawn.margins())
        if not chart.bars:
            drawn.setTitle(f"{chart.title}: nothing yet")
        elif chart.style is ChartStyle.PIE:
            self._pie(drawn, chart)
        else:
            self._bars(drawn, chart)
        self.setChart(drawn)

    def _pie(self, drawn: QChart, chart: Chart) -> None:
        pie = QPieSeries()
        for bar in chart.bars:  # named in the legend: labels round a small pie overlap
            piece = pie.append(f"{bar.label} ({bar.value})", bar.value)
            piece.hovered.connect(lambda on, p=piece: p.setExploded(on))
        pie.clicked.connect(self._slice_clicked)
        drawn.addSeries(pie)
        self.series: QPieSeries | QHorizontalBarSeries = pie

    def _slice_clicked(self, piece: QPieSlice) -> None:
        assert isinstance(self.series, QPieSeries)
        index = self.series.slices().index(piece)
        self.bar_clicked.emit(self.data.bars[index])

    def _bars(self, drawn: QChart, chart: Chart) -> None:
        # A horizontal series draws its first bar at the bottom: feed it the list reversed,
        # so the chart reads top down as the list does.
        shown = list(reversed(chart.bars))
        values = QBarSet("count")
        for bar in shown:
            values.append(bar.value)
        values.clicked.connect(lambda index: self.bar_clicked.emit(shown[index]))
        series = QHorizontalBarSeries()
        series.append(values)
        series.setLabelsVisible(True)
        drawn.addSeries(series)
        self.series = series
        categories = QBarCategoryAxis()
        categories.append([_short(bar.label) for bar in shown])
        drawn.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(categories)
        counts = QValueAxis()
        counts.setRange(0, max(bar.value for bar in chart.bars) * 1.15)
        counts.setLabelFormat("%d")
        counts.applyNiceNumbers()
        drawn.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        self.series.attachAxis(counts)

    def point_of(self, index: int) -> QPointF:
        """Where on the view a bar (or slice) is: for a click, a user's or a test's."""
        drawn = self.chart()
        if isinstance(self.series, QPieSeries):
            piece = self.series.slices()[index]
            area = drawn.plotArea()
            radius = min(area.width(), area.height()) / 2 * self.series.pieSize()
            middle = math.radians(piece.startAngle() + piece.angleSpan() / 2)  # from 12 o'clock
            centre = area.center()
            at = QPointF(
                centre.x() + 0.6 * radius * math.sin(middle),
                centre.y() - 0.6 * radius * math.cos(middle),
            )
            return self.mapFromScene(drawn.mapToScene(at)).toPointF()
        bar = self.data.bars[index]
        row = len(self.data.bars) - 1 - index  # drawn bottom up
        at = drawn.mapToPosition(QPointF(bar.value / 2, row), self.series)
        return self.mapFromScene(drawn.mapToScene(at)).toPointF()


class Dashboard(QWidget):
    """The charts in a grid, the event to show participants of, and Refresh."""

    records_requested = Signal(object, object)  # a RecordKind and a ListQuery

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Convene — Dashboard")
        self._workspace = workspace
        self.job: Job | None = None
        self.panels: list[ChartPanel] = []
        self.event_box = QComboBox()
        self.event_box.setAccessibleName("Event whose participants are charted")
        self.event_box.setMinimumContentsLength(40)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Participants of"))
        top.addWidget(self.event_box, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.status)
        self.grid = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)
        self.resize(1400, 820)
        self._fill_events()
        self.event_box.currentIndexChanged.connect(lambda _i: self.refresh())

    def _fill_events(self) -> None:
        self.event_box.blockSignals(True)
        self.event_box.clear()
        self.event_box.addItem("The latest event with participants", None)
        for ref in self._workspace.find(RecordKind.EVENTS, "", EVENTS_LISTED):
            self.event_box.addItem(ref.label, ref.id)
        self.event_box.blockSignals(False)

    def refresh(self) -> None:
        """Read the numbers again in the background, then redraw."""
        event_id = self.event_box.currentData()
        self.status.setText("Counting…")
        self.refresh_button.setEnabled(False)
        self.job = run_in_background(
            lambda: self._workspace.dashboard(event_id), self._draw, self._failed
        )

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not count: {message}")
        self.refresh_button.setEnabled(True)

    def _draw(self, charts: list[Chart]) -> None:
        for panel in self.panels:
            self.grid.removeWidget(panel)
            panel.deleteLater()
        self.panels = []
        for index, chart in enumerate(charts):
            panel = ChartPanel(chart)
            panel.bar_clicked.connect(self._open)
            self.grid.addWidget(panel, index // COLUMNS, index % COLUMNS)
            self.panels.append(panel)
        self.status.setText("Click a bar or a slice to see its records.")
        self.refresh_button.setEnabled(True)

    def _open(self, bar: Bar) -> None:
        self.records_requested.emit(bar.kind, bar.query)

    def panel(self, title_start: str) -> ChartPanel:
        """The panel whose chart's title starts so."""
        return next(p for p in self.panels if p.data.title.startswith(title_start))
