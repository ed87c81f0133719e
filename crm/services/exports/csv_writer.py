"""CSV that opens right in Excel and LibreOffice: RFC 4180, UTF-8 (BOM), formula-safe cells."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from crm.domain.exports import FORMULA_FIRST, ExportContact, neutralise_formula
from crm.services.exports.columns import ExportColumn

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def write_csv(
    out: BinaryIO,
    columns: Sequence[ExportColumn],
    contacts: Iterable[ExportContact],
    delimiter: str = ",",
    bom: bool = True,
) -> None:
    """Write a header row and one row per contact."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {', '.join(map(repr, DELIMITERS))}")
    # The BOM written once by hand: the utf-8-sig codec is Python code, called for every row
    # (0.15 s of 100,000 contacts), where plain UTF-8 is encoded in C.
    if bom:
        out.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_formula(c.header) for c in columns])
    readers = [column.read for column in columns]
    for contact in contacts:
        # neutralise_formula's test, inlined: a call per cell was a tenth of the export.
        cells = [read(contact) for read in readers]
        writer.writerow([f"'{c}" if c[:1] in FORMULA_FIRST else c for c in cells])
    text.flush()
    text.detach()  # the caller owns the stream
