"""A contact's emails and phones: checked, one primary, kept in place when unchanged."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from crm.data.models import Affiliation, Contact, ContactEmail, ContactPhone, SocialHandle
from crm.domain.drafts import ContactDraft
from crm.domain.errors import FieldProblem
from crm.domain.validation import normalize_email, optional_text, parse_phone
from crm.services.common import Problems

ChildT = TypeVar("ChildT", ContactEmail, ContactPhone)


def check_primary(count: int, field: str, what: str, problems: Problems) -> None:
    """Note a problem when more than one entry is marked primary."""
    if count > 1:
        problems.add(FieldProblem(field, "several_primary", f"Only one {what} can be primary."))


def checked_emails(draft: ContactDraft, problems: Problems) -> list[tuple[str, str, bool]]:
    """Return (address, label, primary) for each valid email; the first is primary by default."""
    emails: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    for index, email in enumerate(draft.emails):
        address = problems.take(normalize_email(email.address, f"emails[{index}]"))
        if address is None:
            continue
        if address.casefold() in seen:
            problems.add(
                FieldProblem(f"emails[{index}]", "duplicate", f"{address} is listed twice.")
            )
            continue
        seen.add(address.casefold())
        emails.append((address, email.label.strip() or "work", email.primary))
    check_primary(sum(e[2] for e in emails), "emails", "email address", problems)
    if emails and not any(e[2] for e in emails):
        emails[0] = (emails[0][0], emails[0][1], True)
    return emails


def checked_phones(
    draft: ContactDraft, region: str | None, problems: Problems
) -> list[tuple[str, str, str, bool]]:
    """Return (as typed, E.164, label, primary) for each valid phone; first primary by default."""
    phones: list[tuple[str, str, str, bool]] = []
    seen: set[str] = set()
    for index, phone in enumerate(draft.phones):
        parsed = problems.take(parse_phone(phone.number, region, f"phones[{index}]"))
        if parsed is None:
            continue
        if parsed.e164 in seen:
            problems.add(
                FieldProblem(f"phones[{index}]", "duplicate", f"{parsed.as_typed} is listed twice.")
            )
            continue
        seen.add(parsed.e164)
        phones.append((parsed.as_typed, parsed.e164, phone.label.strip() or "work", phone.primary))
    check_primary(sum(p[3] for p in phones), "phones", "phone number", problems)
    if phones and not any(p[3] for p in phones):
        phones[0] = (*phones[0][:3], True)
    return phones


def replace_children(
    session: Session,
    contact: Contact,
    draft: ContactDraft,
    emails: list[tuple[str, str, bool]],
    phones: list[tuple[str, str, str, bool]],
) -> None:
    """Write the checked emails and phones, the affiliations and the social handles."""
    # Clear the primary flags and flush before setting the new ones: the database allows one
    # primary per contact, and a swap would otherwise briefly hold two.
    for email_row in contact.emails:
        email_row.is_primary = False
    for phone_row in contact.phones:
        phone_row.is_primary = False
    if contact.id is not None:
        session.flush()
    by_address = {e.address: e for e in contact.emails}
    contact.emails = [
        _reuse(
            by_address.get(address), ContactEmail, address=address, label=label, is_primary=primary
        )
        for address, label, primary in emails
    ]
    by_e164 = {p.e164: p for p in contact.phones}
    contact.phones = [
        _reuse(
            by_e164.get(e164),
            ContactPhone,
            as_typed=typed,
            e164=e164,
            label=label,
            is_primary=primary,
        )
        for typed, e164, label, primary in phones
    ]
    contact.affiliations = [
        Affiliation(
            organization_id=a.organization_id,
            role=optional_text(a.role),
            department=optional_text(a.department),
            start_date=a.start_date,
            end_date=a.end_date,
            is_primary=a.primary,
        )
        for a in draft.affiliations
    ]
    contact.social_handles = [
        SocialHandle(network=s.network.strip(), handle=s.handle.strip())
        for s in draft.social
        if s.handle.strip()
    ]


def _reuse(existing: ChildT | None, model: type[ChildT], **values: object) -> ChildT:
    """Update a child row in place when it is kept, so its id and history stay."""
    child = existing if existing is not None else model()
    for key, value in values.items():
        setattr(child, key, value)
    return child


def primary_first(items: list[ChildT]) -> list[ChildT]:
    """Order emails or phones as the user sees them: the primary one, then the rest in order."""
    return sorted(items, key=lambda item: not item.is_primary)
