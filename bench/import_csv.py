#!/usr/bin/env python3
"""Import N contacts from a CSV file, beside the floor measured in the same run.

The file is the app's own CSV export of a generated database (do-not-contact people left out),
imported into an empty database with the duplicate check on. Floor: the same rows inserted
with sqlite3 executemany (no checks, no index). Target (issue 5): ≤ 2.5 s for 100k rows.
Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Result, database
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.imports import ImportOptions, ReadResult
from crm.domain.validation import forget_checked_values, normalize_email, parse_phone
from crm.services.exports.run import export
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.opening import open_database


def floor(data: bytes, folder: Path) -> float:
    """Insert the rows' names and first email with sqlite3 alone; return the seconds."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    connection = sqlite3.connect(folder / "floor.sqlite3")
    connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, given, family, email)")
    start = time.perf_counter()
    connection.executemany(
        "INSERT INTO people (given, family, email) VALUES (?, ?, ?)",
        ((r[0], r[1], r[5]) for r in rows),
    )
    connection.commit()
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def checks_alone(read: ReadResult) -> str:
    """Time checking the file's numbers and addresses as the import does, with nothing else.

    The checks' caches are emptied first: the import filled them.
    """
    forget_checked_values()
    phones = [(p[0], row.country) for row in read.contacts for p in row.phones]
    emails = [e[0] for row in read.contacts for e in row.emails]
    start = time.perf_counter()
    for number, country in phones:
        parse_phone(number, country)
    for address in emails:
        normalize_email(address)
    seconds = time.perf_counter() - start
    return (
        f"checking its {len(phones):,} numbers and {len(emails):,} addresses alone: {seconds:.2f} s"
    )


def main() -> int:
    """Measure and print the row."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    source = open_database(f"sqlite:///{database(args.contacts)}")
    out = io.BytesIO()
    with source.unit_of_work() as session:
        export(session, ContactScope(), ExportOptions(format=ExportFormat.CSV), out)
    data = out.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        target = open_database(f"sqlite:///{Path(folder) / 'import.sqlite3'}")
        start = time.perf_counter()
        read = read_csv(data)
        with target.unit_of_work() as session:
            result = import_contacts(session, read, ImportOptions(skip_invalid=True))
        seconds = time.perf_counter() - start
        target.dispose()
        floor_seconds = floor(data, Path(folder))
    lines = len(read.contacts)
    print(f"({result.summary()})", file=sys.stderr)
    print(f"({checks_alone(read)})", file=sys.stderr)
    row = Result(
        f"import {lines:,} CSV rows with duplicate check and search index",
        seconds,
        floor_seconds,
        "≤ 2.5 s",
        seconds <= 2.5,
    )
    print(row.line())
    return 0 if row.met else 1


if __name__ == "__main__":
    sys.exit(main())
