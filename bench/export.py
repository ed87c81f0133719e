#!/usr/bin/env python3
"""Export 100k contacts to CSV, vCard and XLSX, beside the floor measured in the same run.

Floor: Python's csv module over sqlite3, one query (emails joined with group_concat). Targets
(issue 5): CSV ≤ 2× the floor, vCard ≤ 0.9 s, XLSX ≤ 8 s. Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Result, best_of, database
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.services.exports.run import export
from crm.services.opening import open_database

FLOOR_SQL = """
SELECT c.given_name, c.family_name, c.native_name, c.job_title, c.country, c.city,
       (SELECT group_concat(address) FROM contact_emails e WHERE e.contact_id = c.id)
FROM contacts c WHERE NOT c.do_not_contact
ORDER BY coalesce(c.family_name, c.native_name, c.given_name), coalesce(c.given_name, ''), c.id
"""


def floor_csv(path: Path) -> None:
    """Write the same contacts as CSV the quickest plain way."""
    connection = sqlite3.connect(path)
    writer = csv.writer(io.StringIO())
    for row in connection.execute(FLOOR_SQL):
        writer.writerow(row)
    connection.close()


def main() -> int:
    """Measure and print one table row per format."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = database(args.contacts)
    db = open_database(f"sqlite:///{path}")

    def app(export_format: ExportFormat) -> None:
        with db.unit_of_work() as session:
            export(session, ContactScope(), ExportOptions(format=export_format), io.BytesIO())

    floor = best_of(args.runs, lambda: floor_csv(path))
    results = [
        Result(
            f"export {args.contacts:,} contacts to CSV",
            best_of(args.runs, lambda: app(ExportFormat.CSV)),
            floor,
            "≤ 2× floor",
            False,
        ),
        Result(
            f"export {args.contacts:,} contacts to vCard",
            best_of(args.runs, lambda: app(ExportFormat.VCARD)),
            None,
            "≤ 0.9 s",
            False,
        ),
        Result(
            f"export {args.contacts:,} contacts to XLSX",
            best_of(1, lambda: app(ExportFormat.XLSX)),
            None,
            "≤ 8 s",
            False,
        ),
    ]
    limits = [2 * floor, 0.9, 8.0]
    checked = [
        Result(r.action, r.app_seconds, r.floor_seconds, r.target, r.app_seconds <= lim)
        for r, lim in zip(results, limits, strict=True)
    ]
    for result in checked:
        print(result.line())
    return 0 if all(r.met for r in checked) else 1


if __name__ == "__main__":
    raise SystemExit(main())
