"""CSV that opens right in Excel and LibreOffice: RFC 4180, UTF-8 (BOM), formula-safe cells."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from crm.domain.exports import neutralise_formula

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
ROWS_PER_WRITE = 1000


class _Lines:
    """Where the csv module writes its rows: kept as text, encoded and written a batch at a time.

    Through a TextIOWrapper every row was a write of its own, encoded alone (and, over a
    stream that can also be read, a reset of its decoder).
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._lines: list[str] = []
        self.write = self._lines.append  # what csv.writer calls, once per row

    def flush(self) -> None:
        """Encode and write the rows kept so far."""
        if self._lines:
            self._out.write("".join(self._lines).encode("utf-8"))
            self._lines.clear()


def write_csv(
    out: BinaryIO,
    headers: Sequence[str],
    rows: Iterable[list[str]],
    delimiter: str = ",",
    bom: bool = True,
) -> None:
    """Write a header row and the rows, whose cells are already formula-safe (rows.row_maker)."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {', '.join(map(repr, DELIMITERS))}")
    if bom:
        out.write(codecs.BOM_UTF8)
    lines = _Lines(out)
    writer = csv.writer(lines, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise_formula(header) for header in headers])
    for done, row in enumerate(rows, start=1):
        writer.writerow(row)
        if done % ROWS_PER_WRITE == 0:
            lines.flush()
    lines.flush()
