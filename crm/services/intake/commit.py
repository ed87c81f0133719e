"""Write an intake's accepted proposals: the document, new records, and a citation for each.

All in the caller's unit of work: a proposal the services refuse (an email that is not
one, say) refuses the whole intake, naming the proposal, and nothing is written. A
proposal matched with a record on file is not created again: that record cites the
document instead, so "where do we know this from?" has one more answer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import Attendance, Document
from crm.domain.drafts import (
    AffiliationDraft,
    AttendanceDraft,
    CitationDraft,
    CommitmentDraft,
    ContactDraft,
    DocumentDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
    OrganizerDraft,
    PhoneDraft,
    RecordRef,
)
from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    CommitmentKind,
    CommitmentStatus,
    EventKind,
    EventStatus,
    OrganizationKind,
    OrganizerRole,
)
from crm.domain.errors import DomainError
from crm.domain.intake import IntakeResult, Proposal, ProposalKind
from crm.domain.records import Ref
from crm.services import attendances, commitments, contacts, documents, events, organizations

QUOTE_LIMIT = 1000  # characters of a sentence kept as a citation's quote
CITED_AS = {
    ProposalKind.ORGANIZATION: "organization",
    ProposalKind.PERSON: "contact",
    ProposalKind.EVENT: "event",
    ProposalKind.ATTENDANCE: "attendance",
    ProposalKind.COMMITMENT: "commitment",
}


@dataclass
class IntakeReport:
    """What an intake wrote: the document, and per kind the records made and linked."""

    document_id: int = 0
    created: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    citations: int = 0

    def summary(self) -> str:
        """Say it in one line."""
        made = ", ".join(f"{n} {kind}" for kind, n in self.created.items() if n) or "nothing new"
        linked = ", ".join(f"{n} {kind}" for kind, n in self.linked.items() if n)
        return (
            f"created {made}"
            + (f"; linked {linked} on file" if linked else "")
            + (f"; {self.citations} citations of document #{self.document_id}")
        )


def commit_intake(
    session: Session,
    result: IntakeResult,
    accepted: Collection[str] | None = None,
    links: Mapping[str, Ref] | None = None,
) -> IntakeReport:
    """Write the accepted proposals (all when ``accepted`` is None) and cite the document.

    ``links`` tie proposals to records the user chose, over the matches found.
    """
    chosen = [p for p in result.proposals if accepted is None or p.key in accepted]
    links = dict(links or {})
    for proposal in chosen:
        if proposal.key not in links and proposal.match is not None:
            links[proposal.key] = proposal.match
    report = IntakeReport()
    ids: dict[str, int] = {key: ref.id for key, ref in links.items()}
    document_id = _document(session, result, chosen, ids)
    report.document_id = document_id
    for proposal in chosen:  # organizations, people, events, attendances, commitments
        noun = CITED_AS[proposal.kind]
        try:
            if proposal.key in links:
                report.linked[noun] = report.linked.get(noun, 0) + 1
            else:
                made = ids.get(proposal.key) or _create(session, proposal, ids)
                if made is None:
                    continue  # it refers to a proposal that was not accepted
                ids[proposal.key] = made
                report.created[noun] = report.created.get(noun, 0) + 1
        except DomainError as error:
            raise DomainError(f"{proposal.kind.value} “{proposal.label}”: {error}") from error
        documents.cite(
            session,
            CitationDraft(
                document_id,
                RecordRef(noun, ids[proposal.key]),
                proposal.quote.text[:QUOTE_LIMIT],
                _note(proposal),
            ),
        )
        report.citations += 1
    return report


def _document(
    session: Session, result: IntakeResult, chosen: list[Proposal], ids: dict[str, int]
) -> int:
    source = result.document
    twin = session.scalar(
        select(Document.id).where(Document.title == source.title, Document.text == source.text)
    )
    if twin is not None:
        raise DomainError(
            f"“{source.title}” was taken in already (document #{twin}); its records cite it."
        )
    publisher = next(
        (
            p
            for p in chosen
            if p.kind is ProposalKind.ORGANIZATION
            and source.publisher
            and p.label == source.publisher
        ),
        None,
    )
    publisher_id = ids.get(publisher.key) if publisher else None
    if publisher is not None and publisher_id is None:
        publisher_id = _create(session, publisher, ids)
        if publisher_id is not None:
            ids[publisher.key] = publisher_id
    author = next((p for p in chosen if p.fields.get("is_author")), None)
    detail = documents.create_document(
        session,
        DocumentDraft(
            title=source.title,
            kind=source.kind,
            publisher_id=publisher_id,
            author_name=author.label if author else source.author,
            published_on=source.published_on,
            url=source.url,
            text=source.text,
            notes=f"Taken in from {source.file_name}.",
        ),
    )
    return detail.row.id


def _create(session: Session, proposal: Proposal, ids: dict[str, int]) -> int | None:
    fields = proposal.fields
    if proposal.kind is ProposalKind.ORGANIZATION:
        return organizations.create_organization(
            session,
            OrganizationDraft(
                name=fields.get("name") or proposal.label,
                acronym=fields.get("acronym"),
                kind=fields.get("kind") or OrganizationKind.OTHER,
                country=fields.get("country"),
            ),
        ).row.id
    if proposal.kind is ProposalKind.PERSON:
        return contacts.create_contact(session, _person(fields, ids)).row.id
    if proposal.kind is ProposalKind.EVENT:
        return events.create_event(session, _event(fields, ids)).row.id
    if proposal.kind is ProposalKind.ATTENDANCE:
        return _attendance(session, fields, ids)
    return _commitment(session, fields, ids)


def _person(fields: dict[str, Any], ids: dict[str, int]) -> ContactDraft:
    organization_id = ids.get(fields.get("organization") or "")
    title = fields.get("job_title")
    affiliations = (
        (
            AffiliationDraft(
                organization_id,
                role=title,
                department=fields.get("department"),
                primary=True,
            ),
        )
        if organization_id is not None
        else ()
    )
    emails = tuple(
        EmailDraft(address, primary=index == 0)
        for index, address in enumerate(fields.get("emails", []))
    )
    phones = tuple(
        PhoneDraft(value.split("\t")[0], primary=index == 0)
        for index, value in enumerate(fields.get("phones", []))
    )
    return ContactDraft(
        prefix=fields.get("prefix"),
        given_name=fields.get("given_name") or None,
        family_name=fields.get("family_name") or None,
        job_title=title,
        emails=emails,
        phones=phones,
        affiliations=affiliations,
        is_press=bool(fields.get("is_press")),
        press_role="Press contact" if fields.get("is_press") else None,
    )


def _event(fields: dict[str, Any], ids: dict[str, int]) -> EventDraft:
    day = fields.get("start_date")
    status = fields.get("status")
    if status is None:
        status = "held" if isinstance(day, date) and day <= date.today() else "planned"
    description = None
    if isinstance(day, date) and not fields.get("exact_date", True):
        description = "The document gives the month only; the 1st stands for it."
    elif day is None and fields.get("year"):
        description = f"The document gives the year only ({fields['year']})."
    return EventDraft(
        name=fields.get("name") or "",
        kind=fields.get("kind") or EventKind.MEETING,
        status=EventStatus(status),
        start_date=day if isinstance(day, date) else None,
        city=fields.get("city"),
        country=fields.get("country"),
        parent_id=ids.get(fields.get("parent") or ""),
        reported_attendance=fields.get("reported_attendance"),
        description=description,
        organizers=tuple(
            OrganizerDraft(
                OrganizerRole(role),
                organization_id=ids[key] if key.startswith("organization:") else None,
                contact_id=ids[key] if key.startswith("person:") else None,
            )
            for role, key in fields.get("organizers", [])
            if key in ids  # a party the user did not take in is left out
        ),
    )


def _attendance(session: Session, fields: dict[str, Any], ids: dict[str, int]) -> int | None:
    event_id = ids.get(fields["event"])
    party_id = ids.get(fields["party"])
    if event_id is None or party_id is None:
        return None
    is_person = fields["party"].startswith("person:")
    party = Attendance.contact_id if is_person else Attendance.organization_id
    existing = session.scalar(
        select(Attendance.id).where(Attendance.event_id == event_id, party == party_id)
    )
    if existing is not None:
        return int(existing)
    row = attendances.add_attendance(
        session,
        AttendanceDraft(
            event_id,
            AttendanceRole(fields["role"]),
            AttendanceStatus(fields["status"]),
            contact_id=party_id if is_person else None,
            organization_id=None if is_person else party_id,
        ),
    )
    return row.id


def _commitment(session: Session, fields: dict[str, Any], ids: dict[str, int]) -> int:
    maker = fields.get("maker") or ""
    maker_id = ids.get(maker)
    return commitments.create_commitment(
        session,
        CommitmentDraft(
            title=fields.get("title") or "",
            kind=fields.get("kind") or CommitmentKind.PLEDGE,
            status=CommitmentStatus(fields.get("status") or "made"),
            text=fields.get("text"),
            maker_contact_id=maker_id if maker.startswith("person:") else None,
            maker_organization_id=maker_id if maker.startswith("organization:") else None,
            event_id=ids.get(fields.get("event") or ""),
            made_on=fields.get("made_on"),
            endorser_count=fields.get("endorser_count"),
        ),
    ).row.id


def _note(proposal: Proposal) -> str | None:
    if proposal.match is not None and proposal.match_reason:
        return f"Linked to the record on file ({proposal.match_reason})."
    if proposal.kind is ProposalKind.EVENT and not proposal.fields.get("exact_date", True):
        return "The month only is given; the 1st stands for it."
    return None
