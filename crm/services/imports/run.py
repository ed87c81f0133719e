"""Bring read contacts into the database: validated by the services, duplicates settled.

The whole import is one savepoint: it commits with the caller's unit of work, or not at all;
a dry run rolls the savepoint back after counting what would happen. A line is checked
before anything of it is written, so a refused line (passed over with --skip-invalid) leaves
nothing behind; a merge, checked only once its organization exists, has its own savepoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import Affiliation, Organization
from crm.data.storable import limit_of, text_limits, text_too_long, too_long
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
from crm.domain.names import display_name, organization_label, split_organization_label
from crm.domain.validation import normalize_country, normalize_email, parse_phone
from crm.services import contacts, organizations
from crm.services.garbage import collection_paused
from crm.services.imports.bulk import BulkContactWriter
from crm.services.imports.known import ContactRef, Known, KnownContacts, folded_name

MAX_PROBLEMS_SHOWN = 20
PROGRESS_EVERY = 100


class ImportRefusedError(DomainError):
    """The file has rows the CRM cannot take; nothing was imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p).rstrip(".") for p in problems[:MAX_PROBLEMS_SHOWN])
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


class _Organizations:
    """Organizations by lower-cased name, acronym and label, read once; new ones made as needed.

    The label ("Alliance for Middle East Peace (ALLMEP)") is how Convene's own exports name
    an organization: re-importing one finds the organization it came from.
    """

    def __init__(self, session: Session, result: ImportResult) -> None:
        self._session = session
        self._result = result
        self._by_key: dict[str, tuple[int, str, str | None]] = {}
        rows = session.execute(
            select(Organization.id, Organization.name, Organization.acronym).order_by(
                Organization.id.desc()  # the oldest wins a shared name: it is written last
            )
        )
        for organization_id, name, acronym in rows:
            self._remember((organization_id, name, acronym))

    def _remember(self, organization: tuple[int, str, str | None], *also: str) -> None:
        _id, name, acronym = organization
        for key in (name, acronym, organization_label(name, acronym), *also):
            if key:
                self._by_key[key.lower()] = organization

    def forget(self, name: str) -> None:
        """Drop an organization this import made for a line whose changes were rolled back."""
        made = self._by_key.get(name.lower())
        self._by_key = {key: found for key, found in self._by_key.items() if found != made}
        self._result.organizations_created -= 1

    def find(self, name: str | None) -> tuple[int, str, str | None] | None:
        """Return (id, name, acronym) of the organization called ``name``, if it exists."""
        return self._by_key.get(name.lower()) if name else None

    def of_row(self, name: str | None) -> tuple[int, str, str | None] | None:
        """Return the organization a line names (made if new), or None if it names none.

        A name with an acronym in brackets is made as that name and acronym, unless the name
        alone is an organization already.
        """
        if not name:
            return None
        found = self.find(name)
        if found is not None:
            return found
        plain, acronym = split_organization_label(name)
        found = self.find(plain)
        if found is None:
            draft = OrganizationDraft(name=plain, acronym=acronym)
            created = organizations.create_organization(self._session, draft)
            found = (created.row.id, created.row.name, created.row.acronym)
            self._result.organizations_created += 1
        self._remember(found, name)
        return found


def _usable_values(
    row: ImportedContact, default_country: str | None, dropped: list[ImportProblem]
) -> ImportedContact:
    """Drop the emails, phones and country the CRM would refuse, noting each one.

    One fake phone number in an address book should not keep the person out. An address or
    number in two columns of the line (an Outlook file's "E-mail" and "E-mail 2", a Convene
    export's "Email" and "Email 1") is one, kept once, primary if either was.
    """
    country = row.country or default_country
    if country and isinstance(normalize_country(country), FieldProblem):
        dropped.append(ImportProblem(row.line, f"country “{country}” dropped: not a country"))
        country = default_country
    region = normalize_country(country) if country else None
    region_code = region if isinstance(region, str) else None
    emails: dict[str, tuple[str, str, bool]] = {}
    for email in row.emails:
        checked = normalize_email(email[0])
        if isinstance(checked, FieldProblem):
            dropped.append(ImportProblem(row.line, f"email dropped: {checked.message}"))
        else:
            _keep_once(emails, checked.casefold(), email)
    phones: dict[str, tuple[str, str, bool]] = {}
    for phone in row.phones:
        parsed = parse_phone(phone[0], region_code)
        if isinstance(parsed, FieldProblem):
            dropped.append(ImportProblem(row.line, f"phone dropped: {parsed.message}"))
        else:
            _keep_once(phones, parsed.e164, phone)
    if country == row.country and len(emails) == len(row.emails) and len(phones) == len(row.phones):
        return row  # the usual case: nothing dropped, and a copy costs 6 µs a row
    return replace(
        row, country=country, emails=tuple(emails.values()), phones=tuple(phones.values())
    )


def _keep_once(
    kept: dict[str, tuple[str, str, bool]], key: str, entry: tuple[str, str, bool]
) -> None:
    """Keep ``entry`` under ``key``, or mark the one kept there primary if ``entry`` was."""
    first = kept.setdefault(key, entry)
    if entry[2] and not first[2]:
        kept[key] = (*first[:2], True)


def _draft(row: ImportedContact, organization_id: int | None) -> ContactDraft:
    given, family, native = _names(row)
    if not (given or family or native):
        # A bare address-book entry: name it by what is known of it.
        family = (
            row.emails[0][0]
            if row.emails
            else row.organization or (row.phones[0][0] if row.phones else None)
        )
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
    with collection_paused():
        return _import_all(session, read, options, progress)


_ORGANIZATION_NAME_LIMIT = limit_of(Organization.__table__.c.name) or 0
_DEPARTMENT_LIMIT = text_limits(Affiliation.__table__, ("department",))


def _check_affiliation_lengths(row: ImportedContact) -> None:
    """Refuse an organization's name or a department too long to store.

    The contact's own check leaves them out: its draft has no affiliation until the
    organization exists.
    """
    problems = too_long(_DEPARTMENT_LIMIT, {"department": row.department})
    name, limit = row.organization, _ORGANIZATION_NAME_LIMIT
    if name is not None and len(name) > limit:
        problems.append(text_too_long("organization", "The organization's name", name, limit))
    if problems:
        raise ValidationError(problems)


def _import_all(
    session: Session,
    read: ReadResult,
    options: ImportOptions,
    progress: Callable[[int, int], None] | None,
) -> ImportResult:
    result = ImportResult(problems=list(read.problems))
    refused: list[ImportProblem] = []
    whole = session.begin_nested()
    total = len(read.contacts)
    known = KnownContacts(session, (e[0] for row in read.contacts for e in row.emails))
    companies = _Organizations(session, result)
    writer = BulkContactWriter(session, expected=total)
    for done, row in enumerate(read.contacts, start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        dropped: list[ImportProblem] = []
        usable = _usable_values(row, options.default_country, dropped)
        existing = companies.find(usable.organization)
        # Checked before anything is written, so a refused line leaves nothing behind (not
        # even its new organization); the affiliation it gains below needs no check.
        try:
            checked = contacts.check_contact(session, _draft(usable, None))
            _check_affiliation_lengths(usable)
        except ValidationError as error:
            refused.append(ImportProblem(row.line, str(error)))
            continue
        draft = checked.draft
        addresses = [e.address for e in draft.emails]
        name = folded_name(draft.given_name, draft.family_name, draft.native_name)
        duplicate = known.find(addresses, name, existing[0] if existing else None)
        action = options.action_for(row.line)
        if duplicate is not None:
            result.duplicate_lines.append(row.line)
        if duplicate is not None and action is not DuplicateAction.CREATE:
            result.duplicates.append(f"line {row.line}: matches {duplicate.label}")
            if action is DuplicateAction.SKIP:
                result.skipped += 1
                continue
            duplicate_id = _written_id(duplicate.ref, writer)
            organizations_before = result.organizations_created
            merge = session.begin_nested()
            organization = companies.of_row(usable.organization)
            organization_id = organization[0] if organization else None
            current = contact_draft(contacts.get_contact(session, duplicate_id))
            try:
                contacts.update_contact(
                    session, duplicate_id, _merge(current, _draft(usable, organization_id)), None
                )
            except ValidationError as error:
                merge.rollback()  # and the organization it made, if it made one
                if usable.organization and result.organizations_created > organizations_before:
                    companies.forget(usable.organization)
                refused.append(ImportProblem(row.line, str(error)))
                continue
            merge.commit()
            result.merged += 1
            known.remember(Known(duplicate_id, duplicate.label), addresses, name, organization_id)
        else:
            organization = companies.of_row(usable.organization)
            organization_id = organization[0] if organization else None
            if organization is not None:
                draft = _draft(usable, organization_id)
                checked = replace(checked, draft=draft)
            pending = writer.add(checked, [organization] if organization else [])
            result.created += 1
            label = display_name(draft.given_name, draft.family_name, draft.native_name)
            known.remember(Known(pending, label), addresses, name, organization_id)
        result.problems.extend(dropped)
    writer.finish()
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


def _written_id(contact: ContactRef, writer: BulkContactWriter) -> int:
    """Return a contact's id, writing the queued batch first if it is still waiting."""
    if isinstance(contact, int):
        return contact
    if contact.id is None:
        writer.flush()
    assert contact.id is not None
    return contact.id
