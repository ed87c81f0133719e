"""Turn the database's refusals into messages a person can act on."""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError

from crm.domain.errors import IntegrityViolationError

# Constraint names follow the naming convention in crm.data.models.base, so a name tells which
# rule was broken whichever database reports it.
_KNOWN: dict[str, str] = {
    "ck_contact_emails_address_form": "That is not an email address.",
    "ck_organizations_email_form": "That is not an email address.",
    "ck_contact_phones_e164_form": "That is not a phone number in international (E.164) form.",
    "ck_organizations_phone_e164_form": "That is not a phone number in international form.",
    "ck_contacts_has_a_name": "A contact needs a name: given, family, or in its original script.",
    "ck_events_ends_after_start": "An event cannot end before it starts.",
    "ck_events_end_needs_start": "An event with an end date needs a start date.",
    "ck_affiliations_ends_after_start": "An affiliation cannot end before it starts.",
    "ck_commitments_due_after_made": "A commitment cannot be due before it was made.",
    "ck_commitments_one_maker": "A commitment has one maker: an organization or a person.",
    "ck_attendances_one_party": "An attendance is of a contact or of an organization, not both.",
    "ck_citations_one_target": "A citation points at exactly one record.",
    "uq_attendances_event_id_contact_id": "That contact is already on this event's list.",
    "uq_attendances_event_id_organization_id": "That organization is already on this event's list.",
    "uq_contact_emails_contact_id_address": "The contact already has that email address.",
    "uq_contact_phones_contact_id_e164": "The contact already has that phone number.",
    "uq_contact_lists_name": "A list with that name exists already.",
    "uq_tags_name": "A tag with that name exists already.",
}
_FOREIGN_KEY_TARGETS = {
    "countries": "country",
    "organizations": "organization",
    "contacts": "contact",
    "events": "event",
    "documents": "document",
    "commitments": "commitment",
    "attendances": "attendance",
    "tags": "tag",
    "contact_lists": "list",
}
_NAME = re.compile(r"\b((?:ck|uq|fk|pk)_[a-z0-9_]+)")


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if isinstance(name, str):
        return name
    text = str(error.orig)
    unique = _SQLITE_UNIQUE.search(text)
    if unique:  # SQLite names the columns, not the constraint: rebuild the conventional name
        columns = [c.split(".", 1) for c in unique.group(1).split(", ")]
        return "uq_" + columns[0][0] + "_" + "_".join(column for _, column in columns)
    match = _NAME.search(text)
    return match.group(1) if match else None


def explain_integrity_error(error: IntegrityError) -> IntegrityViolationError:
    """Map a database constraint failure to a domain error with a plain message."""
    name = _constraint_name(error)
    text = str(error.orig)
    if name in _KNOWN:
        return IntegrityViolationError(name, _KNOWN[name])
    if name and name.startswith("fk_"):
        target = next((v for k, v in _FOREIGN_KEY_TARGETS.items() if name.endswith(k)), "record")
        return IntegrityViolationError(name, f"The {target} referred to does not exist.")
    if "FOREIGN KEY constraint failed" in text:  # SQLite does not name the foreign key
        return IntegrityViolationError(None, "A record referred to does not exist.")
    if "UNIQUE constraint failed" in text or (name and name.startswith("uq_")):
        return IntegrityViolationError(name, f"That would duplicate an existing record ({text}).")
    if name and name.startswith("ck_"):
        return IntegrityViolationError(name, f"The database refused a value ({name}).")
    return IntegrityViolationError(name, f"The database refused the change: {text}")
