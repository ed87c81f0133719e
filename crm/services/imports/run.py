"""Bring read contacts into the database: validated by the services, duplicates settled.

The whole import is one savepoint: it commits with the caller's unit of work, or not at all;
a dry run rolls the savepoint back after counting what would happen. Each row has its own
nested savepoint so a refused row can be passed over (with --skip-invalid) cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.models import Contact, ContactEmail, Organization
from crm.domain.drafts import (
    AffiliationDraft,
    ContactDraft,
    EmailDraft,
    OrganizationDraft,
    PhoneDraft,
)
from crm.domain.editing import contact_draft
from crm.domain.errors import DomainError, FieldProblem, ValidationError
from crm.domain.imports import (
    DuplicateAction,
    ImportedContact,
    ImportOptions,
    ImportProblem,
    ImportResult,
    ReadResult,
)
from crm.domain.text import fold
from crm.domain.validation import normalize_country, normalize_email, parse_phone
from crm.services import contacts, organizations
from crm.services.labels import contact_name

MAX_PROBLEMS_SHOWN = 20
PROGRESS_EVERY = 100


class ImportRefusedError(DomainError):
    """The file has rows the CRM cannot take; nothing was imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
        more = (
            f" (and {len(problems) - MAX_PROBLEMS_SHOWN} more)"
            if len(problems) > MAX_PROBLEMS_SHOWN
            else ""
        )
        super().__init__(
            f"Nothing was imported: {len(problems)} row{'s' if len(problems) != 1 else ''} "
            f"cannot be taken — {shown}{more}. Fix the file, or pass --skip-invalid to import "
            "the other rows."
        )


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x0590 or not c.isalpha() for c in text)


def _names(row: ImportedContact) -> tuple[str | None, str | None, str | None]:
    """Return given, family and original-script names, splitting a lone full name if needed."""
    given, family, native = row.given_name, row.family_name, row.native_name
    if not (given or family) and row.full_name:
        if not _is_latin(row.full_name):
            native = native or row.full_name
        elif " " in row.full_name.strip():
            given, _, family = row.full_name.strip().rpartition(" ")
        else:
            family = row.full_name.strip()
    return given, family, native


def _organization_id(session: Session, name: str | None, result: ImportResult) -> int | None:
    if not name:
        return None
    found = session.scalar(
        select(Organization.id)
        .where(
            (func.lower(Organization.name) == name.lower())
            | (func.lower(Organization.acronym) == name.lower())
        )
        .order_by(Organization.id)
    )
    if found is not None:
        return int(found)
    result.organizations_created += 1
    return organizations.create_organization(session, OrganizationDraft(name=name)).row.id


def _usable_values(
    row: ImportedContact, default_country: str | None, dropped: list[ImportProblem]
) -> ImportedContact:
    """Drop the emails, phones and country the CRM would refuse, noting each one.

    One fake phone number in an address book should not keep the person out.
    """
    country = row.country or default_country
    if country and isinstance(normalize_country(country), FieldProblem):
        dropped.append(ImportProblem(row.line, f"country “{country}” dropped: not a country"))
        country = default_country
    region = normalize_country(country) if country else None
    region_code = region if isinstance(region, str) else None
    emails = []
    for email in row.emails:
        checked = normalize_email(email[0])
        if isinstance(checked, FieldProblem):
            dropped.append(ImportProblem(row.line, f"email dropped: {checked.message}"))
        else:
            emails.append(email)
    phones = []
    for phone in row.phones:
        parsed = parse_phone(phone[0], region_code)
        if isinstance(parsed, FieldProblem):
            dropped.append(ImportProblem(row.line, f"phone dropped: {parsed.message}"))
        else:
            phones.append(phone)
    return replace(row, country=country, emails=tuple(emails), phones=tuple(phones))


def _draft(
    session: Session, row: ImportedContact, result: ImportResult, default_country: str | None
) -> ContactDraft:
    given, family, native = _names(row)
    if not (given or family or native):
        # A bare address-book entry: name it by what is known of it.
        family = (
            row.emails[0][0]
            if row.emails
            else row.organization or (row.phones[0][0] if row.phones else None)
        )
    organization_id = _organization_id(session, row.organization, result)
    primary_email = next((i for i, e in enumerate(row.emails) if e[2]), 0)
    primary_phone = next((i for i, p in enumerate(row.phones) if p[2]), 0)
    return ContactDraft(
        prefix=row.prefix,
        given_name=given,
        family_name=family,
        native_name=native,
        job_title=row.job_title,
        emails=tuple(
            EmailDraft(a, label, i == primary_email) for i, (a, label, _p) in enumerate(row.emails)
        ),
        phones=tuple(
            PhoneDraft(n, label, i == primary_phone) for i, (n, label, _p) in enumerate(row.phones)
        ),
        affiliations=(
            AffiliationDraft(organization_id, row.job_title, row.department, primary=True),
        )
        if organization_id
        else (),
        country=row.country,
        city=row.city,
        notes=row.notes,
        tags=row.tags,
        languages=row.languages,
    )


def find_duplicate(session: Session, draft: ContactDraft) -> int | None:
    """Return an existing contact with one of the draft's emails, or its name at its org."""
    addresses = [e.address.strip().lower() for e in draft.emails]
    if addresses:
        by_email = session.scalar(
            select(ContactEmail.contact_id).where(func.lower(ContactEmail.address).in_(addresses))
        )
        if by_email is not None:
            return int(by_email)
    name = fold(
        " ".join(p for p in (draft.given_name, draft.family_name) if p) or draft.native_name or ""
    )
    if not name or not draft.affiliations:
        return None
    organization_id = draft.affiliations[0].organization_id
    candidates = session.scalars(
        select(Contact).where(Contact.affiliations.any(organization_id=organization_id))
    )
    return next((c.id for c in candidates if fold(contact_name(c)) == name), None)


def _merge(existing: ContactDraft, new: ContactDraft) -> ContactDraft:
    """Keep everything known; add what the file brings that the record lacks."""
    emails = {e.address.lower() for e in existing.emails}
    phones = {p.number for p in existing.phones}
    orgs = {a.organization_id for a in existing.affiliations}
    return ContactDraft(
        **{
            **existing.__dict__,
            "job_title": existing.job_title or new.job_title,
            "country": existing.country or new.country,
            "city": existing.city or new.city,
            "native_name": existing.native_name or new.native_name,
            "notes": existing.notes or new.notes,
            "emails": existing.emails
            + tuple(
                EmailDraft(e.address, e.label, False)
                for e in new.emails
                if e.address.lower() not in emails
            ),
            "phones": existing.phones
            + tuple(
                PhoneDraft(p.number, p.label, False) for p in new.phones if p.number not in phones
            ),
            "affiliations": existing.affiliations
            + tuple(
                AffiliationDraft(a.organization_id, a.role, a.department, primary=not orgs)
                for a in new.affiliations
                if a.organization_id not in orgs
            ),
            "tags": tuple(dict.fromkeys(existing.tags + new.tags)),
        }
    )


def import_contacts(
    session: Session,
    read: ReadResult,
    options: ImportOptions,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Write the read contacts; all of them or none (see the module's note).

    ``progress`` hears (done, total) every so often and may raise to stop: the exception
    leaves the unit of work, which rolls everything back.
    """
    result = ImportResult(problems=list(read.problems))
    refused: list[ImportProblem] = []
    whole = session.begin_nested()
    total = len(read.contacts)
    for done, row in enumerate(read.contacts, start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        row_savepoint = session.begin_nested()
        dropped: list[ImportProblem] = []
        organizations_before = result.organizations_created
        try:
            usable = _usable_values(row, options.default_country, dropped)
            draft = _draft(session, usable, result, options.default_country)
            duplicate = find_duplicate(session, draft)
            action = options.action_for(row.line)
            if duplicate is not None:
                result.duplicate_lines.append(row.line)
            if duplicate is not None and action is not DuplicateAction.CREATE:
                label = contact_name(session.get(Contact, duplicate))  # type: ignore[arg-type]
                result.duplicates.append(f"line {row.line}: matches {label}")
                if action is DuplicateAction.SKIP:
                    result.skipped += 1
                    result.organizations_created = organizations_before
                    row_savepoint.rollback()
                    continue
                current = contact_draft(contacts.get_contact(session, duplicate))
                contacts.update_contact(session, duplicate, _merge(current, draft), None)
                result.merged += 1
            else:
                contacts.create_contact(session, draft)
                result.created += 1
            row_savepoint.commit()
            result.problems.extend(dropped)
        except ValidationError as error:
            row_savepoint.rollback()
            result.organizations_created = organizations_before
            refused.append(ImportProblem(row.line, str(error)))
    if refused and not options.skip_invalid:
        whole.rollback()
        raise ImportRefusedError(refused)
    result.problems.extend(refused)
    result.skipped += len(refused)
    if options.dry_run:
        whole.rollback()
    else:
        whole.commit()
    return result
