"""The columns a contact export can have; "emails" and "phones" spread over numbered columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crm.domain.errors import ValidationError
from crm.domain.exports import TAGS_SEPARATOR, ExportContact
from crm.domain.validation import country_names


@dataclass(frozen=True)
class ExportColumn:
    """One output column: its header and how to read it from a contact."""

    key: str
    header: str
    read: Callable[[ExportContact], str]
    is_phone: bool = False  # written as text in spreadsheets, never as a number


def _salutation(c: ExportContact) -> str:
    if c.prefix and c.family_name:
        return f"{c.prefix} {c.family_name}"
    return c.given_name or c.display_name


def _first(values: Sequence[tuple[object, ...]]) -> str:
    return str(values[0][0]) if values else ""


SINGLE: dict[str, tuple[str, Callable[[ExportContact], str]]] = {
    "prefix": ("Prefix", lambda c: c.prefix or ""),
    "given_name": ("Given name", lambda c: c.given_name or ""),
    "family_name": ("Family name", lambda c: c.family_name or ""),
    "full_name": ("Full name", lambda c: c.display_name),
    "native_name": ("Name in original script", lambda c: c.native_name or ""),
    "salutation": ("Salutation", _salutation),
    "organization": ("Organization", lambda c: c.organization or ""),
    "department": ("Department", lambda c: c.department or ""),
    "job_title": ("Title", lambda c: c.job_title or ""),
    "email": ("Email", lambda c: _first(c.emails)),
    "phone": ("Phone", lambda c: _first(c.phones)),
    "country": ("Country", lambda c: c.country or ""),
    "country_name": ("Country name", lambda c: country_names().get(c.country or "", "")),
    "city": ("City", lambda c: c.city or ""),
    "tags": ("Tags", lambda c: f"{TAGS_SEPARATOR} ".join(c.tags)),
    "languages": ("Languages", lambda c: ", ".join(c.languages)),
    "press_role": ("Press role", lambda c: c.press_role or ""),
    "notes": ("Notes", lambda c: c.notes or ""),
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
            header, read = SINGLE[key]
            columns.append(ExportColumn(key, header, read, key in PHONE_KEYS))
            continue
        count = max(1, most_emails if key == "emails" else most_phones)
        for n in range(count):
            columns.append(
                ExportColumn(
                    f"{key}_{n + 1}", f"{REPEATED[key]} {n + 1}", _nth(key, n), key in PHONE_KEYS
                )
            )
    return columns


def _nth(key: str, n: int) -> Callable[[ExportContact], str]:
    def read(contact: ExportContact) -> str:
        values: Sequence[tuple[object, ...]] = contact.emails if key == "emails" else contact.phones
        return str(values[n][0]) if n < len(values) else ""

    return read
