"""Value rules for emails, phones, countries, names and dates, shared by every service."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import pycountry

from crm.domain.errors import FieldProblem

# Kosovo has no ISO 3166-1 code yet, but the code the EU, the UN and vCard writers use is XK;
# a CRM for peace conferences cannot refuse it.
_EXTRA_COUNTRIES = {"XK": "Kosovo"}


@dataclass(frozen=True)
class Phone:
    """A phone number as the user typed it and in its E.164 form."""

    as_typed: str
    e164: str


def normalize_email(raw: str, field: str = "email") -> str | FieldProblem:
    """Return the normalised address, or the problem that stops it being one."""
    checked = _checked_email(raw.strip())
    return checked if isinstance(checked, str) else FieldProblem(field, *checked)


# Checks are kept for a while (keyed by the text alone, not the field it came in): an import
# checks each address and number twice, when it drops unusable values and as the save does,
# and the checks are most of an import's time.
@lru_cache(maxsize=65_536)
def _checked_email(text: str) -> str | tuple[str, str]:
    if not text:
        return ("required", "An email address cannot be empty.")
    quick = _plain_address(text)
    if quick is not None:
        return quick
    # Imported on the first check, not at start-up (38 ms for the two libraries).
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        return ("invalid_email", f"“{text}” is not a valid email address: {error}")
    return str(result.normalized)


_MAX_ADDRESS_OCTETS = 254  # RFC 5321 4.5.3.1.3, as email-validator counts it


def _plain_address(text: str) -> str | None:
    """Check the everyday address (ASCII local part) with its domain checked once, or None.

    email-validator spends 70 % of its 45 µs on the domain, which a hundred thousand
    imported addresses share among a few hundred. For a local part of the plain
    dot-atom form its answer is that local part as it is (the library's own rule, with its
    own pattern and names), so only the domain needs its full check, kept per domain.
    Anything else, and every refusal, goes through the whole library (tests hold the two
    paths equal).
    """
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, DOT_ATOM_TEXT

    local, at, domain = text.rpartition("@")
    if not at or not DOT_ATOM_TEXT.match(local) or local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        return None
    checked = _checked_domain(domain)
    if checked is None:
        return None
    normalized, ascii_domain = checked
    address = f"{local}@{normalized}"
    forms = (text, address, f"{local}@{ascii_domain}")
    if any(len(form.encode("utf-8")) > _MAX_ADDRESS_OCTETS for form in forms):
        return None
    return address


@lru_cache(maxsize=4096)
def _checked_domain(domain: str) -> tuple[str, str] | None:
    """Return a domain as email-validator normalizes it (and its ASCII form), or None."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.domain, result.ascii_domain


def forget_checked_values() -> None:
    """Empty the kept checks of addresses, domains and numbers (to time the checks alone)."""
    _checked_email.cache_clear()
    _checked_domain.cache_clear()
    _checked_phone.cache_clear()


def parse_phone(
    raw: str, default_country: str | None, field: str = "phone"
) -> Phone | FieldProblem:
    """Parse a typed phone number into E.164, using the country for numbers without a +prefix."""
    checked = _checked_phone(raw.strip(), default_country)
    return checked if isinstance(checked, Phone) else FieldProblem(field, *checked)


@lru_cache(maxsize=65_536)
def _checked_phone(text: str, default_country: str | None) -> Phone | tuple[str, str]:
    if not text:
        return ("required", "A phone number cannot be empty.")
    import phonenumbers

    try:
        number = phonenumbers.parse(text, default_country)
    except phonenumbers.NumberParseException:
        hint = (
            ""
            if text.startswith("+") or default_country
            else " Start it with + and the country code."
        )
        return ("invalid_phone", f"“{text}” is not a phone number.{hint}")
    if not phonenumbers.is_valid_number(number):
        return ("invalid_phone", f"“{text}” is not a valid phone number for its country.")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(as_typed=text, e164=e164)


@cache
def country_names() -> dict[str, str]:
    """Return every accepted country code with its English name."""
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    names.update(_EXTRA_COUNTRIES)
    return dict(sorted(names.items()))


def normalize_country(raw: str, field: str = "country") -> str | FieldProblem:
    """Return the ISO 3166-1 alpha-2 code for a code or an English country name."""
    text = raw.strip()
    codes = country_names()
    if text.upper() in codes:
        return text.upper()
    for code, name in _EXTRA_COUNTRIES.items():
        if text.casefold() == name.casefold():
            return code
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return FieldProblem(
            field, "unknown_country", f"“{text}” is not a known country (use a code such as FR)."
        )


def check_date_order(
    start: date | None, end: date | None, field: str = "end", what: str = "it starts"
) -> FieldProblem | None:
    """Return a problem when ``end`` falls before ``start``."""
    if start is not None and end is not None and end < start:
        return FieldProblem(
            field,
            "ends_before_start",
            f"It cannot end ({end.isoformat()}) before {what} ({start.isoformat()}).",
        )
    return None


def require_text(value: str | None, field: str, label: str) -> str | FieldProblem:
    """Return the stripped text, or a problem when it is empty."""
    text = (value or "").strip()
    if not text:
        return FieldProblem(field, "required", f"{label} is required.")
    return text


def has_visible_text(value: str | None) -> bool:
    """Tell whether text shows anything: spaces, zero-width and control characters do not."""
    return any(unicodedata.category(ch)[0] not in "CZ" for ch in value or "")


def optional_text(value: str | None) -> str | None:
    """Return the stripped text, or None for blank input."""
    text = (value or "").strip()
    return text or None
