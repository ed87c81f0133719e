"""The command line: headless commands over the services."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from crm.cli_export import add_export_parser, run_export
from crm.cli_import import add_import_parser, run_import
from crm.cli_intake import add_intake_parser, run_intake
from crm.cli_merge import (
    add_merge_parsers,
    run_duplicates,
    run_merge,
    run_merges,
    run_unmerge,
)
from crm.cli_options import add_window_options
from crm.cli_tags import add_tag_parsers, run_tag, run_tags
from crm.credentials import (
    KEYRING_SERVICE,
    account_for_saving,
    forget_password,
    save_password,
)
from crm.data import migrations
from crm.data.unit_of_work import Database
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.services import (
    attendances,
    commitments,
    contacts,
    documents,
    events,
    organizations,
    stats,
)
from crm.services.opening import safe_url
from crm.services.seed import seed
from crm.services.workspace import Workspace

OpenDatabase = Callable[[], Database]

KINDS = ("contacts", "organizations", "events", "attendances", "commitments", "documents")

# Columns of the plain-text listing of each kind: (header, key in the JSON object).
_TEXT_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (
        ("Name", "display_name"),
        ("Title", "job_title"),
        ("Organization", "organization"),
        ("Email", "email"),
        ("Phone", "phone"),
    ),
    "organizations": (
        ("Name", "name"),
        ("Acronym", "acronym"),
        ("Kind", "kind"),
        ("Country", "country"),
        ("Parent", "parent"),
    ),
    "events": (
        ("Name", "name"),
        ("Kind", "kind"),
        ("Status", "status"),
        ("Start", "start_date"),
        ("City", "city"),
        ("Country", "country"),
    ),
    "attendances": (
        ("Event", "event_name"),
        ("Participant", "participant_name"),
        ("Role", "role"),
        ("Status", "status"),
        ("Title then", "title_at_event"),
    ),
    "commitments": (
        ("Title", "title"),
        ("Kind", "kind"),
        ("Status", "status"),
        ("Maker", "maker_name"),
        ("Made", "made_on"),
    ),
    "documents": (
        ("Title", "title"),
        ("Kind", "kind"),
        ("Published", "published_on"),
        ("Author", "author"),
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """Describe Convene's command line."""
    parser = argparse.ArgumentParser(
        prog="convene",
        description="Convene: a CRM for the people who convene peace conferences and summits. "
        "With no command, opens the desktop app.",
    )
    add_window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="manage the database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="bring the database to the newest schema")
    db_commands.add_parser("current", help="print the schema revision of the database")

    commands.add_parser("seed", help="load the records drawn from the source documents")

    generate_parser = commands.add_parser(
        "generate", help="add a large synthetic data set (for benchmarks)"
    )
    generate_parser.add_argument("--contacts", type=_positive, required=True, metavar="N")
    generate_parser.add_argument("--organizations", type=_positive, metavar="M")
    generate_parser.add_argument("--events", type=_positive, metavar="K")
    generate_parser.add_argument("--seed", type=int, default=1, help="same seed, same data")

    backup_parser = commands.add_parser(
        "backup", help="copy the database to FILE while it may be in use (SQLite)"
    )
    backup_parser.add_argument("file", metavar="FILE", type=Path)
    restore_parser = commands.add_parser(
        "restore",
        help="replace the database with a backup FILE, once it has been checked "
        "(the database it replaces is kept in backups/ beside it)",
    )
    restore_parser.add_argument("file", metavar="FILE", type=Path)

    privacy = commands.add_parser("privacy", help="a person's data: report all of it, or erase it")
    privacy_commands = privacy.add_subparsers(
        dest="privacy_command", metavar="ACTION", required=True
    )
    report = privacy_commands.add_parser(
        "report", help="write everything held about one contact as JSON (a subject-access report)"
    )
    report.add_argument("contact_id", type=_positive, metavar="CONTACT_ID")
    report.add_argument("--output", metavar="FILE", required=True)
    erase = privacy_commands.add_parser(
        "erase",
        help="erase a contact on request: their attendances, commitments and history stay, "
        "anonymised; this cannot be undone",
    )
    erase.add_argument("contact_id", type=_positive, metavar="CONTACT_ID")
    erase.add_argument("--yes", action="store_true", help="confirm: it cannot be undone")

    password = commands.add_parser(
        "password", help="keep a team database's password in the system keyring, or forget it"
    )
    password.add_argument("password_command", choices=("save", "forget"), metavar="save|forget")

    stats_parser = commands.add_parser("stats", help="count the records of each kind")
    stats_parser.add_argument("--json", action="store_true", help="print JSON")

    add_export_parser(commands)
    add_import_parser(commands)
    add_merge_parsers(commands)
    add_tag_parsers(commands)
    add_intake_parser(commands)
    briefing = commands.add_parser(
        "briefing",
        help="write an event's briefing as PDF: participants by role, the press list, "
        "the commitments made there, and a sheet of name badges",
    )
    briefing.add_argument("event", metavar="EVENT", help="the event's number or name")
    briefing.add_argument("--output", metavar="FILE.pdf", required=True)

    list_parser = commands.add_parser("list", help="list records of one kind")
    list_parser.add_argument("kind", choices=KINDS)
    list_parser.add_argument("--search", metavar="TEXT", help="words the records must contain")
    list_parser.add_argument("--limit", type=_positive, default=200, metavar="N")
    list_parser.add_argument("--json", action="store_true", help="print one JSON array")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def to_plain(value: Any) -> Any:
    """Turn rows, enums and dates into JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def _flatten_detail(detail: Any) -> dict[str, Any]:
    """Merge a detail's row into the detail, so each object is flat at the top."""
    plain = to_plain(detail)
    return {**plain.pop("row"), **plain}


def _ref_fields(prefix: str, ref: Any) -> dict[str, Any]:
    return {
        f"{prefix}_kind": ref.kind if ref else None,
        f"{prefix}_id": ref.id if ref else None,
        f"{prefix}_name": ref.label if ref else None,
    }


def list_records(
    database: Database, kind: str, search: str | None, limit: int
) -> list[dict[str, Any]]:
    """Return the records of ``kind`` as JSON-ready objects with their related names."""
    with database.unit_of_work() as session:
        if kind == "contacts":
            page = contacts.list_contacts(session, search=search, limit=limit)
            return [_flatten_detail(contacts.get_contact(session, r.id)) for r in page.rows]
        if kind == "organizations":
            org_page = organizations.list_organizations(session, search=search, limit=limit)
            return [
                _flatten_detail(organizations.get_organization(session, r.id))
                for r in org_page.rows
            ]
        if kind == "events":
            event_page = events.list_events(session, search=search, limit=limit)
            return [_flatten_detail(events.get_event(session, r.id)) for r in event_page.rows]
        if kind == "attendances":
            att_page = attendances.list_attendances(session, search=search, limit=limit)
            return [
                {
                    **to_plain(r),
                    **_ref_fields("event", r.event),
                    **_ref_fields("participant", r.participant),
                }
                for r in att_page.rows
            ]
        if kind == "commitments":
            cmt_page = commitments.list_commitments(session, search=search, limit=limit)
            result = []
            for r in cmt_page.rows:
                detail = _flatten_detail(commitments.get_commitment(session, r.id))
                result.append(
                    {**detail, **_ref_fields("maker", r.maker), **_ref_fields("event", r.event)}
                )
            return result
        doc_page = documents.list_documents(session, search=search, limit=limit)
        return [_flatten_detail(documents.get_document(session, r.id)) for r in doc_page.rows]


def _print_table(rows: list[dict[str, Any]], kind: str, out: TextIO) -> None:
    columns = _TEXT_COLUMNS[kind]
    cells = [[str(row.get(key) or "") for _, key in columns] for row in rows]
    widths = [
        min(48, max([len(header), *(len(c[i]) for c in cells)]))
        for i, (header, _) in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    print(line([h for h, _ in columns]), file=out)
    for c in cells:
        print(line(c), file=out)
    print(f"({len(rows)} {kind})", file=out)


def run_password(args: argparse.Namespace, url: str, out: TextIO) -> int:
    """Run `convene password save|forget` for the database named by --database."""
    if args.password_command == "forget":
        forgotten = forget_password(url)
        print("password forgotten" if forgotten else "no password was saved for it", file=out)
        return 0
    account_for_saving(url)  # a URL that cannot have one is refused before the prompt
    password = getpass.getpass(f"Password for {safe_url(url)}: ")
    account = save_password(url, password)
    print(f"password kept in the system keyring as {KEYRING_SERVICE} / {account}", file=out)
    return 0


def run_privacy(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Run `convene privacy report|erase`."""
    name = workspace.ref(RecordKind.CONTACTS, args.contact_id).label
    if args.privacy_command == "report":
        workspace.write_subject_access_report(args.contact_id, args.output)
        print(f"everything held about {name} written to {args.output}", file=out)
        return 0
    if not args.yes:
        raise DomainError(
            f"Erasing {name} cannot be undone; add --yes to confirm (and consider "
            f"`convene privacy report {args.contact_id}` first, if they asked for their data)."
        )
    erased = workspace.erase_contact(args.contact_id)
    print(
        f"erased {name}: {erased.attendances_anonymised} attendances kept anonymised, "
        f"{erased.citations_removed} citations removed, {erased.commitments_unattributed} "
        f"commitments kept without a maker, {erased.history_entries_anonymised} history "
        "entries anonymised. Backups made before now still hold them.",
        file=out,
    )
    return 0


UNOPENED_COMMANDS = ("backup", "restore", "password")


def execute_unopened(args: argparse.Namespace, url: str, out: TextIO | None = None) -> int:
    """Run the commands that must not open the database first.

    ``backup`` and ``restore`` work on its file (a restore must not open, and so migrate
    or fail on, the database it replaces); ``password`` only talks to the keyring.
    """
    from crm.services.backups import back_up_database, restore_database

    out = out or sys.stdout
    if args.command == "password":
        return run_password(args, url, out)
    if args.command == "backup":
        facts = back_up_database(url, args.file)
        print(f"backed up {facts.summary()} to {args.file} (checked)", file=out)
        return 0
    facts, kept = restore_database(url, args.file)
    print(f"restored {facts.summary()} from {args.file}", file=out)
    if kept is not None:
        print(f"the database it replaced is kept in {kept}", file=out)
    return 0


# Commands that go through the workspace, as the window does: each its own runner.
WORKSPACE_COMMANDS: dict[str, Callable[[argparse.Namespace, Workspace, TextIO], int]] = {
    "privacy": run_privacy,
    "intake": run_intake,
    "duplicates": run_duplicates,
    "merge": run_merge,
    "merges": run_merges,
    "unmerge": run_unmerge,
    "tags": run_tags,
    "tag": run_tag,
}


def execute(
    args: argparse.Namespace, open_database: OpenDatabase, out: TextIO | None = None
) -> int:
    """Run one sub-command; return the process exit code."""
    out = out or sys.stdout
    database = open_database()
    try:
        if args.command == "db":
            if args.db_command == "upgrade":
                migrations.upgrade(database.engine)
            print(f"schema revision: {migrations.current_revision(database.engine)}", file=out)
        elif args.command == "seed":
            with database.unit_of_work(changes=True) as session:
                added = seed(session)
            print(f"added {added} records" if added else "nothing to add: already seeded", file=out)
        elif args.command == "generate":
            from crm.services.generate import generate  # not a cost of every start

            with database.unit_of_work(changes=True) as session:
                made = generate(
                    session, args.contacts, args.organizations or 0, args.events or 0, args.seed
                )
            print(
                f"added {made.contacts} contacts, {made.organizations} organizations, "
                f"{made.events} events, {made.attendances} participants",
                file=out,
            )
        elif args.command == "stats":
            with database.unit_of_work() as session:
                counts = stats.record_counts(session)
            if args.json:
                print(json.dumps(counts, indent=2), file=out)
            else:
                for name, count in counts.items():
                    print(f"{name:<14}{count:>10}", file=out)
        elif args.command in WORKSPACE_COMMANDS:
            return WORKSPACE_COMMANDS[args.command](args, Workspace(database), out)
        elif args.command == "export":
            return run_export(args, database, sys.stderr)
        elif args.command == "import":
            return run_import(args, database, out, sys.stderr)
        elif args.command == "list":
            rows = list_records(database, args.kind, args.search, args.limit)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
            else:
                _print_table(rows, args.kind, out)
    finally:
        database.dispose()
    return 0
