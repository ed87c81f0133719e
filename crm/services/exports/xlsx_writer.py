"""XLSX with a header, a frozen top row, sized columns and phones kept as text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from crm.services.exports.columns import ExportColumn

MIN_WIDTH, MAX_WIDTH = 8, 48


def write_xlsx(out: BinaryIO, columns: Sequence[ExportColumn], rows: Iterable[list[str]]) -> None:
    """Write one sheet of contacts; strings are always written as text, never as formulas."""
    # constant_memory streams rows to disk: memory stays flat however many contacts there are.
    import xlsxwriter  # only when a workbook is written: 20 ms of every start otherwise

    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("Contacts")
    header = workbook.add_format({"bold": True, "bottom": 1})
    text = workbook.add_format({"num_format": "@"})
    widths = [len(c.header) for c in columns]
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header)
    formats = [text if column.is_phone else None for column in columns]
    row = 0
    for row, cells in enumerate(rows, start=1):
        for index, value in enumerate(cells):
            widths[index] = max(widths[index], len(value))
            if value:
                sheet.write_string(row, index, value, formats[index])
    # Widths and the frozen header are settings of the sheet, not cells: they can follow the
    # streamed rows even in constant-memory mode.
    for index, width in enumerate(widths):
        sheet.set_column(index, index, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    sheet.freeze_panes(1, 0)
    if row:
        sheet.autofilter(0, 0, row, len(columns) - 1)
    workbook.close()
