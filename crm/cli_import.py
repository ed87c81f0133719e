"""`convene import contacts FILE`: bring contacts in from CSV or vCard, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from crm.data.unit_of_work import Database
from crm.domain.errors import DomainError, ValidationError
from crm.domain.imports import DuplicateAction, ImportOptions
from crm.services.imports.csv_headers import FIELDS
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.imports.vcard_reader import read_vcards

VCARD_SUFFIXES = {".vcf", ".vcard"}
MAX_FILE_BYTES = 200 * 1024 * 1024


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Describe `convene import contacts`."""
    parser = commands.add_parser("import", help="import contacts from CSV or vCard")
    targets = parser.add_subparsers(dest="import_target", metavar="WHAT", required=True)
    contacts = targets.add_parser("contacts", help="import contacts from a CSV or vCard file")
    contacts.add_argument("file", metavar="FILE")
    contacts.add_argument(
        "--format", choices=("csv", "vcard"), help="default: from the file's ending (.vcf is vCard)"
    )
    contacts.add_argument(
        "--mapping",
        metavar="Header=field,…",
        help=f"map CSV headers to fields: {', '.join(FIELDS)}",
    )
    contacts.add_argument(
        "--on-duplicate",
        choices=[a.value for a in DuplicateAction],
        default="skip",
        help="a row with a known email, or a known name at the same organization (default: skip)",
    )
    contacts.add_argument(
        "--default-country",
        metavar="CODE",
        help="country of phone numbers written without +country code",
    )
    contacts.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows even if some are refused"
    )
    contacts.add_argument(
        "--dry-run", action="store_true", help="say what would happen, change nothing"
    )


def _mapping(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    pairs = {}
    for item in text.split(","):
        header, sep, field = item.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise ValidationError.single("mapping", "malformed", f"“{item}” is not Header=field.")
        pairs[header.strip()] = field.strip()
    return pairs


def run_import(args: argparse.Namespace, database: Database, out: TextIO, err: TextIO) -> int:
    """Run `convene import contacts`; print what was done, and the problems met."""
    path = Path(args.file)
    if not path.is_file():
        raise DomainError(f"No file at {path}.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    data = path.read_bytes()
    is_vcard = args.format == "vcard" or (
        args.format is None and path.suffix.lower() in VCARD_SUFFIXES
    )
    read = read_vcards(data) if is_vcard else read_csv(data, _mapping(args.mapping))
    options = ImportOptions(
        on_duplicate=DuplicateAction(args.on_duplicate),
        default_country=args.default_country,
        skip_invalid=args.skip_invalid,
        dry_run=args.dry_run,
    )
    with database.unit_of_work(changes=True) as session:
        result = import_contacts(session, read, options)
    prefix = "dry run, nothing written: " if args.dry_run else ""
    print(f"{prefix}{result.summary()}", file=out)
    for line in result.duplicates:
        print(f"duplicate: {line}", file=err)
    for problem in result.problems:
        print(f"passed over: {problem}", file=err)
    return 0
