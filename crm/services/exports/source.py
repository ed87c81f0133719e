"""Read the contacts an export covers, a batch at a time, counting who is left out and why."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import (
    Affiliation,
    Attendance,
    Contact,
    ContactEmail,
    ContactListMember,
    ContactPhone,
    Tag,
)
from crm.domain.enums import ConsentStatus
from crm.domain.exports import (
    ContactScope,
    ExportContact,
    ExportOptions,
    ExportReport,
    LeftOutReason,
)
from crm.services.common import text_filter
from crm.services.contact_methods import primary_first
from crm.services.contacts import current_affiliation
from crm.services.labels import contact_name, organization_name

BATCH = 1000

Progress = Callable[[int, int], None]


def scope_query(scope: ContactScope) -> Select[Contact]:
    """Select the contacts in ``scope``, in a stable order."""
    query = select(Contact)
    condition = text_filter(Contact.search_text, scope.search)
    if condition is not None:
        query = query.where(condition)
    if scope.tag:
        query = query.where(Contact.tags.any(Tag.name == scope.tag))
    if scope.organization_id is not None:
        query = query.where(
            Contact.affiliations.any(Affiliation.organization_id == scope.organization_id)
        )
    if scope.list_id is not None:
        members = select(ContactListMember.contact_id).where(
            ContactListMember.list_id == scope.list_id
        )
        query = query.where(Contact.id.in_(members))
    if scope.event_id is not None or scope.roles or scope.statuses:
        attendance = select(Attendance.contact_id).where(Attendance.contact_id.is_not(None))
        if scope.event_id is not None:
            attendance = attendance.where(Attendance.event_id == scope.event_id)
        if scope.roles:
            attendance = attendance.where(Attendance.role.in_(scope.roles))
        if scope.statuses:
            attendance = attendance.where(Attendance.status.in_(scope.statuses))
        query = query.where(Contact.id.in_(attendance))
    if scope.contact_ids is not None:
        query = query.where(Contact.id.in_(scope.contact_ids))
    if scope.press_only:
        query = query.where(Contact.is_press.is_(True))
    if scope.country:
        query = query.where(Contact.country == scope.country.upper())
    return query.order_by(Contact.family_name, Contact.given_name, Contact.id)


def _reason_to_leave_out(contact: Contact, options: ExportOptions) -> LeftOutReason | None:
    if not options.include_do_not_contact:
        if contact.do_not_contact:
            return LeftOutReason.DO_NOT_CONTACT
        if contact.consent_status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            return LeftOutReason.NO_CONSENT
    if options.require_email and not contact.emails:
        return LeftOutReason.NO_EMAIL
    return None


def to_export_contact(contact: Contact) -> ExportContact:
    """Flatten a contact for the writers."""
    affiliation = current_affiliation(contact)
    return ExportContact(
        id=contact.id,
        prefix=contact.prefix,
        given_name=contact.given_name,
        family_name=contact.family_name,
        native_name=contact.native_name,
        display_name=contact_name(contact),
        organization=organization_name(affiliation.organization) if affiliation else None,
        department=affiliation.department if affiliation else None,
        job_title=contact.job_title,
        emails=tuple((e.address, e.label, e.is_primary) for e in primary_first(contact.emails)),
        phones=tuple(
            (p.e164, p.as_typed, p.label, p.is_primary) for p in primary_first(contact.phones)
        ),
        country=contact.country,
        city=contact.city,
        tags=tuple(t.name for t in contact.tags),
        notes=contact.notes,
        is_press=contact.is_press,
        press_role=contact.press_role,
        languages=tuple(contact.languages.split(",")) if contact.languages else (),
    )


def export_contacts(
    session: Session,
    scope: ContactScope,
    options: ExportOptions,
    report: ExportReport,
    progress: Progress | None = None,
) -> Iterator[ExportContact]:
    """Yield the contacts to write, batch by batch; count the ones left out in ``report``.

    ``progress`` hears (done, total) after each batch and may raise ExportCancelledError.
    """
    ids = list(session.scalars(scope_query(scope).with_only_columns(Contact.id)))
    report.in_scope = len(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        contacts = session.scalars(
            select(Contact)
            .where(Contact.id.in_(batch))
            .options(
                selectinload(Contact.emails),
                selectinload(Contact.phones),
                selectinload(Contact.tags),
                selectinload(Contact.affiliations).selectinload(Affiliation.organization),
            )
        ).all()
        by_id = {c.id: c for c in contacts}
        for contact_id in batch:
            contact = by_id[contact_id]
            reason = _reason_to_leave_out(contact, options)
            if reason is not None:
                report.leave_out(reason)
                continue
            report.written += 1
            yield to_export_contact(contact)
        session.expunge_all()  # keep memory flat whatever the size of the export
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))


def most_emails_and_phones(session: Session, scope: ContactScope) -> tuple[int, int]:
    """Return the most emails and the most phones any contact in scope has (column counts)."""
    ids = scope_query(scope).with_only_columns(Contact.id).order_by(None).subquery()
    counts = []
    for model in (ContactEmail, ContactPhone):
        per_contact = (
            select(func.count().label("n"))
            .where(model.contact_id.in_(select(ids.c.id)))
            .group_by(model.contact_id)
            .subquery()
        )
        counts.append(session.scalar(select(func.max(per_contact.c.n))) or 0)
    return counts[0], counts[1]
