"""The columns a contact export can have; "emails" and "phones" spread over numbered columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crm.domain.errors import ValidationError
from crm.domain.names import display_name
from crm.domain.validation import country_names


@dataclass(frozen=True)
class ExportColumn:
    """One output column: its header and how its cell is worked out from a contact.

    ``value`` is a Python expression over the contact's fields as the people stream holds
    them (crm.services.exports.source.PERSON_FIELDS: ``given``, ``family``, ``organization``,
    …), its ``emails`` (addresses), ``phones`` (E.164 numbers) and ``departments``, and the
    helpers of crm.services.exports.rows. The chosen columns' expressions become one
    function (rows.row_maker): a call per cell, through a reader for each column, was a
    sixth of a CSV export. Only the fields the expressions name are read (rows.reading_for).
    """

    key: str
    header: str
    value: str
    is_phone: bool = False  # written as text in spreadsheets, never as a number


def salutation(
    prefix: str | None, given: str | None, family: str | None, native: str | None
) -> str:
    """Greet a contact in a mail merge: "Dr Haddad", else the given name, else the whole name."""
    if prefix and family:
        return f"{prefix} {family}"
    return given or display_name(given, family, native)


def country_name(code: str | None) -> str:
    """Return a country's English name, or nothing."""
    return country_names().get(code or "", "")


# Each key's header and the expression of its cell (see ExportColumn.value). Texts the
# database may hold as NULL become empty cells.
SINGLE: dict[str, tuple[str, str]] = {
    "prefix": ("Prefix", "prefix or ''"),
    "given_name": ("Given name", "given or ''"),
    "family_name": ("Family name", "family or ''"),
    "full_name": ("Full name", "display_name(given, family, native)"),
    "native_name": ("Name in original script", "native or ''"),
    "salutation": ("Salutation", "salutation(prefix, given, family, native)"),
    "organization": (
        "Organization",
        "organization_label(organization, acronym) if organization is not None else ''",
    ),
    # The department of the affiliation the organization comes from.
    "department": (
        "Department",
        "(departments[0] or '') if organization is not None and departments else ''",
    ),
    "job_title": ("Title", "title or ''"),
    "email": ("Email", "emails[0] if emails else ''"),
    "phone": ("Phone", "phones[0] if phones else ''"),
    "country": ("Country", "country or ''"),
    "country_name": ("Country name", "country_name(country)"),
    "city": ("City", "city or ''"),
    # Stored joined by the unit separator; written between semicolons (TAGS_SEPARATOR).
    "tags": (
        "Tags",
        "tag_names.replace(TAG_NAMES_SEPARATOR, TAGS_CELL_SEPARATOR) if tag_names else ''",
    ),
    "languages": ("Languages", "languages.replace(',', ', ') if languages else ''"),
    "press_role": ("Press role", "press_role or ''"),
    "notes": ("Notes", "notes or ''"),
}
REPEATED = {"emails": "Email", "phones": "Phone"}
PHONE_KEYS = {"phone", "phones"}

DEFAULT_COLUMNS = (
    "given_name",
    "family_name",
    "native_name",
    "organization",
    "job_title",
    "emails",
    "phones",
    "country",
    "city",
    "tags",
)
MAIL_MERGE_COLUMNS = ("salutation", "full_name", "organization", "job_title", "email")
KNOWN_KEYS = (*SINGLE, *REPEATED)


def check_columns(keys: Sequence[str]) -> None:
    """Refuse column names Convene does not know, listing the ones it does."""
    unknown = [k for k in keys if k not in SINGLE and k not in REPEATED]
    if unknown:
        raise ValidationError.single(
            "columns",
            "unknown_column",
            f"Unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"choose from {', '.join(KNOWN_KEYS)}.",
        )


def expand(keys: Sequence[str], most_emails: int, most_phones: int) -> list[ExportColumn]:
    """Turn column keys into output columns, "emails" into Email 1 … Email n."""
    check_columns(keys)
    columns: list[ExportColumn] = []
    for key in keys or DEFAULT_COLUMNS:
        if key in SINGLE:
            header, value = SINGLE[key]
            columns.append(ExportColumn(key, header, value, key in PHONE_KEYS))
            continue
        count = max(1, most_emails if key == "emails" else most_phones)
        for n in range(count):
            columns.append(
                ExportColumn(
                    f"{key}_{n + 1}",
                    f"{REPEATED[key]} {n + 1}",
                    f"{key}[{n}] if len({key}) > {n} else ''",
                    key in PHONE_KEYS,
                )
            )
    return columns
