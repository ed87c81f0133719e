"""Turn a record as read back into the draft that would write it again.

Edit dialogs start from these drafts, and undo writes the draft of the state before.
"""

from __future__ import annotations

from crm.domain.drafts import (
    AffiliationDraft,
    AttendanceDraft,
    CommitmentDraft,
    ContactDraft,
    ContactListDraft,
    DocumentDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
    OrganizerDraft,
    PhoneDraft,
    SocialDraft,
)
from crm.domain.records import (
    AttendanceRow,
    CommitmentDetail,
    ContactDetail,
    ContactListDetail,
    DocumentDetail,
    EventDetail,
    OrganizationDetail,
)


def contact_draft(detail: ContactDetail) -> ContactDraft:
    """Return the draft that describes a contact as it is."""
    row = detail.row
    return ContactDraft(
        given_name=detail.given_name,
        family_name=detail.family_name,
        prefix=detail.prefix,
        native_name=row.native_name,
        name_variants=detail.name_variants,
        job_title=row.job_title,
        emails=tuple(EmailDraft(e.address, e.label, e.primary) for e in detail.emails),
        phones=tuple(PhoneDraft(p.as_typed, p.label, p.primary) for p in detail.phones),
        affiliations=tuple(
            AffiliationDraft(
                a.organization_id, a.role, a.department, a.start_date, a.end_date, a.primary
            )
            for a in detail.affiliations
        ),
        social=tuple(SocialDraft(network, handle) for network, handle in detail.social),
        is_press=row.is_press,
        press_role=detail.press_role,
        languages=detail.languages,
        country=row.country,
        city=row.city,
        notes=detail.notes,
        tags=row.tags,
        consent_status=detail.consent_status,
        consent_date=detail.consent_date,
        lawful_basis=detail.lawful_basis,
        do_not_contact=row.do_not_contact,
    )


def organization_draft(detail: OrganizationDetail) -> OrganizationDraft:
    """Return the draft that describes an organization as it is."""
    row = detail.row
    return OrganizationDraft(
        name=row.name,
        acronym=row.acronym,
        kind=row.kind,
        country=row.country,
        website=row.website,
        email=row.email,
        phone=detail.phone_as_typed,
        address=detail.address,
        parent_id=detail.parent_id,
        notes=detail.notes,
        tags=row.tags,
    )


def event_draft(detail: EventDetail) -> EventDraft:
    """Return the draft that describes an event as it is."""
    row = detail.row
    return EventDraft(
        name=row.name,
        kind=row.kind,
        status=row.status,
        start_date=row.start_date,
        start_time=detail.start_time,
        end_date=row.end_date,
        end_time=detail.end_time,
        timezone=detail.timezone,
        venue_id=detail.venue_id,
        city=row.city,
        country=row.country,
        parent_id=detail.parent_id,
        description=detail.description,
        reported_attendance=detail.reported_attendance,
        tags=row.tags,
        organizers=tuple(
            OrganizerDraft(
                o.role,
                organization_id=o.party.id if o.party.kind == "organization" else None,
                contact_id=o.party.id if o.party.kind == "contact" else None,
            )
            for o in detail.organizers
        ),
    )


def attendance_draft(row: AttendanceRow) -> AttendanceDraft:
    """Return the draft that describes an attendance as it is."""
    is_contact = row.participant.kind == "contact"
    return AttendanceDraft(
        event_id=row.event.id,
        role=row.role,
        status=row.status,
        contact_id=row.participant.id if is_contact else None,
        organization_id=None if is_contact else row.participant.id,
        on_behalf_of_id=row.on_behalf_of_id,
        title_at_event=row.title_at_event,
        organization_at_event=row.organization_at_event,
        checked_in_at=row.checked_in_at,
        notes=row.notes,
    )


def commitment_draft(detail: CommitmentDetail) -> CommitmentDraft:
    """Return the draft that describes a commitment as it is."""
    row = detail.row
    maker = row.maker
    return CommitmentDraft(
        title=row.title,
        kind=row.kind,
        status=row.status,
        text=detail.text,
        maker_organization_id=maker.id if maker and maker.kind == "organization" else None,
        maker_contact_id=maker.id if maker and maker.kind == "contact" else None,
        event_id=row.event.id if row.event else None,
        made_on=row.made_on,
        due_on=row.due_on,
        endorser_count=row.endorser_count,
        endorser_organization_ids=tuple(e.id for e in detail.endorsers if e.kind == "organization"),
        endorser_contact_ids=tuple(e.id for e in detail.endorsers if e.kind == "contact"),
        notes=detail.notes,
    )


def list_draft(detail: ContactListDetail) -> ContactListDraft:
    """Return the draft that describes a contact list as it is."""
    return ContactListDraft(
        name=detail.row.name,
        description=detail.row.description,
        contact_ids=tuple(m.id for m in detail.members),
    )


def document_draft(detail: DocumentDetail) -> DocumentDraft:
    """Return the draft that describes a document as it is."""
    row = detail.row
    return DocumentDraft(
        title=row.title,
        kind=row.kind,
        publisher_id=detail.publisher_id,
        author_name=row.author,
        author_contact_id=detail.author_contact_id,
        published_on=row.published_on,
        url=row.url,
        language=row.language,
        text=detail.text,
        notes=detail.notes,
    )
