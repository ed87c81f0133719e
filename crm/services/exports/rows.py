"""A spreadsheet export's cells for each contact, from one function made for the chosen columns.

The columns are the user's choice, so the cells were read through a function per column,
each on a contact built first for the purpose. At 100,000 contacts those calls and objects
were a sixth of a CSV export: 1.38–1.48 s with them, 1.14–1.22 s without (medians of four
alternating runs each). Here the chosen columns' expressions (ExportColumn.value) are
written into the source of one function, compiled once per export, which takes a
contact's rows as the export's streams give them (source.Shape) and returns its cells.
Only the fixed expressions of columns.py are ever compiled: the keys a user names are
checked against them first (columns.check_columns).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

from crm.data.contact_summary import TAG_SEPARATOR
from crm.domain.exports import FORMULA_FIRST, TAGS_SEPARATOR
from crm.domain.names import display_name, organization_label
from crm.services.exports.columns import ExportColumn, country_name, salutation
from crm.services.exports.source import PERSON_FIELDS, Reading, spreadsheet_reading

RowMaker = Callable[[Sequence[Any], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]], list[str]]

# What the expressions may use beside the contact's own fields.
_HELPERS: dict[str, Any] = {
    "display_name": display_name,
    "organization_label": organization_label,
    "salutation": salutation,
    "country_name": country_name,
    "TAG_NAMES_SEPARATOR": TAG_SEPARATOR,
    "TAGS_CELL_SEPARATOR": f"{TAGS_SEPARATOR} ",
    "FORMULA_FIRST": FORMULA_FIRST,
}


def reading_for(columns: Sequence[ExportColumn]) -> Reading:
    """What to read of each contact for these columns: the fields their expressions name."""
    names = {
        node.id
        for column in columns
        for node in ast.walk(ast.parse(column.value, mode="eval"))
        if isinstance(node, ast.Name)
    }
    return spreadsheet_reading(field for field in PERSON_FIELDS if field in names)


def row_maker(
    columns: Sequence[ExportColumn], neutralise_formulas: bool, reading: Reading
) -> RowMaker:
    """Make the function that turns a contact's rows, as ``reading`` reads them, into cells.

    With ``neutralise_formulas`` (CSV), a cell that a spreadsheet would run as a formula
    starts with an apostrophe (crm.domain.exports.neutralise_formula, inlined).
    """
    lines = [
        "def make_row(person, emails, phones, departments):",
        f"    ({', '.join(reading.person)},) = person",
    ]
    cells = []
    for index, column in enumerate(columns):
        lines.append(f"    cell_{index} = {column.value}")
        cells.append(
            f'"\'" + cell_{index} if cell_{index}[:1] in FORMULA_FIRST else cell_{index}'
            if neutralise_formulas
            else f"cell_{index}"
        )
    lines.append(f"    return [{', '.join(cells)}]")
    namespace = dict(_HELPERS)
    # Fixed expressions only (see the module's note), compiled once per export.
    exec(compile("\n".join(lines), "<export row>", "exec"), namespace)
    maker: RowMaker = namespace["make_row"]
    return maker
