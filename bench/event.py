#!/usr/bin/env python3
"""An event with 5,000 participants: open it, filter by status, change many at once.

`convene generate` gives its first event 5,000 participants. Each action goes through the
Workspace calls the window makes (first page with its exact count; a status filter; a bulk
status change of every invited participant, and its undo). The floor is the same
first page read with sqlite3 alone. Target (issue 5): ≤ 100 ms each. Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Result, best_of, database
from crm.domain.enums import AttendanceStatus, RecordKind
from crm.domain.queries import ListQuery
from crm.services.opening import open_database
from crm.services.workspace import Workspace

FLOOR_SQL = """
SELECT a.id, c.given_name, c.family_name, a.role, a.status
FROM attendances a LEFT JOIN contacts c ON c.id = a.contact_id
WHERE a.event_id = ? ORDER BY c.family_name, c.given_name, a.id LIMIT 200
"""


def main() -> int:
    """Measure and print one row per action."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = database(args.contacts)
    workspace = Workspace(open_database(f"sqlite:///{path}"))
    connection = sqlite3.connect(path)
    event_id, size = connection.execute(
        "SELECT event_id, count(*) FROM attendances GROUP BY event_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    participants = RecordKind.ATTENDANCES
    opened = ListQuery(filters=(("event_id", event_id),))
    invited = opened.with_filter("status", AttendanceStatus.INVITED.value)

    def floor() -> None:
        connection.execute(FLOOR_SQL, (event_id,)).fetchall()

    def invited_ids() -> list[int]:
        ids: list[int] = []
        while True:
            rows = workspace.page(participants, invited, len(ids), 1000, count=False).rows
            ids.extend(r.id for r in rows)
            if len(rows) < 1000:
                return ids

    chosen = invited_ids()
    undo: list[dict[int, AttendanceStatus]] = []

    def bulk_change() -> None:
        undo.append(workspace.set_attendance_status(chosen, AttendanceStatus.CONFIRMED))

    def bulk_undo() -> None:
        workspace.restore_attendance_statuses(undo.pop())

    def change_then_undo(timed: str) -> float:
        """Time the change or its undo; the other runs untimed, so each run starts alike."""
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            bulk_change()
            changed = time.perf_counter()
            bulk_undo()
            undone = time.perf_counter()
            times.append(changed - start if timed == "change" else undone - changed)
        return statistics.median(times)

    floor_seconds = best_of(args.runs, floor)
    figures = [
        (
            f"open an event of {size:,} participants",
            lambda: workspace.page(participants, opened, 0, 200),
        ),
        ("filter it by status", lambda: workspace.page(participants, invited, 0, 200)),
    ]
    results = []
    for label, action in figures:
        seconds = best_of(args.runs, action)
        results.append(Result(label, seconds, floor_seconds, "≤ 100 ms", seconds <= 0.100))
    for label, part in (
        (f"confirm all {len(chosen):,} invited at once", "change"),
        ("undo that", "undo"),
    ):
        seconds = change_then_undo(part)
        results.append(Result(label, seconds, floor_seconds, "≤ 100 ms", seconds <= 0.100))
    for result in results:
        print(result.line())
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
