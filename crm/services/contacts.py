"""Contacts: people with several emails and phones, affiliations over time, consent."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from crm.data.models import (
    Affiliation,
    Citation,
    Contact,
    ContactEmail,
    ContactListMember,
    ContactPhone,
    Organization,
    SocialHandle,
)
from crm.data.models.contacts import (
    CONTACT_NAME_ORDER,
    CONTACT_SORT_COLUMNS,
    OWN_FILTERS_INDEX,
    WITHOUT_ORGANIZATION_INDEX,
)
from crm.data.models.reference import contact_tags
from crm.data.storable import text_limits, too_long
from crm.domain.drafts import ContactDraft
from crm.domain.enums import ConsentStatus
from crm.domain.errors import FieldProblem
from crm.domain.queries import NO_ORGANIZATION
from crm.domain.records import (
    AffiliationRow,
    ContactDetail,
    ContactRow,
    EmailRow,
    Page,
    PhoneRow,
    Ref,
    Sort,
)
from crm.domain.text import search_document
from crm.domain.validation import (
    check_date_order,
    has_visible_text,
    normalize_country,
    optional_text,
)
from crm.services.common import (
    Problems,
    check_reference,
    citation_rows,
    delete_record,
    edit_record,
    fetch,
    insert_record,
)
from crm.services.contact_methods import (
    check_primary,
    checked_emails,
    checked_phones,
    primary_first,
    replace_children,
)
from crm.services.contact_rows import contact_rows
from crm.services.labels import organization_name
from crm.services.paging import (
    DEFAULT_LIMIT,
    Progress,
    SortKey,
    count_of,
    ordered_ids,
    ordering_of,
    page_ids,
    position_of,
)
from crm.services.search import (
    among_matches,
    contact_search,
    first_page_when_common,
    search_count,
    with_search_plan,
)
from crm.services.tags import carrying_tag, check_tag_names, resolve_tags, tagged_ids

KIND = "contact"

# Each order has an index (CONTACT_ORDER_INDEXES), so any sort pages from an index.
SORT_KEYS: dict[str, SortKey] = {
    "display_name": SortKey(None),
    **{
        name: SortKey(column, nullable) for name, (column, nullable) in CONTACT_SORT_COLUMNS.items()
    },
}


def _check_names(draft: ContactDraft, problems: Problems) -> None:
    if not any(
        has_visible_text(n) for n in (draft.given_name, draft.family_name, draft.native_name)
    ):
        problems.add(
            FieldProblem(
                "family_name",
                "required",
                "A contact needs a name: given, family, or in its original script.",
            )
        )


def _check_affiliations(session: Session, draft: ContactDraft, problems: Problems) -> None:
    for index, affiliation in enumerate(draft.affiliations):
        field = f"affiliations[{index}]"
        problems.add(
            check_reference(
                session, Organization, affiliation.organization_id, field, "organization"
            )
        )
        problems.add(
            check_date_order(
                affiliation.start_date, affiliation.end_date, field, "the affiliation starts"
            )
        )
    check_primary(
        sum(a.primary for a in draft.affiliations), "affiliations", "affiliation", problems
    )


@dataclass(frozen=True)
class CheckedContact:
    """A draft that passed every check, with its values as they will be stored."""

    draft: ContactDraft
    country: str | None
    emails: list[tuple[str, str, bool]]  # address, label, primary
    phones: list[tuple[str, str, str, bool]]  # as typed, E.164, label, primary


def check_contact(session: Session, draft: ContactDraft) -> CheckedContact:
    """Check a draft as a save would; raise one ValidationError naming every problem."""
    problems = Problems()
    _check_names(draft, problems)
    country = problems.optional(normalize_country, draft.country)
    emails = checked_emails(draft, problems)
    phones = checked_phones(draft, country, problems)
    _check_affiliations(session, draft, problems)
    if draft.consent_date is not None and draft.consent_status is ConsentStatus.UNKNOWN:
        problems.add(
            FieldProblem(
                "consent_date",
                "consent_undated",
                "A consent date needs a consent status (granted, refused or withdrawn).",
            )
        )
    _check_lengths(draft, problems)
    problems.add(check_tag_names(draft.tags))
    problems.raise_if_any()
    return CheckedContact(draft, country, emails, phones)


def _check_lengths(draft: ContactDraft, problems: Problems) -> None:
    """Note each text longer than its column (crm.data.storable).

    A draft's text fields are named as its table's columns, so each is checked as it
    stands, without building its row first: this runs for every line of an import.
    """
    problems.extend(too_long(_CONTACT_LIMITS, vars(draft)))
    if draft.languages:
        problems.extend(too_long(_CONTACT_LIMITS, {"languages": ",".join(draft.languages)}))
    for index, email in enumerate(draft.emails):
        problems.extend(too_long(_EMAIL_LIMITS, vars(email), f"emails[{index}]."))
    for index, phone in enumerate(draft.phones):
        typed = {"as_typed": phone.number, "label": phone.label}
        problems.extend(too_long(_PHONE_LIMITS, typed, f"phones[{index}]."))
    for index, affiliation in enumerate(draft.affiliations):
        field = f"affiliations[{index}]."
        problems.extend(too_long(_AFFILIATION_LIMITS, vars(affiliation), field))
    for index, social in enumerate(draft.social):
        problems.extend(too_long(_SOCIAL_LIMITS, vars(social), f"social[{index}]."))


_EMAIL_LIMITS = text_limits(ContactEmail.__table__, ("label",))
_PHONE_LIMITS = text_limits(ContactPhone.__table__, ("as_typed", "label"))
_AFFILIATION_LIMITS = text_limits(Affiliation.__table__, ("role", "department"))
_SOCIAL_LIMITS = text_limits(SocialHandle.__table__, ("network", "handle"))


def contact_columns(checked: CheckedContact) -> dict[str, Any]:
    """Return the contacts table's own columns for a checked draft, as they are stored."""
    draft = checked.draft
    columns: dict[str, Any] = {
        "prefix": optional_text(draft.prefix),
        "given_name": optional_text(draft.given_name),
        "family_name": optional_text(draft.family_name),
        "native_name": optional_text(draft.native_name),
        "name_variants": optional_text(draft.name_variants),
        "job_title": optional_text(draft.job_title),
        "is_press": draft.is_press,
        "press_role": optional_text(draft.press_role),
        "languages": ",".join(code.strip() for code in draft.languages if code.strip()) or None,
        "country": checked.country,
        "city": optional_text(draft.city),
        "notes": optional_text(draft.notes),
        "consent_status": draft.consent_status,
        "consent_date": draft.consent_date,
        "lawful_basis": draft.lawful_basis,
        "do_not_contact": draft.do_not_contact,
    }
    if draft.external_id is not None:
        columns["external_id"] = draft.external_id
    return columns


def _apply(session: Session, contact: Contact, draft: ContactDraft) -> None:
    checked = check_contact(session, draft)
    for name, value in contact_columns(checked).items():
        setattr(contact, name, value)
    contact.tags = resolve_tags(session, draft.tags)
    replace_children(session, contact, draft, checked.emails, checked.phones)
    contact.search_text = contact_search_text(session, contact)


def contact_search_text(session: Session, contact: Contact) -> str:
    """Build what a contact is found by: names, title, city, emails, phones, organizations.

    Organizations count so that typing an acronym (ALLMEP) finds its people.
    """
    organization_ids = [a.organization_id for a in contact.affiliations]
    organization_names = (
        session.execute(
            select(Organization.name, Organization.acronym)
            .where(Organization.id.in_(organization_ids))
            .order_by(Organization.id)  # as member_search rebuilds it
        ).all()
        if organization_ids
        else []
    )
    return search_text_of(
        {name: getattr(contact, name) for name in SEARCHED_COLUMNS},
        [e.address for e in contact.emails],
        [p.e164 for p in contact.phones],
        [(name, acronym) for name, acronym in organization_names],
    )


SEARCHED_COLUMNS = (
    "prefix",
    "given_name",
    "family_name",
    "native_name",
    "name_variants",
    "job_title",
    "city",
)
# The texts a draft holds as they are stored, after a strip (the country is normalised and
# checked on its own).
_CONTACT_LIMITS = text_limits(
    Contact.__table__, (*SEARCHED_COLUMNS, "press_role", "languages", "external_id")
)


def search_text_of(
    columns: dict[str, Any],
    emails: list[str],
    phones: list[str],
    organizations: list[tuple[str, str | None]],
) -> str:
    """Build a contact's search text from its stored values (see contact_search_text)."""
    return search_document(
        *(columns.get(name) for name in SEARCHED_COLUMNS),
        *emails,
        *phones,
        *(part for name, acronym in organizations for part in (name, acronym)),
    )


def create_contact(session: Session, draft: ContactDraft) -> ContactDetail:
    """Add a person."""
    contact = insert_record(session, Contact(), lambda c: _apply(session, c, draft))
    return get_contact(session, contact.id)


def update_contact(
    session: Session, contact_id: int, draft: ContactDraft, expected_version: int | None
) -> ContactDetail:
    """Change a person, refusing if someone else changed them since ``expected_version``."""
    edit_record(
        session, Contact, contact_id, KIND, expected_version, lambda c: _apply(session, c, draft)
    )
    return get_contact(session, contact_id)


def delete_contact(session: Session, contact_id: int, expected_version: int | None = None) -> None:
    """Delete a person with their emails, phones, affiliations, attendances and citations."""
    delete_record(session, Contact, contact_id, KIND, expected_version)


def current_affiliation(contact: Contact) -> Affiliation | None:
    """Return the affiliation that names a contact's organization today."""
    ongoing = [a for a in contact.affiliations if a.end_date is None]
    return next((a for a in ongoing if a.is_primary), ongoing[0] if ongoing else None)


def get_contact(session: Session, contact_id: int) -> ContactDetail:
    """Return a person with every field, their lists and their sources."""
    contact = fetch(session, Contact, contact_id, KIND)
    lists = session.scalars(
        select(ContactListMember).where(ContactListMember.contact_id == contact_id)
    )
    return ContactDetail(
        row=contact_rows(session, [contact_id])[0],
        prefix=contact.prefix,
        given_name=contact.given_name,
        family_name=contact.family_name,
        name_variants=contact.name_variants,
        emails=tuple(
            EmailRow(e.address, e.label, e.is_primary) for e in primary_first(contact.emails)
        ),
        phones=tuple(
            PhoneRow(p.as_typed, p.e164, p.label, p.is_primary)
            for p in primary_first(contact.phones)
        ),
        affiliations=tuple(
            AffiliationRow(
                organization_id=a.organization_id,
                organization=organization_name(a.organization),
                role=a.role,
                department=a.department,
                start_date=a.start_date,
                end_date=a.end_date,
                primary=a.is_primary,
            )
            for a in contact.affiliations
        ),
        social=tuple((s.network, s.handle) for s in contact.social_handles),
        press_role=contact.press_role,
        languages=tuple(contact.languages.split(",")) if contact.languages else (),
        notes=contact.notes,
        consent_status=contact.consent_status,
        consent_date=contact.consent_date,
        lawful_basis=contact.lawful_basis,
        lists=tuple(Ref("list", m.list_id, m.contact_list.name) for m in lists),
        citations=citation_rows(session, Citation.contact_id, contact_id),
    )


def list_contacts(
    session: Session,
    search: str | None = None,
    tag: str | None = None,
    organization_id: int | None = None,
    list_id: int | None = None,
    country: str | None = None,
    press_only: bool = False,
    do_not_contact: bool | None = None,
    organization_kind: str | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[ContactRow]:
    """Return people sorted by family name, filtered as a contacts table lets users filter."""
    filters: dict[str, Any] = {
        "tag": tag,
        "organization_id": organization_id,
        "list_id": list_id,
        "country": country,
        "press_only": press_only,
        "do_not_contact": do_not_contact,
        "organization_kind": organization_kind,
    }
    query = contacts_query(session, search, **filters)
    counted: int | None = None
    kind = filters["organization_kind"]
    if kind and not search and _unfiltered(session, {**filters, "organization_kind": None}):
        known = total_hint if total_hint is not None else organization_kind_count(session, kind)
        query = _of_organization_kind(session, kind, known)
        counted, total_hint = (known if count else None), known
        count = False
    if search and _unfiltered(session, filters):
        # The full-text index counts its own matches, without touching the contacts table.
        # The page's plan is chosen by their number, so they are counted even when the
        # caller did not ask and gave no hint: without, 'a' took 257 ms at a million.
        counted = search_count(session, search) if count or total_hint is None else None
        if counted is not None:
            count, total_hint = False, counted
        if total_hint is not None:
            query = with_search_plan(session, query, search, total_hint, sort)
        if total_hint is not None and offset == 0 and after_id is None:
            ordering = ordering_of(CONTACT_NAME_ORDER, sort, SORT_KEYS)
            first = first_page_when_common(session, search, total_hint, sort, ordering, limit)
            if first is not None:
                return Page(tuple(contact_rows(session, first)), counted)
    ids, total = page_ids(
        session,
        query,
        CONTACT_NAME_ORDER,
        limit,
        offset,
        sort,
        SORT_KEYS,
        count,
        total_hint,
        after_id,
        counted=_counted(session, filters, search),
    )
    return Page(tuple(contact_rows(session, ids)), total if total is not None else counted)


# A kind of organization whose people are one in this many contacts or more is common: the
# first page of them comes soonest from a walk of the name order (with_organization_kind).
COMMON_KIND_SHARE = 50


def _of_organization_kind(session: Session, kind: str, people: int) -> Select[Any]:
    """The contacts table of one organization kind and nothing else, which holds ``people``."""
    if kind == NO_ORGANIZATION:  # one test of the row, however many pass it
        return select(Contact.__table__).where(_WITHOUT_ORGANIZATION)
    # The highest id is as good a size as the exact count to choose a plan by, and SQLite
    # reads it from the end of the table's tree instead of counting a million entries.
    highest_id = session.scalar(select(func.max(Contact.id))) or 0
    common = people * COMMON_KIND_SHARE >= highest_id
    return select(Contact.__table__).where(with_organization_kind(kind, common))


def _counted(session: Session, filters: dict[str, Any], search: str | None) -> Select[Any] | None:
    """What to count for a search and these filters, if not the page's own query (then None)."""
    links = _links_counted(session, filters, search)
    if links is not None or search:
        return links
    return _own_filters_counted(session, filters)


def _own_filters_counted(session: Session, filters: dict[str, Any]) -> Select[Any] | None:
    """Two or more of the table's own filters and no other, counted from their index.

    SQLite would count them through the index of one of them, with a look in the table for
    each row it passes (OWN_FILTERS_INDEX); it is told to read the index of them all.
    """
    own = {
        "country": bool(filters["country"]),
        "press_only": bool(filters["press_only"]),
        "do_not_contact": filters["do_not_contact"] is not None,
        "organization_kind": filters["organization_kind"] == NO_ORGANIZATION,
    }
    through_other_tables = (
        filters["tag"]
        or filters["organization_id"] is not None
        or filters["list_id"] is not None
        or filters["organization_kind"] not in (None, NO_ORGANIZATION)
    )
    if through_other_tables or sum(own.values()) < 2:
        return None  # one alone has an index of its own, in name order or partial
    query = contacts_query(session, None, **filters)
    return query.with_hint(Contact, f"INDEXED BY {OWN_FILTERS_INDEX.name}", "sqlite")


def _links_counted(
    session: Session, filters: dict[str, Any], search: str | None = None
) -> Select[Any] | None:
    """What to count when a tag or a list narrows the table, else None (the page's query).

    Each link names a contact once (the table's key), so alone, their number is the list's.
    The contacts that pass the filter took a look each in the contacts table: 50,590 of a
    tag at a million, 74 ms warm and most of a second cold, against 1.3 ms from the link
    table's own index. A tag with a kind of organization is met in the link tables too
    (_tagged_people). With other filters, the tag's people are read first (IN), not asked
    of each contact that passes the others (EXISTS, as its page walks the name order): with
    press only, 67 ms against 274 ms.

    A search with a tag or a list meets its links in the full-text index's matches, without
    a look in the contacts table for each match: at a million, 'a' (408,428 matches) with
    a tag, 352 ms against 136 ms. Without that index (PostgreSQL), the page's query counts.
    """
    tag, list_id = filters["tag"], filters["list_id"]
    if not tag:
        if list_id is None or not _unfiltered(session, {**filters, "list_id": None}):
            return None  # no link, or a list with other filters: already read first (IN)
        members = ContactListMember.contact_id
        return _found_among(
            session, select(members).where(ContactListMember.list_id == list_id), search
        )
    kind = filters["organization_kind"]
    people = _found_among(session, _tagged_people(session, tag, kind), search)
    if people is None:
        return None
    rest = {**filters, "tag": None, "organization_kind": kind if _on_the_row(kind) else None}
    if _unfiltered(session, rest):
        return people
    others = contacts_query(session, None, **rest)
    if kind == NO_ORGANIZATION:
        # Each of the tag's people looked for in the small index of those without one:
        # 45 ms for the 50,590 of a tag at a million, against 121 ms through their rows.
        hint = f"INDEXED BY {WITHOUT_ORGANIZATION_INDEX.name}"
        others = others.with_hint(Contact, hint, "sqlite")
    return others.where(others.selected_columns.id.in_(people))


def _found_among(session: Session, ids: Select[Any], search: str | None) -> Select[Any] | None:
    """Those of ``ids`` (contact ids) a search finds, or all with no search; None if unknown.

    Unknown where the search needs the contacts table: no full-text index (PostgreSQL).
    """
    if not search:
        return ids
    found = among_matches(session, ids.selected_columns[0], search)
    return ids.where(found) if found is not None else None


def _on_the_row(organization_kind: str | None) -> bool:
    """Tell whether a kind of organization is a test of the contact's row ("none"), or none."""
    return organization_kind in (None, NO_ORGANIZATION)


def _tagged_people(session: Session, tag: str, organization_kind: str | None) -> Select[Any]:
    """The ids of the contacts carrying ``tag``, and tied now to an ``organization_kind``.

    A kind of organization ("none" aside) is met in the link tables: the contacts table is
    then read for the people in both alone. At a million, 3,905 people of a tag of 50,590
    at academic organizations (74,929): the count 151 -> 52 ms, the first page 141 -> 60 ms,
    against reading every academic's row.
    """
    tagged = tagged_ids(session, contact_tags, tag)
    if _on_the_row(organization_kind):
        return tagged
    assert organization_kind is not None
    linked = tagged.selected_columns[0]
    return tagged.where(linked.in_(people_of_organization_kind(organization_kind)))


def contact_position(
    session: Session,
    contact_id: int,
    search: str | None = None,
    sort: Sort | None = None,
    **filters: Any,
) -> int | None:
    """Return the row a contact takes in the filtered, sorted table, or None if not in it.

    ``filters`` are those of ``list_contacts`` (tag, country, press_only, …).
    """
    query = contacts_query(session, search, **filters)
    return position_of(session, query, CONTACT_NAME_ORDER, contact_id, sort, SORT_KEYS)


def contact_order(
    session: Session,
    search: str | None = None,
    sort: Sort | None = None,
    progress: Progress | None = None,
    **filters: Any,
) -> array[int]:
    """Return the id of every contact the filtered, sorted table shows, in its order.

    ``filters`` are those of ``list_contacts``. A table fetches this in the background and
    then reaches any row by its number, without walking an index to it.
    """
    query = contacts_query(session, search, **filters)
    if search and _unfiltered(session, filters):
        matches = search_count(session, search)
        if matches is not None:
            query = with_search_plan(session, query, search, matches, sort)
    return ordered_ids(session, query, CONTACT_NAME_ORDER, sort, SORT_KEYS, progress)


def _unfiltered(session: Session, filters: dict[str, Any]) -> bool:
    """Tell whether no filter narrows the list, so the full-text index alone counts it."""
    return contacts_query(session, None, **filters).whereclause is None


def contacts_query(
    session: Session,
    search: str | None,
    tag: str | None = None,
    organization_id: int | None = None,
    list_id: int | None = None,
    country: str | None = None,
    press_only: bool = False,
    do_not_contact: bool | None = None,
    organization_kind: str | None = None,
) -> Select[Any]:
    """Select the contacts a table's search and filters let through, in no order yet.

    Of the contacts table's own columns: the whole list's first page (the window's first
    paint) then needs no mapper set up; a filter through a relationship sets them up.
    """
    columns = Contact.__table__.c
    query = select(Contact.__table__)
    # A tag with a kind of organization or a search is met in the link tables and the
    # full-text index (_tagged_people, _found_among): the contacts table is then read for
    # the people in both alone. At a million, 'a' (408,428 matches) with a tag of 50,590:
    # each match looked up and asked for the tag, 355 ms; met first, 169 ms.
    kind_met_in_links = bool(tag) and not _on_the_row(organization_kind)
    found = None  # the tag's people the search finds, where the index can tell
    if tag and search:
        found = _found_among(session, _tagged_people(session, tag, organization_kind), search)
    if found is not None:
        query = query.where(columns.id.in_(found))
    elif tag and kind_met_in_links:
        query = query.where(columns.id.in_(_tagged_people(session, tag, organization_kind)))
    elif tag:
        query = query.where(carrying_tag(session, Contact.tags, tag))
    if found is None:
        condition = contact_search(session, columns.search_text, columns.id, search)
        if condition is not None:
            query = query.where(condition)
    if organization_id is not None:
        query = query.where(columns.id.in_(people_of(organization_id)))
    if list_id is not None:
        members = select(ContactListMember.contact_id).where(ContactListMember.list_id == list_id)
        query = query.where(columns.id.in_(members))
    if country:
        query = query.where(columns.country == country.upper())
    if press_only:
        query = query.where(columns.is_press.is_(True))
    if do_not_contact is not None:
        query = query.where(columns.do_not_contact.is_(do_not_contact))
    if organization_kind and not kind_met_in_links:
        query = query.where(with_organization_kind(organization_kind))
    return query


def people_of(organization_id: int) -> Select[int]:
    """The ids of the contacts affiliated with an organization, now or once.

    Asked as ``id IN (this)``: the database reads them from the affiliations' index. As
    EXISTS for each contact (``Contact.affiliations.any(…)``), SQLite asked it of every one
    of a million contacts: 146 s to show the 487 people of one organization.
    """
    return select(Affiliation.contact_id).where(Affiliation.organization_id == organization_id)


_WITHOUT_ORGANIZATION = Contact.__table__.c.current_organization_id.is_(None)


def with_organization_kind(kind: str, common: bool = False) -> ColumnElement[bool]:
    """People with an ongoing tie to an organization of ``kind`` (or, for "none", with none).

    The dashboard counts by the same test, so a bar and the list it opens agree. Asked as
    ``id IN`` the tied people, the database reads them first: best when they are few. When
    they are ``common``, a page comes soonest from a walk of the name order that asks each
    contact in turn (EXISTS): at a million, 75,000 people at academic organizations were
    a 115 ms sort as IN, against 3 ms walked.

    A contact with no ongoing tie has no organization today, which the database keeps on
    its row (crm.data.contact_summary) as the table's Organization column shows it: "none"
    is that empty column, with an index of its own.
    """
    if kind == NO_ORGANIZATION:
        return _WITHOUT_ORGANIZATION
    tied = select(Affiliation.contact_id).where(Affiliation.end_date.is_(None))
    if common:
        of_kind = tied.join(Organization, Organization.id == Affiliation.organization_id)
        return of_kind.where(
            Affiliation.contact_id == Contact.id, Organization.kind == kind
        ).exists()
    return Contact.id.in_(people_of_organization_kind(kind))


def people_of_organization_kind(kind: str) -> Select[Any]:
    """The ids of the contacts with an ongoing tie to an organization of ``kind`` ("none" aside).

    A person with two such ties is named twice: ask ``id IN`` this, or count it distinct.
    """
    of_kind_ids = select(Organization.id).where(Organization.kind == kind)
    tied = select(Affiliation.contact_id).where(Affiliation.end_date.is_(None))
    return tied.where(Affiliation.organization_id.in_(of_kind_ids))


def organization_kind_count(session: Session, kind: str) -> int:
    """Count the people ``with_organization_kind(kind)`` lets through, from their affiliations.

    Through the contacts, one look each: 200 ms for 75,000 people at a million, 330 ms for
    those with none; from the ongoing affiliations' index, 32 ms, and from the index of
    contacts without an organization, 5 ms.
    """
    if kind == NO_ORGANIZATION:
        without = select(Contact.__table__).where(_WITHOUT_ORGANIZATION)
        # Named, or SQLite would read the whole index of the table's own filters instead.
        hint = f"INDEXED BY {WITHOUT_ORGANIZATION_INDEX.name}"
        return count_of(session, without.with_hint(Contact, hint, "sqlite"))
    people = func.count(Affiliation.contact_id.distinct())
    tied = select(people).where(Affiliation.end_date.is_(None))
    of_kind = select(Organization.id).where(Organization.kind == kind)
    return session.scalar(tied.where(Affiliation.organization_id.in_(of_kind))) or 0
