"""Read the contacts an export covers, a batch at a time, counting who is left out and why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from crm.data.models import (
    Affiliation,
    Attendance,
    Contact,
    ContactEmail,
    ContactListMember,
    ContactPhone,
    Organization,
    Tag,
)
from crm.data.models.reference import contact_tags
from crm.domain.enums import ConsentStatus
from crm.domain.exports import (
    ContactScope,
    ExportContact,
    ExportOptions,
    ExportReport,
    LeftOutReason,
)
from crm.domain.names import display_name, organization_label
from crm.services.common import text_filter

BATCH = 5000

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


def _reason_to_leave_out(
    person: Any, has_email: bool, options: ExportOptions
) -> LeftOutReason | None:
    if not options.include_do_not_contact:
        if person.do_not_contact:
            return LeftOutReason.DO_NOT_CONTACT
        if person.consent_status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            return LeftOutReason.NO_CONSENT
    if options.require_email and not has_email:
        return LeftOutReason.NO_EMAIL
    return None


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(tuple(row))
    return grouped


def _related(session: Session, ids: list[int]) -> tuple[dict[int, list[Any]], ...]:
    """Read the emails, phones, current organization and tags of a batch, one query each."""
    run = session.connection().execute  # plain Core rows: no ORM result machinery
    emails = run(
        select(
            ContactEmail.contact_id,
            ContactEmail.address,
            ContactEmail.label,
            ContactEmail.is_primary,
        )
        .where(ContactEmail.contact_id.in_(ids))
        .order_by(ContactEmail.contact_id, ContactEmail.is_primary.desc(), ContactEmail.id)
    )
    phones = run(
        select(
            ContactPhone.contact_id,
            ContactPhone.e164,
            ContactPhone.as_typed,
            ContactPhone.label,
            ContactPhone.is_primary,
        )
        .where(ContactPhone.contact_id.in_(ids))
        .order_by(ContactPhone.contact_id, ContactPhone.is_primary.desc(), ContactPhone.id)
    )
    # The organization a contact is with today: an ongoing affiliation, the primary first
    # (the same rule as crm.services.contacts.current_affiliation).
    organizations = run(
        select(
            Affiliation.contact_id, Organization.name, Organization.acronym, Affiliation.department
        )
        .join(Organization, Organization.id == Affiliation.organization_id)
        .where(Affiliation.contact_id.in_(ids), Affiliation.end_date.is_(None))
        .order_by(
            Affiliation.contact_id,
            Affiliation.is_primary.desc(),
            Affiliation.start_date.desc().nulls_last(),
            Affiliation.id,
        )
    )
    tags = run(
        select(contact_tags.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id.in_(ids))
        .order_by(contact_tags.c.contact_id, Tag.name)
    )
    return _grouped(emails), _grouped(phones), _grouped(organizations), _grouped(tags)


_COLUMNS = (
    Contact.id,
    Contact.prefix,
    Contact.given_name,
    Contact.family_name,
    Contact.native_name,
    Contact.job_title,
    Contact.country,
    Contact.city,
    Contact.notes,
    Contact.is_press,
    Contact.press_role,
    Contact.languages,
    Contact.do_not_contact,
    Contact.consent_status,
)


def export_contacts(
    session: Session,
    scope: ContactScope,
    options: ExportOptions,
    report: ExportReport,
    progress: Progress | None = None,
) -> Iterator[ExportContact]:
    """Yield the contacts to write, batch by batch; count the ones left out in ``report``.

    Rows come through SQLAlchemy Core, never as ORM objects: a hundred thousand contacts
    would otherwise build half a million objects. ``progress`` hears (done, total) after each
    batch and may raise ExportCancelledError.
    """
    ids = list(session.scalars(scope_query(scope).with_only_columns(Contact.id)))
    report.in_scope = len(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        people = {
            row.id: row
            for row in session.connection().execute(select(*_COLUMNS).where(Contact.id.in_(batch)))
        }
        emails, phones, organizations, tags = _related(session, batch)
        for contact_id in batch:
            person = people[contact_id]
            reason = _reason_to_leave_out(person, bool(emails.get(contact_id)), options)
            if reason is not None:
                report.leave_out(reason)
                continue
            report.written += 1
            organization = organizations.get(contact_id, [None])[0]
            yield ExportContact(
                id=contact_id,
                prefix=person.prefix,
                given_name=person.given_name,
                family_name=person.family_name,
                native_name=person.native_name,
                display_name=display_name(
                    person.given_name, person.family_name, person.native_name
                ),
                organization=organization_label(organization[1], organization[2])
                if organization
                else None,
                department=organization[3] if organization else None,
                job_title=person.job_title,
                emails=tuple((e[1], e[2], e[3]) for e in emails.get(contact_id, ())),
                phones=tuple((p[1], p[2], p[3], p[4]) for p in phones.get(contact_id, ())),
                country=person.country,
                city=person.city,
                tags=tuple(t[1] for t in tags.get(contact_id, ())),
                notes=person.notes,
                is_press=person.is_press,
                press_role=person.press_role,
                languages=tuple(person.languages.split(",")) if person.languages else (),
            )
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
