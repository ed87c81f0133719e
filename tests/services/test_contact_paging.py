"""Contacts at scale: pages from either end, positions, counts and the full-text index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from crm.data.models import Affiliation, Contact, Organization, Tag
from crm.data.models.reference import contact_tags
from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, ContactListDraft, EmailDraft
from crm.domain.enums import RecordKind
from crm.domain.queries import NO_ORGANIZATION, ListQuery
from crm.domain.records import ContactDetail, Sort
from crm.services import contacts, generate
from crm.services.contacts import SORT_KEYS
from crm.services.lists import create_list
from crm.services.opening import open_database
from crm.services.workspace import Workspace

CONTACTS = RecordKind.CONTACTS
SORTABLE = sorted(SORT_KEYS)


@pytest.fixture
def crowd(db: Database) -> Workspace:
    """A workspace on 1,200 generated contacts (names in three scripts, emails, phones)."""
    with db.unit_of_work() as session:
        generate.generate(session, contacts=1200, seed=7)
    return Workspace(db)


def _all_ids(workspace: Workspace, query: ListQuery) -> list[int]:
    ids: list[int] = []
    while True:
        rows = workspace.page(CONTACTS, query, len(ids), 500, count=False).rows
        ids.extend(r.id for r in rows)
        if len(rows) < 500:
            return ids


@pytest.mark.parametrize(
    "sort",
    [None, Sort("display_name", True), Sort("city"), Sort("country", True), Sort("is_press")],
)
def test_a_page_read_from_the_end_matches_the_same_page_read_from_the_start(
    crowd: Workspace, sort: Sort | None
) -> None:
    """A deep page, read backwards from the end when the total is known, is the same page."""
    query = ListQuery(sort=sort)
    everything = _all_ids(crowd, query)
    total = len(everything)
    assert total == 1200
    for offset in (0, 599, 600, 601, 1000, 1150):
        page = crowd.page(CONTACTS, query, offset, 200, count=False, total_hint=total)
        assert [r.id for r in page.rows] == everything[offset : offset + 200], offset
        if offset:  # continuing from the row above gives the same page as counting to it
            after = everything[offset - 1]
            page = crowd.page(CONTACTS, query, offset, 200, count=False, after_id=after)
            assert [r.id for r in page.rows] == everything[offset : offset + 200], offset


def test_empty_cells_sort_last_both_ways(crowd: Workspace) -> None:
    """Contacts without a city come after the others, ascending and descending."""
    for descending in (False, True):
        query = ListQuery(sort=Sort("city", descending))
        cities = [r.city for r in crowd.page(CONTACTS, query, 0, 1200).rows]
        filled = [c for c in cities if c is not None]
        assert cities == filled + [None] * (len(cities) - len(filled))
        assert filled == sorted(filled, reverse=descending)


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(),
        ListQuery(sort=Sort("job_title", True)),
        ListQuery(sort=Sort("city")),
        ListQuery(search="mu"),
        ListQuery(filters=(("press_only", True),), sort=Sort("country")),
    ],
)
def test_the_position_of_a_record_is_its_row_in_the_list(
    crowd: Workspace, query: ListQuery
) -> None:
    """The table scrolls to a record it has not fetched: its position is its row."""
    everything = _all_ids(crowd, query)
    for row in (0, len(everything) // 3, len(everything) - 1):
        assert crowd.position(CONTACTS, query, everything[row]) == row
    outside = next(i for i in range(1, 5000) if i not in set(everything))
    assert crowd.position(CONTACTS, query, outside) is None


def test_counts_are_exact_and_match_the_rows(crowd: Workspace) -> None:
    """The count in the status bar is the number of rows the table can show."""
    for query in (
        ListQuery(),
        ListQuery(search="mu"),
        ListQuery(search="example"),
        ListQuery(search="mu", filters=(("press_only", True),)),
    ):
        assert crowd.page(CONTACTS, query, 0, 10).total == len(_all_ids(crowd, query))


def test_search_finds_the_start_of_any_word(
    make_contact: Callable[..., ContactDetail], db: Database
) -> None:
    """Search as you type: a name's start, part of an email, a phone, in any script."""
    make_contact(
        given_name="Jürgen",
        family_name="Müller-Lüdenscheidt",
        emails=(EmailDraft("j.mueller@allmep.org"),),
    )
    make_contact(given_name="محمد", family_name="عباس")
    make_contact(given_name="Yosef", family_name="Cohen", native_name="יוסף כהן")
    workspace = Workspace(db)

    def names(text: str) -> list[str]:
        page = workspace.page(CONTACTS, ListQuery(search=text), 0, 50)
        assert page.total == len(page.rows)
        return sorted(r.display_name for r in page.rows)

    assert names("mul") == ["Jürgen Müller-Lüdenscheidt"]
    assert names("LÜDEN") == ["Jürgen Müller-Lüdenscheidt"]
    assert names("allmep") == ["Jürgen Müller-Lüdenscheidt"]
    assert names("j.mue") == ["Jürgen Müller-Lüdenscheidt"]
    assert names("muhammad") == ["محمد عباس"]
    assert names("יוס") == ["Yosef Cohen"]
    assert names("jur zzz") == []


@pytest.mark.parametrize(
    "typed", ['"', "*", "mul*", "NEAR(a b)", "a AND", "(", ")", "'", "%", "_", "-", "^mu", ":"]
)
def test_search_syntax_in_what_is_typed_is_just_text(
    make_contact: Callable[..., ContactDetail], db: Database, typed: str
) -> None:
    """Quotes, stars, NEAR or brackets never reach the index as syntax, nor fail."""
    make_contact(given_name="Jürgen", family_name="Müller")
    page = Workspace(db).page(CONTACTS, ListQuery(search=typed), 0, 50)
    assert page.total == len(page.rows)


def test_the_index_follows_edits_and_deletes(
    make_contact: Callable[..., ContactDetail], db: Database
) -> None:
    """A renamed contact is found by its new name only; a deleted one is found no more."""
    workspace = Workspace(db)
    contact = make_contact(given_name="Amira", family_name="Haddad")
    found = workspace.page(CONTACTS, ListQuery(search="haddad"), 0, 5)
    assert [r.id for r in found.rows] == [contact.row.id]
    workspace.update(
        CONTACTS,
        contact.row.id,
        ContactDraft(given_name="Amira", family_name="Khoury"),
        contact.row.version,
    )
    assert workspace.page(CONTACTS, ListQuery(search="haddad"), 0, 5).total == 0
    assert workspace.page(CONTACTS, ListQuery(search="khou"), 0, 5).total == 1
    deleted = workspace.delete(CONTACTS, contact.row.id, None)
    assert workspace.page(CONTACTS, ListQuery(search="khou"), 0, 5).total == 0
    workspace.restore(deleted)
    assert workspace.page(CONTACTS, ListQuery(search="khou"), 0, 5).total == 1


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(),
        *(ListQuery(sort=Sort(key, d)) for key in SORTABLE for d in (False, True)),
        ListQuery(filters=(("country", "FR"),)),
    ],
)
def test_every_order_is_read_from_an_index_not_sorted(tmp_path: Path, query: ListQuery) -> None:
    """At a million contacts a sort of the whole table is a second; each order has its index.

    The page query the service really runs is captured and explained by SQLite; a bound
    parameter where the index has a literal, or a missing index, shows as a temporary B-tree.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    details = _page_plan(database, query)
    assert "TEMP B-TREE" not in details, details
    database.dispose()


def test_the_people_of_one_organization_are_read_from_its_affiliations(tmp_path: Path) -> None:
    """Its affiliations name them; the table is not walked asking each contact in turn.

    Asked as EXISTS for each contact in name order, SQLite took 146 s at a million
    contacts to show the 487 people of one organization (and an import checking names at
    200 organizations, hours); read from the affiliations' index, 8 ms.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    details = _page_plan(database, ListQuery(filters=(("organization_id", 1),)))
    assert details.startswith("SEARCH contacts USING INTEGER PRIMARY KEY"), details
    assert "CORRELATED" not in details, details
    database.dispose()


def test_a_tag_or_a_list_alone_is_counted_exactly_from_its_links(
    db: Database, crowd: Workspace
) -> None:
    """The status bar's count of a tag or a list is the number of rows the table shows.

    Alone, either is counted from its link table (see the plan test below); with another
    filter, from the contacts that pass both.
    """
    with db.unit_of_work() as session:
        tagged = session.execute(
            select(Tag.name, func.count())
            .join(contact_tags, contact_tags.c.tag_id == Tag.id)
            .group_by(Tag.name)
            .order_by(func.count().desc())
        ).first()
        assert tagged is not None
        tag = tagged[0]
        everyone = _all_ids(crowd, ListQuery())
        invitees = ContactListDraft("Invitees", contact_ids=tuple(everyone[::3]))
        list_id = create_list(session, invitees).row.id
    queries = [
        ListQuery(filters=(("tag", tag),)),
        ListQuery(filters=(("tag", tag.upper()),)),  # a tag in any letter case
        ListQuery(filters=(("tag", tag), ("press_only", True))),
        ListQuery(filters=(("tag", tag), ("list_id", list_id))),
        ListQuery(filters=(("tag", "no such tag"),)),
        ListQuery(filters=(("list_id", list_id),)),
        ListQuery(filters=(("list_id", list_id), ("country", "FR"))),
        ListQuery(search="a", filters=(("tag", tag),)),
    ]
    for query in queries:
        shown = _all_ids(crowd, query)
        assert crowd.page(CONTACTS, query, 0, 50).total == len(shown), query
    assert len(_all_ids(crowd, queries[0])) == tagged[1]
    assert len(_all_ids(crowd, queries[5])) == 400


def test_a_tag_is_counted_from_its_links_alone_or_read_first_with_other_filters(
    tmp_path: Path,
) -> None:
    """Alone, the count reads the tag's links only; with another filter, their list first.

    Counted through the contacts, a tag of 50,590 people at a million took 74 ms warm and
    most of a second cold; from its links' own index, 1.3 ms. With press only, asked of
    each press contact in turn (EXISTS), 274 ms; its people read first (IN), 67 ms.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=50, seed=5)
        tag = session.scalars(select(Tag.name)).first()
    alone = _count_plan(database, ListQuery(filters=(("tag", tag),)))
    assert alone == "SEARCH contact_tags USING COVERING INDEX ix_contact_tags_tag_id (tag_id=?)"
    with_press = _count_plan(database, ListQuery(filters=(("tag", tag), ("press_only", True))))
    assert "LIST SUBQUERY" in with_press and "CORRELATED" not in with_press, with_press
    database.dispose()


def _most_used_tag(session: Session) -> str:
    """The name of the tag on the most contacts."""
    name = session.scalars(
        select(Tag.name)
        .join(contact_tags, contact_tags.c.tag_id == Tag.id)
        .group_by(Tag.name)
        .order_by(func.count().desc())
    ).first()
    assert name is not None
    return name


def test_a_tag_with_a_kind_of_organization_shows_the_people_in_both(
    db: Database, crowd: Workspace
) -> None:
    """The tag's people tied now to an organization of the kind (or with none), in order.

    Met in the link tables (see the plan test below), counted exactly, with or without a
    filter of the table's own.
    """
    with db.unit_of_work() as session:
        tag = _most_used_tag(session)
        kinds = {kind.value for kind in session.scalars(select(Organization.kind).distinct())}
    tagged = _all_ids(crowd, ListQuery(filters=(("tag", tag),)))
    for kind in [*sorted(kinds), NO_ORGANIZATION]:
        for extra in [(), (("press_only", True),)]:
            of_kind = set(_all_ids(crowd, ListQuery(filters=(("organization_kind", kind), *extra))))
            query = ListQuery(filters=(("tag", tag), ("organization_kind", kind), *extra))
            shown = _all_ids(crowd, query)
            assert shown == [i for i in tagged if i in of_kind], query
            assert crowd.page(CONTACTS, query, 0, 20).total == len(shown), query
    both = ListQuery(filters=(("tag", tag), ("organization_kind", "academic")))
    assert _all_ids(crowd, both), "the generated contacts hold tagged academics"


def test_a_tag_with_a_kind_of_organization_is_counted_without_every_persons_row(
    tmp_path: Path,
) -> None:
    """The tag's links meet the kind's ongoing ties; "none" looks in its own small index.

    At a million, 3,905 people of a tag of 50,590 at academic organizations (74,929):
    counted through every academic's row, 151 ms; met in the link tables, 52 ms.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=50, seed=5)
        tag = session.scalars(select(Tag.name)).first()
    academic = _count_plan(
        database, ListQuery(filters=(("tag", tag), ("organization_kind", "academic")))
    )
    assert academic.startswith("SEARCH contact_tags"), academic
    assert "contacts" not in academic.replace("contact_tags", ""), academic
    none = _count_plan(database, ListQuery(filters=(("tag", tag), ("organization_kind", "none"))))
    assert "ix_contacts_without_organization" in none, none
    database.dispose()


def test_a_search_with_a_tag_or_a_list_shows_the_matches_among_its_people(
    db: Database, crowd: Workspace
) -> None:
    """A search with a tag, a list or a kind of organization: the matches in both, in order.

    On SQLite, met in the link table and the full-text index (see the plan test below);
    counted exactly either way.
    """
    with db.unit_of_work() as session:
        tag = _most_used_tag(session)
        everyone = _all_ids(crowd, ListQuery())
        invitees = ContactListDraft("Invitees", contact_ids=tuple(everyone[::3]))
        list_id = create_list(session, invitees).row.id
    for search in ("a", "mu", "example"):
        found = set(_all_ids(crowd, ListQuery(search=search)))
        for filters in (
            (("tag", tag),),
            (("tag", tag.upper()),),
            (("tag", tag), ("organization_kind", "academic")),
            (("tag", tag), ("organization_kind", NO_ORGANIZATION)),
            (("tag", tag), ("press_only", True)),
            (("list_id", list_id),),
        ):
            narrowed = _all_ids(crowd, ListQuery(filters=filters))
            query = ListQuery(search=search, filters=filters)
            shown = _all_ids(crowd, query)
            assert shown == [i for i in narrowed if i in found], query
            assert crowd.page(CONTACTS, query, 0, 20).total == len(shown), query
    assert _all_ids(crowd, ListQuery(search="a", filters=(("tag", tag),)))


def test_a_search_with_a_tag_is_counted_from_the_links_and_the_index(tmp_path: Path) -> None:
    """The tag's links meet the search's matches: no look in the contacts table per match.

    At a million, 'a' (408,428 matches) with a tag of 50,590: 352 ms through each match's
    row, 136 ms met in the link table.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=50, seed=5)
        tag = session.scalars(select(Tag.name)).first()
    plan = _count_plan(database, ListQuery(search="a", filters=(("tag", tag),)))
    assert plan.startswith("SEARCH contact_tags"), plan
    assert "contacts_search" in plan, plan
    assert "contacts " not in plan.replace("contact_tags", "") + " ", plan
    database.dispose()


OWN_FILTERS: list[tuple[str, Any]] = [
    ("press_only", True),
    ("country", "FR"),
    ("do_not_contact", True),
    ("do_not_contact", False),
    ("organization_kind", NO_ORGANIZATION),
]
OWN_FILTER_PAIRS = [
    (first, second)
    for index, first in enumerate(OWN_FILTERS)
    for second in OWN_FILTERS[index + 1 :]
    if first[0] != second[0]
]


def test_the_tables_own_filters_together_are_counted_exactly(crowd: Workspace) -> None:
    """Press only, a country, do-not-contact and no organization: any two or three of them.

    Each pair is counted from the index of them all (see the plan test below); the count
    is the number of rows the table shows.
    """
    queries = [ListQuery(filters=pair) for pair in OWN_FILTER_PAIRS]
    queries.append(ListQuery(filters=(*OWN_FILTERS[:2], ("organization_kind", NO_ORGANIZATION))))
    for query in queries:
        shown = _all_ids(crowd, query)
        assert crowd.page(CONTACTS, query, 0, 50).total == len(shown), query
    press_in_france = _all_ids(crowd, ListQuery(filters=tuple(OWN_FILTERS[:2])))
    assert press_in_france, "the generated contacts hold press people in France"


def test_the_tables_own_filters_together_are_counted_from_their_index_alone(
    tmp_path: Path,
) -> None:
    """Two of the table's own filters are counted without a look in the table per row.

    Through the index of one of them, each row it passed was looked up for the other: at a
    million, press only in France took 0.5 s warm and 6 s from a cold file; from the index
    of them all, under 1 ms. "No organization" alone keeps its own small index.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=50, seed=5)
    for pair in OWN_FILTER_PAIRS:
        plan = _count_plan(database, ListQuery(filters=pair))
        assert "COVERING INDEX ix_contacts_by_own_filters" in plan, (pair, plan)
    none = _count_plan(database, ListQuery(filters=(("organization_kind", NO_ORGANIZATION),)))
    assert "ix_contacts_without_organization" in none, none
    database.dispose()


def _count_plan(database: Database, query: ListQuery) -> str:
    """Explain the count a first page of contacts really runs."""
    counts: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("SELECT count(*)"):
            counts.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    Workspace(database).page(CONTACTS, query, 0, 100)
    event.remove(database.engine, "before_cursor_execute", capture)
    [(statement, parameters)] = counts
    with database.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return " / ".join(str(row[-1]) for row in plan)


@pytest.mark.parametrize("share", [1, 1_000_000], ids=["read-first", "walked"])
def test_the_people_of_each_kind_of_organization_are_those_tied_to_one_now(
    db: Database, crowd: Workspace, monkeypatch: pytest.MonkeyPatch, share: int
) -> None:
    """Each kind's list holds the contacts with an ongoing tie to one, counted exactly.

    Few people of a kind are read first and sorted; many are found by a walk of the name
    order. ``share`` makes every kind read first, or every kind walked: the same rows.
    """
    monkeypatch.setattr(contacts, "COMMON_KIND_SHARE", share)
    with db.unit_of_work() as session:
        first_contact = session.scalar(select(func.min(Affiliation.contact_id)))
        ended = session.scalars(
            select(Affiliation).where(Affiliation.contact_id == first_contact)
        ).all()
        for affiliation in ended:  # a past tie is no tie now
            affiliation.end_date = date(2020, 1, 1)
            affiliation.start_date = None
    with db.unit_of_work() as session:
        ongoing = session.execute(
            select(Organization.kind, Affiliation.contact_id)
            .join(Affiliation, Affiliation.organization_id == Organization.id)
            .where(Affiliation.end_date.is_(None))
        ).all()
        everyone = set(session.scalars(select(Contact.id)))
    people: dict[str, set[int]] = {}
    for organization_kind, contact_id in ongoing:
        people.setdefault(organization_kind.value, set()).add(contact_id)
    people[NO_ORGANIZATION] = everyone - {contact_id for _, contact_id in ongoing}
    assert first_contact in people[NO_ORGANIZATION]
    whole = _all_ids(crowd, ListQuery())
    for kind, expected in people.items():
        query = ListQuery(filters=(("organization_kind", kind),))
        shown = _all_ids(crowd, query)
        assert shown == [i for i in whole if i in expected], kind  # in the table's order
        assert crowd.page(CONTACTS, query, 0, 50).total == len(expected), kind
        deep = crowd.page(CONTACTS, query, len(expected) - 5, 50, count=False)
        assert [r.id for r in deep.rows] == shown[-5:], kind


def test_a_common_kind_of_organization_is_walked_in_name_order(tmp_path: Path) -> None:
    """A kind of many people is found by the name order, asking each contact's ties.

    Read first (IN), the 75,000 people at academic organizations at a million were sorted
    for each page: 115 ms. The walk finds the first page in 3 ms.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=300, seed=5)
    details = _page_plan(database, ListQuery(filters=(("organization_kind", "academic"),)))
    assert details.startswith("SCAN contacts USING INDEX ix_contacts_by_name"), details
    assert "ix_affiliations_ongoing_by_contact" in details, details
    alone = _page_plan(database, ListQuery(filters=(("organization_kind", "none"),)))
    assert alone.startswith("SCAN contacts USING INDEX ix_contacts_by_name"), alone
    assert "LIST SUBQUERY" not in alone, alone  # not every tied contact read first
    database.dispose()


def _page_plan(database: Database, query: ListQuery, count: bool = True) -> str:
    """Explain the query a first page of contacts really runs."""
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        # The page's ids: by an index, or by a walk of the order's first rows (a common term)
        ids_by_index = statement.startswith("SELECT contacts.id \nFROM contacts")
        if (ids_by_index or statement.startswith("SELECT anon_1.contact_id")) and (
            "ORDER BY" in statement
        ):
            captured.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    Workspace(database).page(CONTACTS, query, 0, 100, count=count)
    event.remove(database.engine, "before_cursor_execute", capture)
    (statement, parameters), *_ = captured
    with database.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return " / ".join(str(row[-1]) for row in plan)


def test_a_search_puts_its_matches_in_order_through_the_index_chosen_for_it(
    tmp_path: Path,
) -> None:
    """Few matches are sorted from the narrow index of sort keys; many walk the name order.

    The walk asks the full-text index about each row it passes. Both are hints SQLite
    must be given (its planner reads each match's whole row), and SQLAlchemy drops table
    hints on SQLite unless the engine's compiler writes them.
    """
    database = open_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    with database.unit_of_work() as session:
        generate.generate(session, contacts=300, seed=5)
    rare = _page_plan(database, ListQuery(search="lefevre jose"))
    assert "COVERING INDEX ix_contacts_sort_keys" in rare, rare
    common = _page_plan(database, ListQuery(search="a"))
    walked = "SCAN contacts USING INDEX ix_contacts_by_name" in common
    assert walked and "VIRTUAL TABLE INDEX 0:=M" in common, common  # each row asked of the index
    # Not asked to count, and told no total, the page still counts the matches to choose:
    # without that plan, 'a' took 257 ms at a million contacts against 16 ms.
    assert _page_plan(database, ListQuery(search="a"), count=False) == common
    assert _page_plan(database, ListQuery(search="lefevre jose"), count=False) == rare
    database.dispose()


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(),
        ListQuery(search="mu"),
        ListQuery(search="a", sort=Sort("city", True)),
        ListQuery(sort=Sort("country")),
        ListQuery(filters=(("press_only", True),), sort=Sort("job_title", True)),
    ],
)
def test_the_whole_order_of_a_list_is_its_pages_end_to_end(
    crowd: Workspace, query: ListQuery
) -> None:
    """The ids a table keeps for jumps are the list's rows, in the order pages show them."""
    assert list(crowd.order(CONTACTS, query) or ()) == _all_ids(crowd, query)


def test_a_search_hands_over_its_matches_only_while_they_are_few(
    db: Database, crowd: Workspace
) -> None:
    """The full-text index gives a search's ids; PostgreSQL, with no such index, gives none."""
    found = crowd.matches(CONTACTS, "a", 10_000)
    if db.engine.dialect.name != "sqlite":
        assert found is None
        return
    assert found is not None
    assert sorted(found) == sorted(_all_ids(crowd, ListQuery(search="a")))
    assert crowd.matches(CONTACTS, "a", len(found) - 1) is None
    assert list(crowd.matches(CONTACTS, "a", len(found)) or ()) == list(found)


@pytest.mark.parametrize("sort", [None, Sort("display_name", True), Sort("city", True)])
@pytest.mark.parametrize("limit", [40, 1000])
def test_a_common_search_walks_to_the_same_first_page(
    crowd: Workspace, sort: Sort | None, limit: int
) -> None:
    """A term matching many is found by walking the order; the page is the sorted one's.

    With 1,000 rows asked for, the bounded walk falls short and the matches are sorted.
    """
    query = ListQuery(search="a", sort=sort)
    everyone = list(crowd.order(CONTACTS, query) or ())
    page = crowd.page(CONTACTS, query, 0, limit)
    assert len(everyone) > 0.05 * 1200, "the term is common"
    assert [r.id for r in page.rows] == everyone[:limit]
    assert page.total == len(everyone)


@pytest.mark.parametrize("sort", [None, Sort("display_name", True), Sort("city"), Sort("is_press")])
def test_a_rare_search_shows_its_matches_in_the_lists_own_order(
    db: Database, crowd: Workspace, sort: Sort | None
) -> None:
    """A rare term's matches page in the whole list's order, with an exact count.

    Each database plans it its own way; on PostgreSQL the matches are sorted, not walked.
    """
    term = "lefevre"
    searched = ListQuery(search=term, sort=sort)
    found = _all_ids(crowd, searched)
    assert 0 < len(found) < 0.05 * 1200, "the term must be rare for this test"
    whole = _all_ids(crowd, ListQuery(sort=sort))
    assert found == [i for i in whole if i in set(found)]
    assert crowd.page(CONTACTS, searched, 0, 10).total == len(found)
    assert list(crowd.order(CONTACTS, searched) or ()) == found
    if db.engine.dialect.name == "postgresql":
        captured: list[str] = []

        def capture(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
            if "ORDER BY" in statement and "LIMIT" in statement:
                captured.append(statement)

        event.listen(db.engine, "before_cursor_execute", capture)
        crowd.page(CONTACTS, searched, 0, 10)
        event.remove(db.engine, "before_cursor_execute", capture)
        statement = captured[0]
        assert statement.lstrip().startswith("WITH contacts AS MATERIALIZED"), statement
