"""Run a contact export: choose the contacts, the columns and the writer, and report."""

from __future__ import annotations

from contextlib import closing
from typing import BinaryIO

from sqlalchemy.orm import Session

from crm.domain.exports import ContactScope, ExportFormat, ExportOptions, ExportReport
from crm.services.exports.columns import ExportColumn, expand
from crm.services.exports.csv_writer import write_csv
from crm.services.exports.source import export_contacts, most_emails_and_phones
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
    if options.format in (ExportFormat.VCARD, ExportFormat.VCARD3):
        columns: list[ExportColumn] = []
    else:
        most_emails, most_phones = most_emails_and_phones(session, scope)
        columns = expand(options.columns, most_emails, most_phones)
    # Closed here, whatever a writer raises (a full disk, a cancel): the contacts' streams
    # and their order table belong to this session, and must not be left for the garbage
    # collector to close on a connection that has gone back to the pool.
    with closing(export_contacts(session, scope, options, report, progress)) as contacts:
        if options.format in (ExportFormat.VCARD, ExportFormat.VCARD3):
            write_vcards(out, contacts, "4.0" if options.format is ExportFormat.VCARD else "3.0")
        elif options.format is ExportFormat.XLSX:
            write_xlsx(out, columns, contacts)
        else:
            write_csv(out, columns, contacts, options.delimiter, options.bom)
    return report
