"""Which contact field each known CSV header holds: Google, Outlook, Thunderbird, Convene."""

from __future__ import annotations

import re

# A field name, and for repeated fields the label the value carries.
Target = tuple[str, str | None]

_FIXED: dict[str, Target] = {
    # Convene's own export
    "given name": ("given_name", None),
    "family name": ("family_name", None),
    "prefix": ("prefix", None),
    "full name": ("full_name", None),
    "name in original script": ("native_name", None),
    "organization": ("organization", None),
    "department": ("department", None),
    "title": ("job_title", None),
    "email": ("email", "work"),
    "phone": ("phone", "work"),
    "country": ("country", None),
    "city": ("city", None),
    "tags": ("tags", None),
    "notes": ("notes", None),
    "languages": ("languages", None),
    "salutation": ("ignore", None),
    "country name": ("country", None),
    "press role": ("ignore", None),
    # Google, 2022 and later
    "first name": ("given_name", None),
    "last name": ("family_name", None),
    "name prefix": ("prefix", None),
    "organization name": ("organization", None),
    "organization title": ("job_title", None),
    "organization department": ("department", None),
    "labels": ("tags", None),
    # Google, legacy
    "name": ("full_name", None),
    "group membership": ("tags", None),
    "organization 1 - name": ("organization", None),
    "organization 1 - title": ("job_title", None),
    "organization 1 - department": ("department", None),
    "address 1 - city": ("city", None),
    "address 1 - country": ("country", None),
    # Outlook
    "company": ("organization", None),
    "job title": ("job_title", None),
    "e-mail address": ("email", "work"),
    "business phone": ("phone", "work"),
    "business phone 2": ("phone", "work"),
    "home phone": ("phone", "home"),
    "home phone 2": ("phone", "home"),
    "mobile phone": ("phone", "mobile"),
    "business fax": ("phone", "fax"),
    "home fax": ("phone", "fax"),
    "other phone": ("phone", "other"),
    "primary phone": ("phone", "work"),
    "business city": ("city", None),
    "business country/region": ("country", None),
    "home city": ("city", None),
    "home country/region": ("country", None),
    "categories": ("tags", None),
    # Mailchimp and LinkedIn
    "email address": ("email", "work"),
    "position": ("job_title", None),
    # Thunderbird
    "primary email": ("email", "work"),
    "secondary email": ("email", "home"),
    "display name": ("full_name", None),
    "work phone": ("phone", "work"),
    "mobile number": ("phone", "mobile"),
    "fax number": ("phone", "fax"),
    "pager number": ("phone", "other"),
    "work city": ("city", None),
    "work country": ("country", None),
}
_NUMBERED = [
    (re.compile(r"^e-mail (\d+) address$"), ("email", "work")),  # Outlook: E-mail 2 Address
    (re.compile(r"^e-?mail (\d+)$"), ("email", "work")),  # Convene: Email 1
    (re.compile(r"^phone (\d+)$"), ("phone", "work")),  # Convene: Phone 1
    (re.compile(r"^e-mail (\d+) - value$"), ("email", None)),  # Google: label beside it
    (re.compile(r"^phone (\d+) - value$"), ("phone", None)),
    (re.compile(r"^e-mail (\d+) - (?:label|type)$"), ("email_label", None)),
    (re.compile(r"^phone (\d+) - (?:label|type)$"), ("phone_label", None)),
]
FIELDS = (
    "given_name",
    "family_name",
    "prefix",
    "full_name",
    "native_name",
    "organization",
    "department",
    "job_title",
    "email",
    "phone",
    "country",
    "city",
    "tags",
    "notes",
    "languages",
    "ignore",
)


def normalise_header(header: str) -> str:
    """Compare headers without case, quotes or surrounding spaces."""
    return " ".join(header.strip().strip('"').casefold().split())


def target_of(header: str) -> tuple[str, str | None, int] | None:
    """Return (field, label, group number) for a known header, or None."""
    key = normalise_header(header)
    if key in _FIXED:
        field, label = _FIXED[key]
        return field, label, 0
    for pattern, (field, label) in _NUMBERED:
        match = pattern.match(key)
        if match:
            return field, label, int(match.group(1))
    return None
