#!/usr/bin/env python3
"""Run inside a child process by bench/gui.py: the app, or the floor, until rows are painted.

``app URL`` starts Convene as ``convene --database URL`` does and exits at the first paint of
a table with rows. ``floor URL`` does the least that paints the same: a Qt window, an engine,
one ORM class, the first 200 contacts by name in a QTableView. ``interact URL`` starts the
app, then times what a user does (jumps, searches, sorts, filters, a scroll end to end) and
prints the figures as JSON. Each prints ``painted`` when its first rows are on screen.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

# Import in the order each program does: the app loads its own modules (and SQLAlchemy)
# before Qt, and so does the floor. PySide6 reads the source of every module imported after
# it (to see whether it uses PySide), which would charge both with work neither does.
# The app starts as the convene command does: crm.launch first, which turns the garbage
# collector off while the modules load.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if __name__ == "__main__" and sys.argv[1:2] != ["floor"]:
    import crm.launch  # noqa: F401

import sqlalchemy.orm  # noqa: F401
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView
from sqlalchemy import String, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class FirstPaint(QObject):
    """Calls back once, at the first paint of a table that shows rows."""

    def __init__(self, then: Callable[[QTableView], None]) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Watch every paint until a table with rows is painted."""
        table = watched.parent()
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(table, QTableView)
            and table.model() is not None
            and table.model().rowCount() > 0
        ):
            self._done = True
            QTimer.singleShot(0, lambda: self._then(table))
        return False


def peak_mib() -> float:
    """Return the peak resident memory of this process."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def painted_and_exit(_table: QTableView) -> None:
    """Tell the parent the rows are on screen, and stop."""
    print("painted", peak_mib(), flush=True)
    os._exit(0)


def run_app(url: str, then: Callable[[QTableView], None]) -> None:
    """Start Convene as its command does, calling ``then`` once its table is painted."""
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(then)
    app.installEventFilter(watcher)
    from crm.launch import main

    main(["--database", url])


def run_floor(url: str) -> None:
    """Paint the first 200 contacts by name the plainest way: the floor of the start-up."""
    app = QApplication(sys.argv[:1])

    class Base(DeclarativeBase):
        pass

    class Person(Base):
        __tablename__ = "contacts"
        id: Mapped[int] = mapped_column(primary_key=True)
        given_name: Mapped[str | None] = mapped_column(String)
        family_name: Mapped[str | None] = mapped_column(String)
        native_name: Mapped[str | None] = mapped_column(String)

    engine = create_engine(url)
    with Session(engine) as session:
        name = func.coalesce(Person.family_name, Person.native_name, Person.given_name)
        people = session.scalars(select(Person).order_by(name).limit(200)).all()
        rows = [(p.given_name or "", p.family_name or "", p.native_name or "") for p in people]

    class Rows(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return len(rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 3

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return rows[index.row()][index.column()]
            return None

    watcher = FirstPaint(painted_and_exit)  # kept referenced: Qt does not own a filter
    app.installEventFilter(watcher)
    table = QTableView()
    table.setModel(Rows())
    table.resize(1280, 760)
    table.show()
    app.exec()


def timed(action: Callable[[], object]) -> float:
    """Return how long ``action`` took, in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interact(table: QTableView) -> None:
    """Time what a user does in the contacts table, then print the figures and exit."""
    from crm.domain.queries import ListQuery
    from crm.ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    view = window.current_view
    model = view.model
    viewport = table.viewport()
    total = model.rowCount()
    figures: dict[str, Any] = {"contacts": total, "startup_peak_mib": peak_mib()}

    def jump(row: int) -> None:
        table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        viewport.repaint()

    def order_ready() -> float | None:
        """Run the event loop until the list's order has come in from the background."""
        started = time.perf_counter()
        while not model.has_order() and time.perf_counter() - started < 30:
            QApplication.processEvents()
            time.sleep(0.002)
        return time.perf_counter() - started if model.has_order() else None

    # The list's whole order arrives in the background; a user's first jump comes later
    # than that (0.3 s at a million), so the jumps below wait for it, and its time is told.
    figures["order_ready_s"] = order_ready()

    rng = random.Random(5)
    rows = [rng.randrange(total) for _ in range(30)] + [total - 1, total // 2, 0]
    figures["jumps_s"] = [timed(partial(jump, r)) for r in rows]
    # A screen down at a time from a random place, through blocks fetched one after another.
    start = rng.randrange(max(1, total - 5000))
    figures["page_down_s"] = [timed(partial(jump, r)) for r in range(start, start + 5000, 25)]

    def search(text: str) -> None:
        view.search.setText(text)
        view.flush_search()
        viewport.repaint()

    def fresh_search(text: str) -> float:
        search("")
        QApplication.processEvents()  # as between a user's keystrokes: the loop runs
        return timed(lambda: search(text))

    queries = ["müller", "muller", "amira@", "محمد", "mohammed", "יוסף", "lefevre jose", "mu"]
    figures["search_s"] = {q: fresh_search(q) for q in queries}
    figures["search_one_letter_s"] = {q: fresh_search(q) for q in ["m", "a"]}
    search("")

    sortable = [i for i, c in enumerate(model.columns) if c.sort_key is not None]

    def sort(column: int, order: Qt.SortOrder) -> None:
        table.sortByColumn(column, order)
        viewport.repaint()

    figures["sort_s"] = {}
    for column in sortable:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            way = "desc" if order == Qt.SortOrder.DescendingOrder else "asc"
            label = f"{model.columns[column].header} {way}"
            QApplication.processEvents()
            figures["sort_s"][label] = timed(partial(sort, column, order))
    sort(sortable[0], Qt.SortOrder.AscendingOrder)

    def narrow(name: str, value: Any) -> None:
        view.set_filter_choice(name, value)
        window.count_label.repaint()
        viewport.repaint()

    def alone(name: str, value: Any, cleared: Any) -> float:
        """Time one filter on the whole list, then take it off again."""
        QApplication.processEvents()
        seconds = timed(partial(narrow, name, value))
        figures.setdefault("count_labels", []).append(window.count_label.text())
        narrow(name, cleared)
        return seconds

    def shown(query: ListQuery) -> None:
        view.apply_query(query)
        window.count_label.repaint()
        viewport.repaint()

    def bar(name: str, value: str) -> float:
        """Time a dashboard bar's list (a filter the toolbar does not offer), then clear it."""
        QApplication.processEvents()
        seconds = timed(partial(shown, ListQuery(filters=((name, value),))))
        figures["count_labels"].append(window.count_label.text())
        shown(ListQuery())
        return seconds

    figures["count_s"] = {
        "country FR": alone("country", "FR", None),
        "press only": alone("press_only", True, False),
        "do not contact": alone("do_not_contact", True, False),
        "tag '2026'": alone("tag", "2026", None),
        "organization kind academic (a dashboard bar)": bar("organization_kind", "academic"),
        "no organization (a dashboard bar)": bar("organization_kind", "none"),
    }

    # End to end: every 150th screen, so every part of the list is fetched and let go again.
    step = max(1, total // 2000)

    order_ready()

    def end_to_end() -> None:
        for row in range(0, total, step):
            jump(row)
        jump(total - 1)

    figures["scroll_end_to_end_s"] = timed(end_to_end)
    figures["peak_mib"] = peak_mib()
    figures["kept_rows"] = model.kept_rows()
    print(json.dumps(figures), flush=True)
    os._exit(0)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "app":
        run_app(url, painted_and_exit)
    elif mode == "floor":
        run_floor(url)
    else:
        run_app(url, interact)
