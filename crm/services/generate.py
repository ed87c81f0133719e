"""Build a large, realistic, deterministic database for benchmarks: `convene generate`.

Rows go in through Core bulk inserts in batches (the ORM would take minutes at a million);
the search text is built by the same folding the services use, so search behaves as on real
data. Synthetic rows are not written to the change history.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import phonenumbers
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from crm.data.contact_summary import bulk_summaries, summary_of, tag_order
from crm.data.models import (
    Affiliation,
    Attendance,
    Contact,
    ContactEmail,
    ContactPhone,
    Event,
    Organization,
    Tag,
)
from crm.data.models.reference import contact_tags
from crm.data.search_index import bulk_insert_of_contacts
from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    EventKind,
    EventStatus,
    OrganizationKind,
)
from crm.domain.text import search_document

BATCH = 5000
Progress = Callable[[str, int, int], None]

# (given, family, native given, native family): Latin with accents, Arabic, Hebrew.
LATIN_GIVEN = [
    "Jürgen",
    "Zoë",
    "José",
    "Anaïs",
    "Łukasz",
    "Søren",
    "Inés",
    "Noël",
    "Agnès",
    "Björn",
    "Chloé",
    "Ángel",
    "Dvořák",
    "Émilie",
    "Frédéric",
    "Ólafur",
    "Marta",
    "John",
    "Sarah",
    "Lena",
    "Pietro",
    "Giulia",
    "Hannah",
    "Tomás",
]
LATIN_FAMILY = [
    "Müller",
    "Lefèvre",
    "García",
    "Nuñez",
    "Kowalski",
    "Sørensen",
    "Dupré",
    "Østergaard",
    "Rossi",
    "O'Brien",
    "Schäfer",
    "Lindqvist",
    "Moreau",
    "Ferreira",
    "Novák",
    "Smith",
    "Bianchi",
    "Jónsdóttir",
    "Weiß",
    "Çelik",
]
ARABIC = [
    ("Mohammed", "محمد"),
    ("Ahmed", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Omar", "عمر"),
    ("Layla", "ليلى"),
    ("Yousef", "يوسف"),
    ("Nour", "نور"),
    ("Rami", "رامي"),
    ("Amira", "أميرة"),
    ("Khalil", "خليل"),
]
ARABIC_FAMILY = [
    ("Haddad", "حداد"),
    ("Khoury", "خوري"),
    ("Nasser", "ناصر"),
    ("Saleh", "صالح"),
    ("Abbas", "عباس"),
    ("Mansour", "منصور"),
    ("Hamdan", "حمدان"),
]
HEBREW = [
    ("Yosef", "יוסף"),
    ("Sarah", "שרה"),
    ("David", "דוד"),
    ("Noa", "נועה"),
    ("Avi", "אבי"),
    ("Tamar", "תמר"),
    ("Eitan", "איתן"),
    ("Michal", "מיכל"),
]
HEBREW_FAMILY = [
    ("Cohen", "כהן"),
    ("Levi", "לוי"),
    ("Mizrahi", "מזרחי"),
    ("Peretz", "פרץ"),
    ("Biton", "ביטון"),
    ("Friedman", "פרידמן"),
]
ORG_WORDS = [
    "Peace",
    "Dialogue",
    "Civil Society",
    "Women",
    "Youth",
    "Justice",
    "Future",
    "Coexistence",
    "Mediation",
    "Rights",
    "Bridges",
    "Voices",
    "Reconciliation",
]
ORG_FORMS = [
    "{} Network",
    "Centre for {}",
    "{} Forum",
    "Alliance for {}",
    "{} Institute",
    "Coalition for {}",
    "{} Foundation",
    "Council on {}",
]
COUNTRIES = ["FR", "DE", "IL", "PS", "JO", "EG", "LB", "US", "GB", "IT", "ES", "NO", "CH", "CA"]
PHONE_REGIONS = ["FR", "DE", "IL", "JO", "EG", "US", "GB", "IT", "ES", "NO", "CH", "CA"]
TITLES = [
    "Director",
    "Programme officer",
    "Journalist",
    "Minister",
    "Coordinator",
    "Researcher",
    "Press officer",
    "Ambassador",
    "Chair",
    "Advocacy lead",
]
TAGS = [
    "press",
    "donor",
    "speaker",
    "youth",
    "women",
    "academia",
    "government",
    "media",
    "board",
    "partner",
    "2025",
    "2026",
    "Paris",
    "Jerusalem",
    "Amman",
]


@dataclass(frozen=True)
class GenerationReport:
    """How many rows of each kind were added."""

    organizations: int
    contacts: int
    events: int
    attendances: int


def _phone_pool(rng: random.Random, size: int) -> list[str]:
    """Valid E.164 numbers in many countries: example numbers with their last digits varied."""
    pool: dict[str, None] = {}  # ordered and free of repeats: a contact's numbers must differ
    while len(pool) < size:
        region = rng.choice(PHONE_REGIONS)
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if example is None:
            continue
        national = str(example.national_number)
        varied = national[:-4] + f"{rng.randrange(10_000):04d}"
        number = phonenumbers.parse(f"+{example.country_code}{varied}")
        if phonenumbers.is_valid_number(number):
            pool[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = None
    return list(pool)


def _person(rng: random.Random) -> tuple[str, str, str | None]:
    script = rng.random()
    if script < 0.2:
        (given, native_given), (family, native_family) = (
            rng.choice(ARABIC),
            rng.choice(ARABIC_FAMILY),
        )
        return given, family, f"{native_given} {native_family}"
    if script < 0.35:
        (given, native_given), (family, native_family) = (
            rng.choice(HEBREW),
            rng.choice(HEBREW_FAMILY),
        )
        return given, family, f"{native_given} {native_family}"
    return rng.choice(LATIN_GIVEN), rng.choice(LATIN_FAMILY), None


def _insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    # Into the table, not the mapped class: a contact's summary columns are not mapped.
    table = model.__table__
    return list(session.scalars(insert(table).returning(table.c.id), list(rows)))


def _plain_ascii(text: str) -> str:
    return "".join(c for c in search_document(text).split()[0] if c.isalnum()) or "x"


def generate(
    session: Session,
    contacts: int,
    organizations: int = 0,
    events: int = 0,
    seed: int = 1,
    progress: Progress | None = None,
) -> GenerationReport:
    """Add organizations, contacts, events and participants; one seed gives the same data.

    Contacts come with emails, phones, affiliations and tags; the first event gets 5,000
    participants, the others fewer.
    """
    rng = random.Random(seed)
    organizations = organizations or max(10, contacts // 500)
    events = events or max(3, contacts // 20_000)
    phones = _phone_pool(rng, 2000)
    tag_ids = _tags(session)
    organization_names = _organizations(session, rng, organizations)
    org_ids = list(organization_names)
    contact_ids: list[int] = []
    connection = session.connection()
    tag_name = {i: name for i, name in session.execute(select(Tag.id, Tag.name))}
    order_of_tags = tag_order(connection)

    def summary(emails: list[str], numbers: list[str], org_id: int | None, tags: list[int]) -> Any:
        return summary_of(
            [(address, n == 0) for n, address in enumerate(emails)],  # the first is primary
            [(number, n == 0) for n, number in enumerate(numbers)],
            [(org_id, True, None, None)] if org_id is not None else [],
            [tag_name[t] for t in tags],
            order_of_tags,
        )

    # The search index is filled once at the end, not by a trigger per row (4x faster), and
    # each contact is written with its summary, not rewritten by a trigger per row of it.
    with bulk_insert_of_contacts(connection), bulk_summaries(connection):
        for start in range(0, contacts, BATCH):
            count = min(BATCH, contacts - start)
            contact_ids.extend(
                _contacts(session, rng, start, count, organization_names, tag_ids, phones, summary)
            )
            if progress is not None:
                progress("contacts", start + count, contacts)
    attendance_count = _events(session, rng, events, contact_ids, org_ids)
    session.flush()
    return GenerationReport(organizations, contacts, events, attendance_count)


def _tags(session: Session) -> list[int]:
    existing = {name: tag_id for name, tag_id in session.execute(select(Tag.name, Tag.id))}
    missing = [{"name": t} for t in TAGS if t not in existing]
    _insert(session, Tag, missing)
    return list(session.scalars(select(Tag.id).where(Tag.name.in_(TAGS))))


def _organizations(
    session: Session, rng: random.Random, count: int
) -> dict[int, tuple[str, str | None]]:
    """Add ``count`` organizations; return each one's name and acronym by id."""
    rows = []
    names: list[tuple[str, str | None]] = []
    kinds = list(OrganizationKind)
    for n in range(count):
        name = f"{rng.choice(ORG_FORMS).format(rng.choice(ORG_WORDS))} {n + 1}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:6] + str(n + 1)
        names.append((name, acronym))
        rows.append(
            {
                "name": name,
                "acronym": acronym,
                "kind": rng.choice(kinds),
                "country": rng.choice(COUNTRIES),
                "version": 1,
                "search_text": search_document(name, acronym),
            }
        )
    ids = _insert(session, Organization, rows)
    return dict(zip(ids, names, strict=True))


def _contacts(
    session: Session,
    rng: random.Random,
    start: int,
    count: int,
    organizations: dict[int, tuple[str, str | None]],
    tag_ids: list[int],
    phones: list[str],
    summary: Callable[[list[str], list[str], int | None, list[int]], dict[str, Any]],
) -> list[int]:
    org_ids = list(organizations)
    people = [_person(rng) for _ in range(count)]
    rows, extras = [], []
    for offset, (given, family, native) in enumerate(people):
        n = start + offset
        local = f"{_plain_ascii(given)}.{_plain_ascii(family)}.{n}"
        emails = [f"{local}@example.org"] + (
            [f"{local}@mail.example.net"] if rng.random() < 0.3 else []
        )
        numbers = rng.sample(phones, k=rng.choice((0, 1, 1, 2)))
        title = rng.choice(TITLES)
        rows.append(
            {
                "given_name": given,
                "family_name": family,
                "native_name": native,
                "job_title": title,
                "country": rng.choice(COUNTRIES),
                "is_press": title in ("Journalist", "Press officer"),
                "do_not_contact": rng.random() < 0.02,
                "consent_status": "unknown",
                "version": 1,
            }
        )
        extras.append((emails, numbers, (given, family, native, title)))
    # Each person's organization and tags, drawn in the order they always were (one seed,
    # the same people), before the search text: a save puts the organization's name and
    # acronym in it, so that its people are found by them here too.
    links = []
    for row, (emails, numbers, words) in zip(rows, extras, strict=True):
        org_id = rng.choice(org_ids) if org_ids and rng.random() < 0.85 else None
        tags = rng.sample(tag_ids, k=rng.choice((0, 0, 1, 2)))
        links.append((org_id, tags))
        named = organizations[org_id] if org_id is not None else (None, None)
        row["search_text"] = search_document(*words, *emails, *numbers, *named)
        row.update(summary(emails, numbers, org_id, tags))
    ids = _insert(session, Contact, rows)
    email_rows, phone_rows, affiliation_rows, tag_rows = [], [], [], []
    for contact_id, (emails, numbers, _words), (org_id, tags) in zip(
        ids, extras, links, strict=True
    ):
        email_rows += [
            {"contact_id": contact_id, "address": a, "label": "work", "is_primary": i == 0}
            for i, a in enumerate(emails)
        ]
        phone_rows += [
            {
                "contact_id": contact_id,
                "as_typed": p,
                "e164": p,
                "label": "mobile",
                "is_primary": i == 0,
            }
            for i, p in enumerate(numbers)
        ]
        if org_id is not None:
            affiliation_rows.append(
                {"contact_id": contact_id, "organization_id": org_id, "is_primary": True}
            )
        tag_rows += [{"contact_id": contact_id, "tag_id": t} for t in tags]
    for model, batch in (
        (ContactEmail, email_rows),
        (ContactPhone, phone_rows),
        (Affiliation, affiliation_rows),
    ):
        if batch:
            session.execute(insert(model), batch)
    if tag_rows:
        session.execute(insert(contact_tags), tag_rows)
    return ids


def _events(
    session: Session, rng: random.Random, count: int, contact_ids: list[int], org_ids: list[int]
) -> int:
    rows = []
    day = date(2016, 1, 1)
    for n in range(count):
        day += timedelta(days=rng.randrange(20, 120))
        name = f"{rng.choice(ORG_WORDS)} conference {day.year} #{n + 1}"
        rows.append(
            {
                "name": name,
                "kind": EventKind.CONFERENCE,
                "status": EventStatus.HELD,
                "start_date": day,
                "city": rng.choice(["Paris", "Amman", "Geneva", "Oslo"]),
                "version": 1,
                "search_text": search_document(name),
            }
        )
    event_ids = _insert(session, Event, rows)
    total = 0
    statuses = list(AttendanceStatus)
    for index, event_id in enumerate(event_ids):
        # The first event is the big one (5,000 participants); the others smaller.
        size = min(len(contact_ids), 5000 if index == 0 else rng.randrange(50, 800))
        chosen = rng.sample(contact_ids, k=size)
        batch = [
            {
                "event_id": event_id,
                "contact_id": c,
                "role": AttendanceRole.PARTICIPANT,
                "status": rng.choice(statuses),
                "version": 1,
            }
            for c in chosen
        ]
        for start in range(0, len(batch), BATCH):
            session.execute(insert(Attendance), batch[start : start + BATCH])
        total += size
    return total
