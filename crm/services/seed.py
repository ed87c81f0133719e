"""Load the records drawn from the source documents; loading twice changes nothing."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.data.models import (
    Attendance,
    Base,
    Citation,
    Commitment,
    Contact,
    Document,
    Event,
    Organization,
)
from crm.domain import drafts
from crm.domain.drafts import RecordRef
from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    CommitmentKind,
    CommitmentStatus,
    DocumentKind,
    EventKind,
    EventStatus,
    OrganizationKind,
    OrganizerRole,
)
from crm.services import attendances, commitments, contacts, documents, events, organizations
from crm.shipped import shipped_dir

Record = dict[str, Any]

_KINDS: dict[str, tuple[str, type[Base]]] = {
    "org": ("organization", Organization),
    "contact": ("contact", Contact),
    "event": ("event", Event),
    "att": ("attendance", Attendance),
    "cmt": ("commitment", Commitment),
    "doc": ("document", Document),
}


def load_seed_records() -> Record:
    """Read the seed file shipped in crm.resources."""
    path = shipped_dir("crm.resources") / "seed" / "records.json"
    return dict(json.loads(path.read_text("utf-8")))


def _document_text(name: str) -> str:
    return (shipped_dir("crm.resources") / "documents" / name).read_text("utf-8")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Seeder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.created = 0

    def id_of(self, key: str | None) -> int | None:
        if key is None:
            return None
        model = _KINDS[key.split(":", 1)[0]][1]
        found = self.session.scalar(select(model.id).where(model.external_id == key))  # type: ignore[attr-defined]
        if found is None:
            raise LookupError(f"seed record {key} refers to a record it does not define")
        return int(found)

    def exists(self, key: str) -> bool:
        model = _KINDS[key.split(":", 1)[0]][1]
        return self.session.scalar(select(model.id).where(model.external_id == key)) is not None  # type: ignore[attr-defined]

    def organization(self, r: Record, with_parent: bool) -> None:
        draft = drafts.OrganizationDraft(
            name=r["name"],
            acronym=r.get("acronym"),
            kind=OrganizationKind(r["kind"]),
            country=r.get("country"),
            website=r.get("website"),
            email=r.get("email"),
            phone=r.get("phone"),
            address=r.get("address"),
            notes=r.get("notes"),
            tags=tuple(r.get("tags", ())),
            external_id=r["key"],
            parent_id=self.id_of(r.get("parent")) if with_parent else None,
        )
        if not with_parent:
            organizations.create_organization(self.session, draft)
            self.created += 1
        elif r.get("parent"):
            org_id = self.id_of(r["key"])
            assert org_id is not None
            organizations.update_organization(self.session, org_id, draft, None)

    def document(self, r: Record) -> None:
        documents.create_document(
            self.session,
            drafts.DocumentDraft(
                title=r["title"],
                kind=DocumentKind(r["kind"]),
                publisher_id=self.id_of(r.get("publisher")),
                author_name=r.get("author_name"),
                author_contact_id=self.id_of(r.get("author")),
                published_on=_day(r.get("published_on")),
                url=r.get("url"),
                language=r.get("language"),
                text=_document_text(r["text_file"]),
                notes=r.get("notes"),
                external_id=r["key"],
            ),
        )
        self.created += 1

    def contact(self, r: Record) -> None:
        contacts.create_contact(
            self.session,
            drafts.ContactDraft(
                prefix=r.get("prefix"),
                given_name=r.get("given_name"),
                family_name=r.get("family_name"),
                native_name=r.get("native_name"),
                name_variants=r.get("name_variants"),
                job_title=r.get("job_title"),
                is_press=r.get("is_press", False),
                press_role=r.get("press_role"),
                country=r.get("country"),
                city=r.get("city"),
                notes=r.get("notes"),
                tags=tuple(r.get("tags", ())),
                external_id=r["key"],
                emails=tuple(
                    drafts.EmailDraft(e["address"], e.get("label", "work"))
                    for e in r.get("emails", ())
                ),
                phones=tuple(
                    drafts.PhoneDraft(p["number"], p.get("label", "work"))
                    for p in r.get("phones", ())
                ),
                affiliations=tuple(
                    drafts.AffiliationDraft(
                        organization_id=self.id_of(a["organization"]) or 0,
                        role=a.get("role"),
                        department=a.get("department"),
                        primary=a.get("primary", False),
                    )
                    for a in r.get("affiliations", ())
                ),
            ),
        )
        self.created += 1

    def event(self, r: Record) -> None:
        events.create_event(
            self.session,
            drafts.EventDraft(
                name=r["name"],
                kind=EventKind(r["kind"]),
                status=EventStatus(r["status"]),
                start_date=_day(r.get("start_date")),
                end_date=_day(r.get("end_date")),
                start_time=time.fromisoformat(r["start_time"]) if r.get("start_time") else None,
                timezone=r.get("timezone"),
                venue_id=self.id_of(r.get("venue")),
                city=r.get("city"),
                country=r.get("country"),
                parent_id=self.id_of(r.get("parent")),
                description=r.get("description"),
                reported_attendance=r.get("reported_attendance"),
                tags=tuple(r.get("tags", ())),
                external_id=r["key"],
                organizers=tuple(
                    drafts.OrganizerDraft(
                        role=OrganizerRole(o["role"]),
                        organization_id=self.id_of(o.get("organization")),
                        contact_id=self.id_of(o.get("contact")),
                    )
                    for o in r.get("organizers", ())
                ),
            ),
        )
        self.created += 1

    def attendance(self, r: Record) -> None:
        event_id = self.id_of(r["event"])
        assert event_id is not None
        attendances.add_attendance(
            self.session,
            drafts.AttendanceDraft(
                event_id=event_id,
                role=AttendanceRole(r["role"]),
                status=AttendanceStatus(r["status"]),
                contact_id=self.id_of(r.get("contact")),
                organization_id=self.id_of(r.get("organization")),
                on_behalf_of_id=self.id_of(r.get("on_behalf_of")),
                title_at_event=r.get("title_at_event"),
                notes=r.get("notes"),
                external_id=r["key"],
            ),
        )
        self.created += 1

    def commitment(self, r: Record) -> None:
        detail = commitments.create_commitment(
            self.session,
            drafts.CommitmentDraft(
                title=r["title"],
                text=r.get("text"),
                kind=CommitmentKind(r["kind"]),
                status=CommitmentStatus(r["status"]),
                maker_organization_id=self.id_of(r.get("maker_organization")),
                maker_contact_id=self.id_of(r.get("maker_contact")),
                event_id=self.id_of(r.get("event")),
                made_on=_day(r.get("made_on")),
                due_on=_day(r.get("due_on")),
                endorser_count=r.get("endorser_count"),
                notes=r.get("notes"),
                external_id=r["key"],
                endorser_organization_ids=tuple(
                    self.id_of(k) or 0 for k in r.get("endorser_organizations", ())
                ),
            ),
        )
        final_status = CommitmentStatus(r["status"])
        for f in r.get("follow_ups", ()):
            commitments.add_follow_up(
                self.session,
                detail.row.id,
                drafts.FollowUpDraft(
                    on_date=date.fromisoformat(f["on_date"]),
                    status=CommitmentStatus(f["status"]),
                    note=f["note"],
                ),
            )
        commitment = self.session.get(Commitment, detail.row.id)
        assert commitment is not None
        commitment.status = final_status  # the seed states today's status; follow-ups are history
        self.created += 1

    def citations(self, r: Record) -> None:
        kind = _KINDS[r["key"].split(":", 1)[0]][0]
        record_id = self.id_of(r["key"])
        assert record_id is not None
        for source in r.get("sources", ()):
            document_id = self.id_of(source["document"])
            column = getattr(Citation, f"{kind}_id")
            known = self.session.scalar(
                select(Citation.id).where(
                    Citation.document_id == document_id,
                    column == record_id,
                    Citation.quote == source["quote"],
                )
            )
            if known is None and document_id is not None:
                documents.cite(
                    self.session,
                    drafts.CitationDraft(
                        document_id=document_id,
                        record=RecordRef(kind, record_id),
                        quote=source["quote"],
                        note=source.get("note"),
                    ),
                )
                self.created += 1


def seed(session: Session) -> int:
    """Add the documents' records that the database lacks; return how many were added."""
    records = load_seed_records()
    seeder = _Seeder(session)
    new_orgs = [r for r in records["organizations"] if not seeder.exists(r["key"])]
    for r in new_orgs:
        seeder.organization(r, with_parent=False)
    for r in new_orgs:
        seeder.organization(r, with_parent=True)
    steps = (
        ("contacts", seeder.contact),
        ("documents", seeder.document),
        ("events", seeder.event),
        ("attendances", seeder.attendance),
        ("commitments", seeder.commitment),
    )
    for section, create in steps:
        for r in records[section]:
            if not seeder.exists(r["key"]):
                create(r)
    for section in ("organizations", "contacts", "events", "attendances", "commitments"):
        for r in records[section]:
            seeder.citations(r)
    session.flush()
    return seeder.created
