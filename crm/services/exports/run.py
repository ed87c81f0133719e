"""Run a contact export: choose the contacts, the columns and the writer, and report."""

from __future__ import annotations

from contextlib import closing
from typing import BinaryIO

from sqlalchemy.orm import Session

from crm.domain.exports import ContactScope, ExportFormat, ExportOptions, ExportReport
from crm.services.exports.columns import expand
from crm.services.exports.csv_writer import write_csv
from crm.services.exports.rows import reading_for, row_maker
from crm.services.exports.source import export_contact, export_contacts, most_emails_and_phones
from crm.services.exports.vcard_writer import write_vcards
from crm.services.exports.xlsx_writer import write_xlsx
from crm.services.paging import Progress


def export(
    session: Session,
    scope: ContactScope,
    options: ExportOptions,
    out: BinaryIO,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the contacts in ``scope`` to ``out``; return who was written and who left out."""
    report = ExportReport()
    # Each stream is closed here, whatever a writer raises (a full disk, a cancel): the
    # contacts' streams and their order table belong to this session, and must not be left
    # for the garbage collector to close on a connection that has gone back to the pool.
    if options.format in (ExportFormat.VCARD, ExportFormat.VCARD3):
        version = "4.0" if options.format is ExportFormat.VCARD else "3.0"
        contacts = export_contacts(session, scope, options, report, export_contact, progress)
        with closing(contacts):
            write_vcards(out, contacts, version)
        return report
    most_emails, most_phones = most_emails_and_phones(session, scope)
    columns = expand(options.columns, most_emails, most_phones)
    # A CSV's cells are made formula-safe; XLSX cells are written as text, never as formulas.
    is_csv = options.format is ExportFormat.CSV
    reading = reading_for(columns)
    shape = row_maker(columns, is_csv, reading)
    rows = export_contacts(session, scope, options, report, shape, progress, reading)
    with closing(rows):
        if is_csv:
            headers = [column.header for column in columns]
            write_csv(out, headers, rows, options.delimiter, options.bom)
        else:
            write_xlsx(out, columns, rows)
    return report
