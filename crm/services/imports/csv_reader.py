"""Read contacts from CSV: any encoding a spreadsheet writes, any delimiter, known headers."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Mapping

from crm.domain.errors import DomainError, ValidationError
from crm.domain.exports import TAGS_SEPARATOR
from crm.domain.imports import ImportedContact, ImportProblem, ReadResult, restore_formula_text
from crm.services.imports.csv_headers import FIELDS, target_of
from crm.services.imports.text_encoding import decode_bytes, utf16_without_bom

GOOGLE_SEPARATOR = " ::: "  # Google keeps several values in one cell this way


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for character in header_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _skip_preamble(text: str) -> str:
    """LinkedIn starts with a "Notes:" paragraph and a blank line before its header."""
    if text.startswith("Notes:"):
        blank = re.search(r"\r?\n\r?\n", text)
        return text[blank.end() :] if blank else text
    return text


def _mapping(
    headers: list[str], overrides: Mapping[str, str]
) -> dict[int, tuple[str, str | None, int]]:
    chosen: dict[int, tuple[str, str | None, int]] = {}
    folded = {h.strip().casefold(): f for h, f in overrides.items()}
    for index, header in enumerate(headers):
        if not header.strip():
            continue  # a trailing delimiter makes an empty header (Thunderbird)
        override = folded.get(header.strip().casefold())
        if override is not None:
            if override not in FIELDS:
                raise ValidationError.single(
                    "mapping",
                    "unknown_field",
                    (f"“{override}” is not a field; choose from {', '.join(FIELDS)}."),
                )
            chosen[index] = (override, "work" if override in ("email", "phone") else None, 0)
            continue
        target = target_of(header)
        if target is not None:
            chosen[index] = target
    return chosen


def _split_cell(value: str) -> list[tuple[str, bool]]:
    """Split Google's multi-value cells; "* " marks the primary value."""
    parts = value.split(GOOGLE_SEPARATOR) if GOOGLE_SEPARATOR in value else [value]
    return [(p.removeprefix("* ").strip(), p.startswith("* ")) for p in parts if p.strip()]


# Each used column's index and its (field, label, group), in column order.
ColumnPlan = list[tuple[int, tuple[str, str | None, int]]]


def _row_contact(line: int, row: list[str], columns: ColumnPlan) -> ImportedContact:
    single: dict[str, str] = {}
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    labels: dict[tuple[str, int], str] = {}
    tags: list[str] = []
    emails: list[tuple[str, str, bool]] = []
    phones: list[tuple[str, str, bool]] = []
    for index, (field, label, group) in columns:
        value = restore_formula_text(row[index].strip()) if index < len(row) else ""
        if not value or field == "ignore":
            continue
        if field in ("email_label", "phone_label"):
            # Google marks the primary value's label with "* " ("* Home").
            labels[(field.removesuffix("_label"), group)] = value.lower()
        elif field in ("email", "phone"):
            groups[(field, group or index)].append(f"{label or ''}\x00{value}")
        elif field == "tags":
            # "* myContacts" is Google's system group, not a label the user made; Outlook
            # and Convene put several tags in one cell between semicolons.
            for tag, _ in _split_cell(value):
                if tag.casefold() != "mycontacts":
                    tags.extend(part.strip() for part in tag.split(TAGS_SEPARATOR))
        elif field not in single:
            single[field] = value
    for (field, group), entries in sorted(groups.items(), key=lambda item: item[0][1]):
        for entry in entries:
            default_label, _, value = entry.partition("\x00")
            label = labels.get((field, group)) or default_label or "work"
            marked = label.startswith("* ")
            for part, primary in _split_cell(value):
                target = emails if field == "email" else phones
                target.append((part, _label(label.removeprefix("* ")), primary or marked))
    return ImportedContact(
        line=line,
        prefix=single.get("prefix"),
        given_name=single.get("given_name"),
        family_name=single.get("family_name"),
        full_name=single.get("full_name"),
        native_name=single.get("native_name"),
        organization=single.get("organization"),
        department=single.get("department"),
        job_title=single.get("job_title"),
        emails=tuple(emails),
        phones=tuple(phones),
        city=single.get("city"),
        country=single.get("country"),
        notes=single.get("notes"),
        tags=tuple(t for t in tags if t),
        languages=tuple(x.strip() for x in single.get("languages", "").split(",") if x.strip()),
    )


def _label(raw: str) -> str:
    text = raw.lower()
    for word, label in (
        ("mobile", "mobile"),
        ("cell", "mobile"),
        ("home", "home"),
        ("fax", "fax"),
        ("work", "work"),
        ("business", "work"),
    ):
        if word in text:
            return label
    return "other" if text else "work"


def read_csv(data: bytes, mapping: Mapping[str, str] | None = None) -> ReadResult:
    """Read a CSV file of contacts; headers are matched by name, never by position."""
    text, warning = decode_bytes(data)
    text = _skip_preamble(text)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise DomainError(_unreadable(reader.line_num, error)) from error
    if not rows:
        raise DomainError("The file is empty.")
    headers = rows[0]
    chosen = _mapping(headers, mapping or {})
    if not chosen:
        raise DomainError(
            f"No column of this file is one Convene knows (line 1: {', '.join(headers[:6])}…); "
            'map them with --mapping "Header=field,…".'
        )
    problems = [ImportProblem(1, warning)] if warning else []
    columns = sorted(chosen.items())  # once, not for each row
    contacts = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        contact = _row_contact(number, row, columns)
        if contact.has_data():
            contacts.append(contact)
        else:
            problems.append(
                ImportProblem(
                    number, "a row with no name, email, phone or organization was passed over"
                )
            )
    return ReadResult(tuple(contacts), tuple(problems))


def _unreadable(line: int, error: csv.Error) -> str:
    """Explain why Python's csv module stopped, in terms of the file."""
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit() // 1024
        return (
            f"Nothing was imported: the file cannot be read past line {line}: a cell there "
            f'is longer than {limit} KiB. Most often a quote (") opens a cell and is never '
            "closed, so the rest of the file runs into it; check the quotes on that line."
        )
    return f"Nothing was imported: the file cannot be read as CSV at line {line}: {error}."


def _whole_lines(head: bytes) -> bytes:
    """Cut the beginning of a file after its last complete line, never inside a character."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return head[: len(head) // 2 * 2]  # UTF-16: whole two-byte units
    end = head.rfind(b"\n")
    return head[: end + 1] if end >= 0 else head


def headers_with_targets(data: bytes) -> list[tuple[str, str | None]]:
    """Return the header row, each header with the field it maps to (None: not known).

    ``data`` may be only the beginning of the file.
    """
    text, _warning = decode_bytes(_whole_lines(data))
    text = _skip_preamble(text)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    headers = next(reader, [])
    result = []
    for header in headers:
        if header.strip():
            target = target_of(header)
            result.append((header, target[0] if target else None))
    return result
