#!/usr/bin/env python3
"""Lists the issue's table leaves out, through the Workspace the window uses, at N contacts.

Not a row of the targets table: for reading. Each is the first page with its exact count
(what the window reads when the list is chosen), the median of a few runs on a warm file:
the contacts of the organization with the most people, of each of two organization kinds
and of people with none, of the tag on the most people, alone and with another filter;
pairs of filters; a search with a filter; every event's participants, first and deep into
the list (the window then reaches rows by id, once it has their order).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.common import best_of, database
from crm.domain.enums import RecordKind
from crm.domain.queries import FilterValue, ListQuery
from crm.services.opening import open_database
from crm.services.workspace import Workspace

CONTACTS = RecordKind.CONTACTS


def main() -> int:
    """Measure and print one line per list."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    opened = open_database(f"sqlite:///{database(args.contacts)}")
    workspace = Workspace(opened)
    with opened.engine.connect() as connection:
        organization, people = connection.execute(
            text(
                "SELECT organization_id, count(*) AS n FROM affiliations "
                "GROUP BY organization_id ORDER BY n DESC LIMIT 1"
            )
        ).one()
        tag, tagged = connection.execute(
            text(
                "SELECT tags.name, count(*) AS n FROM contact_tags JOIN tags "
                "ON tags.id = contact_tags.tag_id GROUP BY tags.id ORDER BY n DESC LIMIT 1"
            )
        ).one()
    press: tuple[str, FilterValue] = ("press_only", True)
    academic: tuple[str, FilterValue] = ("organization_kind", "academic")
    no_organization: tuple[str, FilterValue] = ("organization_kind", "none")
    lists: list[tuple[str, tuple[tuple[str, FilterValue], ...]]] = [
        (
            f"contacts of organization {organization} ({people:,} people)",
            (("organization_id", organization),),
        ),
        ("contacts at an academic organization", (("organization_kind", "academic"),)),
        ("contacts at a company", (("organization_kind", "company"),)),
        ("contacts with no organization", (("organization_kind", "none"),)),
        (f"contacts tagged {tag!r} ({tagged:,})", (("tag", tag),)),
        (f"contacts tagged {tag!r}, press only", (("tag", tag), ("press_only", True))),
        (f"contacts tagged {tag!r} in France", (("tag", tag), ("country", "FR"))),
        (f"contacts tagged {tag!r} at academic organizations", (("tag", tag), academic)),
        (f"contacts tagged {tag!r} with no organization", (("tag", tag), no_organization)),
        ("press contacts in France", (press, ("country", "FR"))),
        ("press contacts with no organization", (press, no_organization)),
        ("contacts in France with no organization", (("country", "FR"), no_organization)),
        ("press contacts at academic organizations", (press, academic)),
    ]
    n = f"{args.contacts:,}"
    for title, filters in lists:
        query = ListQuery(filters=filters)
        seconds = best_of(args.runs, partial(workspace.page, CONTACTS, query, 0, 200))
        print(f"{title}, {n}: first page and count {seconds * 1000:.1f} ms")
    for search in ("a", "mu", "muller", "amira@"):
        for title, filters in ((f"tagged {tag!r}", (("tag", tag),)), ("press only", (press,))):
            query = ListQuery(search=search, filters=filters)
            seconds = best_of(args.runs, partial(workspace.page, CONTACTS, query, 0, 200))
            print(f"search {search!r}, {title}, {n}: first page and count {seconds * 1000:.1f} ms")
    participants = RecordKind.ATTENDANCES
    everyone = ListQuery()
    total = workspace.page(participants, everyone, 0, 1).total or 0
    first = best_of(args.runs, partial(workspace.page, participants, everyone, 0, 200))
    print(f"every event's {total:,} participants: first page and count {first * 1000:.1f} ms")
    middle = partial(workspace.page, participants, everyone, total // 2, 100, count=False)
    print(f"  a page from the middle by OFFSET: {best_of(args.runs, middle) * 1000:.1f} ms")
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
