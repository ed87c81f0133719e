"""Commitments: pledges, declarations and calls, their endorsers and their follow-ups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import (
    Citation,
    Commitment,
    CommitmentEndorser,
    Contact,
    Event,
    FollowUp,
    Organization,
)
from crm.data.models.contacts import CONTACT_NAME_ORDER
from crm.domain.drafts import CommitmentDraft, FollowUpDraft
from crm.domain.enums import CommitmentStatus
from crm.domain.errors import FieldProblem, NotFoundError
from crm.domain.names import display_name
from crm.domain.records import CommitmentDetail, CommitmentRow, FollowUpRow, Page, Ref, Sort
from crm.domain.text import search_document
from crm.domain.validation import check_date_order, optional_text, require_text
from crm.services.common import (
    Problems,
    check_reference,
    check_version,
    citation_rows,
    delete_record,
    edit_record,
    fetch,
    insert_record,
    text_filter,
    touch,
)
from crm.services.labels import party_ref, ref_to
from crm.services.paging import DEFAULT_LIMIT, page_of

KIND = "commitment"

SORT_KEYS: dict[str, Any] = {
    "title": func.lower(Commitment.title),
    "kind": Commitment.kind,
    "status": Commitment.status,
    "made_on": Commitment.made_on,
    "due_on": Commitment.due_on,
    "endorser_count": Commitment.endorser_count,
}


def _apply(session: Session, commitment: Commitment, draft: CommitmentDraft) -> None:
    problems = Problems()
    title = problems.take(require_text(draft.title, "title", "What was committed to"))
    if draft.maker_organization_id is not None and draft.maker_contact_id is not None:
        problems.add(
            FieldProblem(
                "maker", "one_maker", "A commitment has one maker: an organization or a person."
            )
        )
    problems.add(
        check_reference(session, Organization, draft.maker_organization_id, "maker", "organization")
    )
    problems.add(check_reference(session, Contact, draft.maker_contact_id, "maker", "contact"))
    problems.add(check_reference(session, Event, draft.event_id, "event_id", "event"))
    problems.add(check_date_order(draft.made_on, draft.due_on, "due_on", "it was made"))
    if draft.endorser_count is not None and draft.endorser_count < 0:
        problems.add(
            FieldProblem(
                "endorser_count", "negative", "The number of endorsers cannot be negative."
            )
        )
    for org_id in draft.endorser_organization_ids:
        problems.add(check_reference(session, Organization, org_id, "endorsers", "organization"))
    for contact_id in draft.endorser_contact_ids:
        problems.add(check_reference(session, Contact, contact_id, "endorsers", "contact"))
    problems.raise_if_any()

    commitment.title = title or ""
    commitment.text = optional_text(draft.text)
    commitment.kind = draft.kind
    commitment.status = draft.status
    commitment.maker_organization_id = draft.maker_organization_id
    commitment.maker_contact_id = draft.maker_contact_id
    commitment.event_id = draft.event_id
    commitment.made_on = draft.made_on
    commitment.due_on = draft.due_on
    commitment.endorser_count = draft.endorser_count
    commitment.notes = optional_text(draft.notes)
    if draft.external_id is not None:
        commitment.external_id = draft.external_id
    commitment.endorsers = [
        *(
            CommitmentEndorser(organization_id=i)
            for i in dict.fromkeys(draft.endorser_organization_ids)
        ),
        *(CommitmentEndorser(contact_id=i) for i in dict.fromkeys(draft.endorser_contact_ids)),
    ]
    commitment.search_text = search_document(commitment.title, commitment.text)


def create_commitment(session: Session, draft: CommitmentDraft) -> CommitmentDetail:
    """Record a commitment."""
    commitment = insert_record(session, Commitment(), lambda c: _apply(session, c, draft))
    return get_commitment(session, commitment.id)


def update_commitment(
    session: Session, commitment_id: int, draft: CommitmentDraft, expected_version: int | None
) -> CommitmentDetail:
    """Change a commitment, refusing if someone else changed it since ``expected_version``."""
    edit_record(
        session,
        Commitment,
        commitment_id,
        KIND,
        expected_version,
        lambda c: _apply(session, c, draft),
    )
    return get_commitment(session, commitment_id)


def add_follow_up(
    session: Session, commitment_id: int, draft: FollowUpDraft, expected_version: int | None = None
) -> CommitmentDetail:
    """Record a dated follow-up; the commitment takes the follow-up's status."""
    commitment = fetch(session, Commitment, commitment_id, KIND)
    check_version(commitment, expected_version, KIND)
    problems = Problems()
    note = problems.take(require_text(draft.note, "note", "What happened"))
    problems.add(check_date_order(commitment.made_on, draft.on_date, "on_date", "it was made"))
    problems.raise_if_any()
    commitment.follow_ups.append(
        FollowUp(on_date=draft.on_date, status=draft.status, note=note or "")
    )
    latest = max(commitment.follow_ups, key=lambda f: (f.on_date, f.id or 1 << 62))
    commitment.status = latest.status
    touch(commitment)
    session.flush()
    return get_commitment(session, commitment.id)


def remove_follow_up(
    session: Session, commitment_id: int, follow_up_id: int, status: CommitmentStatus
) -> CommitmentDetail:
    """Take a follow-up back and return the commitment to ``status`` (what undo needs)."""
    commitment = fetch(session, Commitment, commitment_id, KIND)
    follow_up = next((f for f in commitment.follow_ups if f.id == follow_up_id), None)
    if follow_up is None:
        raise NotFoundError("follow-up", follow_up_id)
    commitment.follow_ups.remove(follow_up)
    commitment.status = status
    touch(commitment)
    session.flush()
    return get_commitment(session, commitment_id)


def delete_commitment(
    session: Session, commitment_id: int, expected_version: int | None = None
) -> None:
    """Delete a commitment with its endorsers, follow-ups and citations."""
    delete_record(session, Commitment, commitment_id, KIND, expected_version)


def to_row(commitment: Commitment) -> CommitmentRow:
    """Build the table row of a commitment."""
    has_maker = commitment.maker_contact or commitment.maker_organization
    return CommitmentRow(
        id=commitment.id,
        title=commitment.title,
        kind=commitment.kind,
        status=commitment.status,
        maker=party_ref(commitment.maker_contact, commitment.maker_organization)
        if has_maker
        else None,
        event=ref_to(commitment.event) if commitment.event else None,
        made_on=commitment.made_on,
        due_on=commitment.due_on,
        endorser_count=commitment.endorser_count,
        version=commitment.version,
    )


def get_commitment(session: Session, commitment_id: int) -> CommitmentDetail:
    """Return a commitment with its endorsers, follow-ups and sources."""
    commitment = fetch(session, Commitment, commitment_id, KIND)
    return CommitmentDetail(
        row=to_row(commitment),
        text=commitment.text,
        notes=commitment.notes,
        endorsers=tuple(party_ref(e.contact, e.organization) for e in commitment.endorsers),
        follow_ups=tuple(
            FollowUpRow(f.id, f.on_date, f.status, f.note) for f in commitment.follow_ups
        ),
        citations=citation_rows(session, Citation.commitment_id, commitment_id),
    )


def list_commitments(
    session: Session,
    search: str | None = None,
    status: str | None = None,
    maker_organization_id: int | None = None,
    maker_contact_id: int | None = None,
    event_id: int | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[CommitmentRow]:
    """Return commitments, latest first, filtered by search text, status, maker and event."""
    query = select(Commitment)
    condition = text_filter(Commitment.search_text, search)
    if condition is not None:
        maker_match = or_(
            Commitment.maker_organization.has(text_filter(Organization.search_text, search)),
            Commitment.maker_contact.has(text_filter(Contact.search_text, search)),
        )
        query = query.where(or_(condition, maker_match))
    if status:
        query = query.where(Commitment.status == status)
    if maker_organization_id is not None:
        query = query.where(Commitment.maker_organization_id == maker_organization_id)
    if maker_contact_id is not None:
        query = query.where(Commitment.maker_contact_id == maker_contact_id)
    if event_id is not None:
        query = query.where(Commitment.event_id == event_id)
    commitments, total = page_of(
        session,
        query,
        (Commitment.made_on.desc().nulls_last(), Commitment.title, Commitment.id),
        limit,
        offset,
        (
            selectinload(Commitment.maker_organization),
            selectinload(Commitment.maker_contact),
            selectinload(Commitment.event),
        ),
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
    )
    return Page(tuple(to_row(c) for c in commitments), total)


def people_who_made_commitments(session: Session, limit: int) -> list[Ref]:
    """The contacts who made a commitment, by name: the choices of the person-maker filter.

    Not the first contacts by name: at a million, those would be strangers to the list.
    """
    makers = select(Commitment.maker_contact_id).where(Commitment.maker_contact_id.is_not(None))
    people = session.execute(
        select(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
        .where(Contact.id.in_(makers))
        .order_by(*CONTACT_NAME_ORDER)
        .limit(limit)
    )
    return [
        Ref("contact", contact_id, display_name(given, family, native))
        for contact_id, given, family, native in people
    ]
