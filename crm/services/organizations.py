"""Organizations: create, read, update, delete, list and search."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import Affiliation, Citation, Organization
from crm.data.snapshots import DeletionSnapshot
from crm.domain.drafts import OrganizationDraft
from crm.domain.errors import FieldProblem
from crm.domain.records import OrganizationDetail, OrganizationRow, Page, Ref, Sort
from crm.domain.text import search_document
from crm.domain.validation import (
    normalize_country,
    normalize_email,
    optional_text,
    parse_phone,
    require_text,
)
from crm.services.common import (
    Problems,
    check_reference,
    citation_rows,
    delete_record,
    edit_record,
    fetch,
    insert_record,
    text_filter,
)
from crm.services.labels import contact_name, organization_name
from crm.services.member_search import (
    member_ids,
    refresh_search_text,
    refresh_search_text_of_members,
)
from crm.services.paging import DEFAULT_LIMIT, page_of
from crm.services.tags import check_tag_names, resolve_tags

KIND = "organization"

SORT_KEYS: dict[str, Any] = {
    "name": func.lower(Organization.name),
    "acronym": Organization.acronym,
    "kind": Organization.kind,
    "country": Organization.country,
    "email": Organization.email,
    "website": Organization.website,
}


def _apply(session: Session, organization: Organization, draft: OrganizationDraft) -> None:
    problems = Problems()
    name = problems.take(require_text(draft.name, "name", "The organization's name"))
    country = problems.optional(normalize_country, draft.country)
    email = problems.optional(normalize_email, draft.email)
    phone = problems.optional(parse_phone, draft.phone, country)
    problems.add(check_reference(session, Organization, draft.parent_id, "parent_id", KIND))
    if draft.parent_id is not None and organization.id is not None:
        problems.add(_check_no_cycle(session, organization.id, draft.parent_id))
    problems.add(check_tag_names(draft.tags))
    problems.raise_if_any()

    organization.name = name or ""
    organization.acronym = optional_text(draft.acronym)
    organization.kind = draft.kind
    organization.country = country
    organization.website = optional_text(draft.website)
    organization.email = email
    organization.phone = phone.as_typed if phone else None
    organization.phone_e164 = phone.e164 if phone else None
    organization.address = optional_text(draft.address)
    organization.parent_id = draft.parent_id
    organization.notes = optional_text(draft.notes)
    organization.tags = resolve_tags(session, draft.tags)
    if draft.external_id is not None:
        organization.external_id = draft.external_id
    organization.search_text = organization_search_text(organization)


def organization_search_text(organization: Organization) -> str:
    """Build what an organization is found by: its name, acronym, email and website."""
    return search_document(
        organization.name, organization.acronym, organization.email, organization.website
    )


def _check_no_cycle(session: Session, organization_id: int, parent_id: int) -> FieldProblem | None:
    if parent_id == organization_id:
        return FieldProblem("parent_id", "cycle", "An organization cannot be its own parent.")
    seen = {organization_id}
    current: int | None = parent_id
    while current is not None:
        if current in seen:
            return FieldProblem(
                "parent_id", "cycle", "That parent sits below this organization already."
            )
        seen.add(current)
        current = session.scalar(select(Organization.parent_id).where(Organization.id == current))
    return None


def create_organization(session: Session, draft: OrganizationDraft) -> OrganizationDetail:
    """Add an organization."""
    organization = insert_record(session, Organization(), lambda o: _apply(session, o, draft))
    return get_organization(session, organization.id)


def update_organization(
    session: Session, organization_id: int, draft: OrganizationDraft, expected_version: int | None
) -> OrganizationDetail:
    """Change an organization, refusing if someone else changed it since ``expected_version``."""
    edit_record(
        session,
        Organization,
        organization_id,
        KIND,
        expected_version,
        lambda o: _apply(session, o, draft),
    )
    # Its people are found by its name and acronym: keep their search text in step.
    refresh_search_text_of_members(session, organization_id)
    session.flush()
    return get_organization(session, organization_id)


def delete_organization(
    session: Session, organization_id: int, expected_version: int | None = None
) -> None:
    """Delete an organization; its affiliations, attendances and citations go with it."""
    # Its people were found by its name and acronym through the affiliations going now.
    members = member_ids(session, organization_id)
    delete_record(session, Organization, organization_id, KIND, expected_version)
    refresh_search_text(session, members)


def organization_restored(session: Session, organization_id: int) -> None:
    """An undo put a deleted organization back: its people are found by its name again."""
    refresh_search_text_of_members(session, organization_id)


def organizations_deleted(session: Session, snapshot: DeletionSnapshot) -> None:
    """Organizations went in one bulk delete: their people are no longer found by their names."""
    affiliations = Affiliation.__tablename__
    people = {row.get("contact_id") for row in snapshot.rows if row.table == affiliations}
    refresh_search_text(session, sorted(people))


def to_row(organization: Organization) -> OrganizationRow:
    """Build the table row of an organization."""
    return OrganizationRow(
        id=organization.id,
        name=organization.name,
        acronym=organization.acronym,
        kind=organization.kind,
        country=organization.country,
        parent=organization_name(organization.parent) if organization.parent else None,
        email=organization.email,
        phone=organization.phone_e164,
        website=organization.website,
        tags=tuple(t.name for t in organization.tags),
        version=organization.version,
    )


def get_organization(session: Session, organization_id: int) -> OrganizationDetail:
    """Return an organization with its children, people and sources."""
    organization = fetch(session, Organization, organization_id, KIND)
    people = session.scalars(
        select(Affiliation)
        .where(Affiliation.organization_id == organization_id)
        .options(selectinload(Affiliation.contact))
        .order_by(Affiliation.id)
    )
    return OrganizationDetail(
        row=to_row(organization),
        phone_as_typed=organization.phone,
        address=organization.address,
        notes=organization.notes,
        parent_id=organization.parent_id,
        children=tuple(
            Ref(KIND, c.id, organization_name(c))
            for c in sorted(organization.children, key=lambda c: c.name)
        ),
        people=tuple(Ref("contact", a.contact_id, contact_name(a.contact)) for a in people),
        citations=citation_rows(session, Citation.organization_id, organization_id),
    )


def list_organizations(
    session: Session,
    search: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[OrganizationRow]:
    """Return organizations by name, filtered by search text, kind and country."""
    query = select(Organization)
    condition = text_filter(Organization.search_text, search)
    if condition is not None:
        query = query.where(condition)
    if kind:
        query = query.where(Organization.kind == kind)
    if country:
        query = query.where(Organization.country == country.upper())
    rows, total = page_of(
        session,
        query,
        (func.lower(Organization.name), Organization.id),
        limit,
        offset,
        (selectinload(Organization.tags), selectinload(Organization.parent)),
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
    )
    return Page(tuple(to_row(o) for o in rows), total)
