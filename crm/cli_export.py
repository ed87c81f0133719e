"""`convene export`: contact lists and calendars, from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, TypeVar

from crm.data.unit_of_work import Database
from crm.domain.enums import AttendanceRole, AttendanceStatus, OrganizationKind, RecordKind
from crm.domain.errors import DomainError, NotFoundError, ValidationError
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.queries import NO_ORGANIZATION, ListQuery
from crm.domain.text import fold
from crm.services.exports import events as event_exports
from crm.services.exports.columns import KNOWN_KEYS, MAIL_MERGE_COLUMNS
from crm.services.exports.run import export
from crm.services.files import atomic_file
from crm.services.registry import OPERATIONS, list_page
from crm.services.workspace import record_label

DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", ",": ",", ";": ";"}


def add_export_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Describe `convene export contacts|events`."""
    parser = commands.add_parser("export", help="export contact lists or events")
    targets = parser.add_subparsers(dest="export_target", metavar="WHAT", required=True)
    contacts = targets.add_parser("contacts", help="export contacts (CSV, vCard, XLSX)")
    contacts.add_argument("--format", choices=[f.value for f in ExportFormat], default="csv")
    contacts.add_argument("--output", metavar="FILE", help="file to write (default: stdout)")
    contacts.add_argument("--search", metavar="TEXT")
    contacts.add_argument("--tag")
    contacts.add_argument("--organization", metavar="NAME|ID")
    contacts.add_argument("--list", metavar="NAME|ID", dest="contact_list")
    contacts.add_argument("--event", metavar="NAME|ID")
    contacts.add_argument(
        "--role",
        metavar="ROLE[,ROLE]",
        help=f"attendance roles: {', '.join(r.value for r in AttendanceRole)}",
    )
    contacts.add_argument(
        "--status",
        metavar="STATUS[,STATUS]",
        help=f"attendance statuses: {', '.join(s.value for s in AttendanceStatus)}",
    )
    contacts.add_argument("--press", action="store_true", help="press contacts only")
    contacts.add_argument("--country", metavar="CODE", help="contacts in one country (FR, PS, …)")
    contacts.add_argument(
        "--organization-kind",
        choices=[*(k.value for k in OrganizationKind), NO_ORGANIZATION],
        help=f"people with an ongoing tie to an organization of this kind ('{NO_ORGANIZATION}':"
        " with no organization)",
    )
    contacts.add_argument(
        "--columns", metavar="a,b,c", help=f"columns in order, from: {', '.join(KNOWN_KEYS)}"
    )
    contacts.add_argument(
        "--mail-merge",
        action="store_true",
        help="salutation, full name, organization, title, email; "
        "people without an email are left out",
    )
    contacts.add_argument("--delimiter", choices=sorted(DELIMITER_NAMES), default="comma")
    contacts.add_argument("--no-bom", action="store_true", help="UTF-8 without a BOM")
    contacts.add_argument(
        "--include-do-not-contact",
        action="store_true",
        help="also write people marked do-not-contact or without consent",
    )
    events = targets.add_parser("events", help="export events (iCalendar or CSV)")
    events.add_argument("--format", choices=("ics", "csv"), default="ics")
    events.add_argument("--output", metavar="FILE")
    events.add_argument("--search", metavar="TEXT")
    events.add_argument("--year", type=int)


EnumT = TypeVar("EnumT", AttendanceRole, AttendanceStatus)


def _enum_list(text: str | None, enum: type[EnumT], field: str) -> tuple[EnumT, ...]:
    if not text:
        return ()
    values = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        try:
            values.append(enum(part))
        except ValueError:
            choices = ", ".join(m.value for m in enum)
            raise ValidationError.single(
                field, "unknown", f"Unknown {field} “{part}”; choose from {choices}."
            ) from None
    return tuple(values)


def _resolve(database: Database, kind: RecordKind, text: str | None, noun: str) -> int | None:
    """Find one record by id or by name; refuse none or several with the candidates named."""
    if text is None:
        return None
    with database.unit_of_work() as session:
        if text.isdigit():
            try:
                OPERATIONS[kind].detail(session, int(text))
                return int(text)
            except NotFoundError:
                pass
        page = list_page(session, kind, ListQuery(search=text), 0, 6)
    labels = [record_label(r) for r in page.rows]
    exact = [
        r for r, label in zip(page.rows, labels, strict=True) if label.casefold() == text.casefold()
    ]
    if len(exact) == 1:
        return int(exact[0].id)
    named = [r for r, label in zip(page.rows, labels, strict=True) if fold(text) in fold(label)]
    if len(named) == 1:  # "two peoples" names one event, though others mention it
        return int(named[0].id)
    if len(page.rows) == 1:
        return int(page.rows[0].id)
    if not page.rows:
        raise DomainError(f"No {noun} matches “{text}”.")
    raise DomainError(
        f"“{text}” matches several {noun}s: {'; '.join(labels[:5])}. "
        "Be more precise, or give the id."
    )


@contextmanager
def _destination(path: str | None, binary_only: bool) -> Iterator[BinaryIO]:
    """Write to stdout, or to a file that appears whole or not at all."""
    if path is None:
        if binary_only:
            raise DomainError("XLSX cannot go to the terminal: give --output FILE.xlsx.")
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_file(path) as stream:
        yield stream


def run_export(args: argparse.Namespace, database: Database, err: TextIO) -> int:
    """Run `convene export …`; report to ``err`` so stdout carries only the data."""
    if args.export_target == "events":
        with _destination(args.output, False) as out, database.unit_of_work() as session:
            if args.format == "ics":
                written, skipped = event_exports.write_ics(out, session, args.search, args.year)
                note = f"; {skipped} without a date left out" if skipped else ""
                print(f"{written} events written{note}", file=err)
            else:
                count = event_exports.write_events_csv(out, session, args.search, args.year)
                print(f"{count} events written", file=err)
        return 0
    scope = ContactScope(
        search=args.search,
        tag=args.tag,
        organization_id=_resolve(
            database, RecordKind.ORGANIZATIONS, args.organization, "organization"
        ),
        list_id=_resolve(database, RecordKind.LISTS, args.contact_list, "list"),
        event_id=_resolve(database, RecordKind.EVENTS, args.event, "event"),
        roles=_enum_list(args.role, AttendanceRole, "role"),
        statuses=_enum_list(args.status, AttendanceStatus, "status"),
        press_only=args.press,
        country=args.country,
        organization_kind=args.organization_kind,
    )
    columns = tuple(c.strip() for c in (args.columns or "").split(",") if c.strip())
    options = ExportOptions(
        format=ExportFormat(args.format),
        columns=columns or (MAIL_MERGE_COLUMNS if args.mail_merge else ()),
        delimiter=DELIMITER_NAMES[args.delimiter],
        bom=not args.no_bom,
        include_do_not_contact=args.include_do_not_contact,
        require_email=args.mail_merge,
    )
    binary = options.format is ExportFormat.XLSX
    with _destination(args.output, binary) as out, database.unit_of_work() as session:
        report = export(session, scope, options, out)
    print(report.summary(), file=err)
    return 0
