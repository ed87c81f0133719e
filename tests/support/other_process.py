"""Convene's services run in a process of their own, for tests of a second writer and of crashes.

    python -m tests.support.other_process edit URL CONTACT_ID VERSION JOB_TITLE
    python -m tests.support.other_process import URL CSV_FILE
    python -m tests.support.other_process edits URL CONTACT_ID

``edit`` saves one change as the app does and prints ``saved VERSION`` or the error.
``import`` imports a file in one unit of work, printing ``progress DONE TOTAL`` as it goes.
``edits`` saves change after change to one contact until it is killed, printing ``saved N``
after each: change N sets the job title to ``edit N`` and the only email to ``eN@…``
(N going on from the title it finds).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from crm.domain.drafts import EmailDraft
from crm.domain.editing import contact_draft
from crm.domain.errors import DomainError
from crm.domain.imports import ImportOptions
from crm.services import contacts
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.opening import open_database


def _say(line: str) -> None:
    print(line, flush=True)  # the test reads each line as it comes


def edit(url: str, contact_id: int, version: int, job_title: str) -> None:
    """Save one change to a contact, as of ``version``."""
    database = open_database(url)
    try:
        with database.unit_of_work(changes=True) as session:
            draft = contact_draft(contacts.get_contact(session, contact_id))
            saved = contacts.update_contact(
                session, contact_id, replace(draft, job_title=job_title), version
            )
        _say(f"saved {saved.row.version}")
    except DomainError as error:
        _say(f"refused {error}")


def run_import(url: str, path: str) -> None:
    """Import a CSV file, saying how far it got."""
    database = open_database(url)
    read = read_csv(Path(path).read_bytes())
    with database.unit_of_work(changes=True) as session:
        import_contacts(
            session,
            read,
            ImportOptions(skip_invalid=True),
            lambda done, total: _say(f"progress {done} {total}"),
        )
    _say("imported")


def edits(url: str, contact_id: int) -> None:
    """Change one contact over and over; each change is one action of two parts.

    The count goes on from the contact's title (``edit N``), so that rounds of kills and
    restarts write one numbered story.
    """
    database = open_database(url)
    with database.unit_of_work() as session:
        title = contacts.get_contact(session, contact_id).row.job_title or ""
    number = int(title.split()[1]) if title.startswith("edit ") else 0
    while True:
        number += 1
        with database.unit_of_work(changes=True) as session:
            draft = contact_draft(contacts.get_contact(session, contact_id))
            changed = replace(
                draft,
                job_title=f"edit {number}",
                emails=(EmailDraft(f"e{number}@example.org", "work", True),),
            )
            contacts.update_contact(session, contact_id, changed, None)
        _say(f"saved {number}")


def main(argv: list[str]) -> None:
    """Run the command named first."""
    command, url, *rest = argv
    if command == "edit":
        edit(url, int(rest[0]), int(rest[1]), rest[2])
    elif command == "import":
        run_import(url, rest[0])
    elif command == "edits":
        edits(url, int(rest[0]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
