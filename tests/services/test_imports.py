"""Imports: files from other programs, round trips of our own exports, all or nothing."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.data import migrations
from crm.data.engine import make_engine
from crm.data.unit_of_work import Database
from crm.domain.drafts import (
    AffiliationDraft,
    ContactDraft,
    EmailDraft,
    OrganizationDraft,
    PhoneDraft,
)
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.imports import DuplicateAction, ImportOptions
from crm.domain.queries import ListQuery
from crm.services import contacts, organizations
from crm.services.exports.run import export
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import ImportRefusedError, import_contacts
from crm.services.imports.vcard_reader import read_vcards
from crm.services.workspace import HEADER_BYTES, Workspace
from tests.support.fixtures import fixtures_dir

# Names as people write them: accents, Arabic, Hebrew, and the characters files must escape.
NAME_PARTS = st.sampled_from(
    [
        "Jürgen",
        "Müller",
        "Zoë",
        "Ñúñez",
        "Ólafsdóttir",
        "O'Brien",
        "Jean-Noël",
        "محمد",
        "عباس",
        "أميرة",
        "حداد",
        "יוסף",
        "כהן",
        "שרה",
        "Łukasz",
        "Dvořák",
        "Nguyễn",
        "Smith; Jr",
        "Doe, J",
    ]
)
TITLES = st.sampled_from(["Minister", "Rédactrice en chef", "مديرة", "מנהל", "=1+1", "-", ""])
ORGS = st.sampled_from(
    ["Alliance for Middle East Peace", "Peres Center; Peace", "منظمة السلام", "Café, Ltd", ""]
)
PHONES = st.sampled_from(["+19205741232", "+33142928100", "+972523456789", "+442079460000"])
LOCAL = st.from_regex(r"[a-z0-9]{1,8}([._-][a-z0-9]{1,5})?", fullmatch=True)


def _fresh_database(folder: str) -> Database:
    url = f"sqlite:///{folder}/db.sqlite3"
    engine = make_engine(url)
    migrations.upgrade(engine)
    return Database(engine, url, actor="tester")


def _people(database: Database) -> list[tuple[object, ...]]:
    """Everything a round trip must keep, contact by contact."""
    workspace = Workspace(database)
    rows = workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 1000).rows
    result = []
    for row in rows:
        d = workspace.detail(RecordKind.CONTACTS, row.id)
        result.append(
            (
                d.given_name,
                d.family_name,
                d.row.organization,
                d.row.job_title,
                tuple(e.address for e in d.emails),
                tuple(p.e164 for p in d.phones),
            )
        )
    return sorted(result, key=repr)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(
        st.tuples(
            NAME_PARTS,
            NAME_PARTS,
            TITLES,
            ORGS,
            st.lists(LOCAL, min_size=0, max_size=3, unique=True),
            st.lists(PHONES, max_size=2, unique=True),
        ),
        min_size=1,
        max_size=5,
    ),
    export_format=st.sampled_from([ExportFormat.CSV, ExportFormat.VCARD, ExportFormat.VCARD3]),
)
def test_export_then_import_reproduces_every_contact(
    people: list[tuple[str, str, str, str, list[str], list[str]]], export_format: ExportFormat
) -> None:
    """Names in any script, emails, phones, organizations and titles survive a round trip."""
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        source, target = _fresh_database(a), _fresh_database(b)
        with source.unit_of_work() as session:
            for n, (given_name, family, title, org, locals_, phones) in enumerate(people):
                affiliations: tuple[AffiliationDraft, ...] = ()
                if org:
                    found = organizations.list_organizations(session, search=None, limit=100)
                    match = [r.id for r in found.rows if r.name == org]
                    org_id = (
                        match[0]
                        if match
                        else organizations.create_organization(
                            session, OrganizationDraft(name=org)
                        ).row.id
                    )
                    affiliations = (AffiliationDraft(org_id, primary=True),)
                contacts.create_contact(
                    session,
                    ContactDraft(
                        given_name=given_name,
                        family_name=f"{family} {n}",
                        job_title=title or None,
                        emails=tuple(EmailDraft(f"{x}.{n}@example.org") for x in locals_),
                        phones=tuple(PhoneDraft(p) for p in phones),
                        affiliations=affiliations,
                    ),
                )
        out = io.BytesIO()
        with source.unit_of_work() as session:
            export(session, ContactScope(), ExportOptions(format=export_format), out)
        data = out.getvalue()
        read = read_csv(data) if export_format is ExportFormat.CSV else read_vcards(data)
        with target.unit_of_work() as session:
            result = import_contacts(session, read, ImportOptions())
        assert result.created == len(people) and not result.problems
        assert _people(target) == _people(source)
        source.dispose()
        target.dispose()


def test_google_and_outlook_csv_need_no_mapping(db: Database) -> None:
    """Google's and Outlook's exports are recognised by their headers alone."""
    folder = fixtures_dir() / "csv" / "roundcube"
    with db.unit_of_work() as session:
        google = import_contacts(
            session, read_csv((folder / "gmail.csv").read_bytes()), ImportOptions()
        )
        outlook = import_contacts(
            session, read_csv((folder / "outlook.csv").read_bytes()), ImportOptions()
        )
    assert (google.created, outlook.created) == (1, 1)
    with db.unit_of_work() as session:
        rows = {
            r.display_name: contacts.get_contact(session, r.id)
            for r in contacts.list_contacts(session).rows
        }
    gmail = rows["Firstname Lastname"]
    assert (gmail.row.organization, gmail.row.job_title) == ("company", "jobtitle")
    assert gmail.emails[0].address == "home@aaa.pl" and gmail.emails[0].primary, "* Home"
    assert set(gmail.row.tags) == {"My Contacts", "Test"}
    assert gmail.notes == 'note"note'
    outlook_contact = rows["test1@domain.tld"]
    assert [e.address for e in outlook_contact.emails] == [
        "test1@domain.tld",
        "test2@domain.tld",
        "test3@domain.tld",
    ]


@pytest.mark.parametrize(
    ("path", "cards", "checks"),
    [
        (
            "vcard/ez-vcard/outlook-2007.vcf",
            1,
            {
                "family_name": "Angstadt",
                "organization": "TheCompany",
                "department": "TheDepartment",
                "notes_start": "This is the NOTE field\t\r\nI assume",
            },
        ),
        ("vcard/ez-vcard/John_Doe_IPHONE.vcf", 1, {"family_name": "Doe"}),
        ("vcard/ez-vcard/John_Doe_GMAIL.vcf", 1, {"full_name": "Mr. John Richter, James Doe Sr."}),
        ("vcard/ez-vcard/John_Doe_ANDROID.vcf", 6, {}),
        ("vcard/ez-vcard/John_Doe_LOTUS_NOTES.vcf", 1, {"family_name": "Doe"}),
        ("vcard/roundcube/utf-16_sample.vcf", 1, {"full_name": "Ǽgean ĽdaMonté"}),
        ("vcard/roundcube/johndoe.vcf", 1, {"full_name": "John Doë"}),
        ("vcard/kcontacts/vcard9.vcf", 1, {"full_name": "βγδεαβγδ1" * 11}),
        ("vcard/kcontacts/vcard4.vcf", 1, {"organization": "Ximian, Inc."}),
        ("vcard/syncevolution/vcard30.vcf", 17, {}),
        (
            "vcard/ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf",
            1,
            {"tags": ("category1, category2, category3",)},
        ),
    ],
)
def test_vcards_written_by_other_programs(path: str, cards: int, checks: dict[str, object]) -> None:
    """Each real-client quirk is read as the fixtures' report expects, no card lost."""
    read = read_vcards((fixtures_dir() / path).read_bytes())
    assert len(read.contacts) == cards
    first = read.contacts[0]
    for field, expected in checks.items():
        if field == "notes_start":
            assert (first.notes or "").startswith(str(expected))
        else:
            assert getattr(first, field) == expected, field


def test_a_malformed_file_is_refused_with_its_line() -> None:
    """A file that is not a vCard says so, with what its first line held."""
    with pytest.raises(DomainError, match="line 1: “Name,Email”"):
        read_vcards(b"Name,Email\r\nAna,ana@example.org\r\n")


def test_an_import_commits_all_or_nothing(db: Database) -> None:
    """One refused row keeps every row out, unless the user asks to skip it."""
    data = b"Given name,Family name,Email 1\r\nAna,Lima,ana@example.org\r\n,,\r\n"
    bad = data + b"Bo,,bo@example.org\r\n" + b"\xe2\x80\x8b,,\r\n"
    rows = read_csv(bad)
    good_and_nameless = rows.__class__(
        (*rows.contacts, rows.contacts[0].__class__(line=9, given_name=" ")), rows.problems
    )
    with pytest.raises(ImportRefusedError, match="Nothing was imported"), db.unit_of_work() as s:
        import_contacts(s, good_and_nameless, ImportOptions())
    with db.unit_of_work() as session:
        assert contacts.list_contacts(session).total == 0
    with db.unit_of_work() as session:
        result = import_contacts(session, good_and_nameless, ImportOptions(skip_invalid=True))
    assert (result.created, result.skipped) == (2, 2), "Ana and Bo; the blank names stay out"


def test_a_dry_run_changes_nothing(db: Database) -> None:
    """A dry run counts what would happen and writes nothing."""
    read = read_csv(b"First Name,Last Name,Company\r\nAna,Lima,New Org\r\n")
    with db.unit_of_work() as session:
        result = import_contacts(session, read, ImportOptions(dry_run=True))
    assert (result.created, result.organizations_created) == (1, 1)
    with db.unit_of_work() as session:
        assert contacts.list_contacts(session).total == 0
        assert organizations.list_organizations(session).total == 0


def test_duplicates_are_skipped_merged_or_created_as_asked(db: Database) -> None:
    """Same email, or same name at the same organization, is a duplicate."""
    first = read_csv(
        b"First Name,Last Name,E-mail Address,Company,Job Title\r\n"
        b"Ana,Lima,ana@example.org,ALLMEP,\r\n"
    )
    second = read_csv(
        b"First Name,Last Name,E-mail Address,Company,Job Title,Mobile Phone\r\n"
        b"Ana,Lima,ana.lima@example.net,ALLMEP,Director,+33612345678\r\n"
    )
    with db.unit_of_work() as session:
        import_contacts(session, first, ImportOptions())
        skipped = import_contacts(session, second, ImportOptions())
        merged = import_contacts(session, second, ImportOptions(on_duplicate=DuplicateAction.MERGE))
    assert (skipped.skipped, merged.merged) == (1, 1)
    assert skipped.duplicates == ["line 2: matches Ana Lima"]
    with db.unit_of_work() as session:
        (ana,) = contacts.list_contacts(session).rows
        detail = contacts.get_contact(session, ana.id)
    assert [e.address for e in detail.emails] == ["ana@example.org", "ana.lima@example.net"]
    assert (detail.row.job_title, detail.phones[0].e164) == ("Director", "+33612345678")
    with db.unit_of_work() as session:
        created = import_contacts(
            session, second, ImportOptions(on_duplicate=DuplicateAction.CREATE)
        )
    assert created.created == 1


def test_invalid_values_are_dropped_and_reported_not_the_person(
    db: Database, tmp_path: Path
) -> None:
    """A fake phone number is noted and left out; the contact still comes in."""
    read = read_csv(b"First Name,Last Name,Mobile Phone,E-mail Address\r\nAna,Lima,pager,nope\r\n")
    with db.unit_of_work() as session:
        result = import_contacts(session, read, ImportOptions())
    assert result.created == 1
    assert [p.message.split(":")[0] for p in result.problems] == ["email dropped", "phone dropped"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_headers_are_read_from_the_beginning_of_a_large_file(tmp_path: Path, encoding: str) -> None:
    """The wizard reads only the file's start; a character cut in two there does no harm."""
    header = "Prénom;Nom;E-mail Address\r\n"
    body = "Éloïse;Müller;e@example.org\r\n" * 20_000  # far beyond what is read
    path = tmp_path / "big.csv"
    path.write_bytes((header + body).encode(encoding))
    assert path.stat().st_size > HEADER_BYTES * 5
    assert Workspace.csv_headers(str(path)) == [
        ("Prénom", None),
        ("Nom", None),
        ("E-mail Address", "email"),
    ]


def test_a_large_file_finds_its_own_duplicates_and_is_searchable(db: Database) -> None:
    """A large file is written in batches, and nothing of a save is lost on the way.

    Lines repeating earlier lines of the same file (even batches back) are duplicates;
    every imported contact is found by search and has its creation in the history.
    """
    from sqlalchemy import func, select

    from crm.data.models import Change
    from crm.services.imports.bulk import BATCH

    lines = [b"First Name,Last Name,E-mail Address,Company\r\n"]
    people = BATCH + 50
    for n in range(people):
        lines.append(f"Ana{n},Zubiri,ana{n}@example.org,Paz Unidos\r\n".encode())
    lines.append(b"Ana3,Zubiri,someone.else@example.org,Paz Unidos\r\n")  # same name at the org
    lines.append(f"Other,Person,ana{BATCH + 10}@example.org,\r\n".encode())  # same email
    read = read_csv(b"".join(lines))
    with db.unit_of_work() as session:
        result = import_contacts(session, read, ImportOptions())
    assert (result.created, result.skipped, result.organizations_created) == (people, 2, 1)
    assert result.duplicate_lines == [people + 2, people + 3]
    workspace = Workspace(db)
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search="zubiri"), 0, 10)
    assert found.total == people
    one = workspace.page(RecordKind.CONTACTS, ListQuery(search="ana17@example"), 0, 10)
    assert [r.display_name for r in one.rows] == ["Ana17 Zubiri"]
    assert one.rows[0].organization == "Paz Unidos"
    with db.unit_of_work() as session:
        logged = session.scalar(
            select(func.count()).where(Change.record_type == "contacts", Change.action == "created")
        )
    assert logged == people


def test_imported_contacts_take_ids_never_handed_out_before(db: Database) -> None:
    """An import picks its rows' ids itself, and never one handed out before.

    None is one a deleted contact had, and a contact saved afterwards gets a new one (the
    database's own counter moved on too).
    """
    two = read_csv(b"Name\r\nAna Lima\r\nBo Chen\r\n")
    with db.unit_of_work() as session:
        first = import_contacts(session, two, ImportOptions())
    assert first.created == 2
    with db.unit_of_work() as session:
        ids = [row.id for row in contacts.list_contacts(session).rows]
        contacts.delete_contact(session, max(ids))
    with db.unit_of_work() as session:
        import_contacts(session, read_csv(b"Name\r\nCy Diaz\r\n"), ImportOptions())
    with db.unit_of_work() as session:
        saved = contacts.create_contact(session, ContactDraft(given_name="Di", family_name="Eze"))
        now = {row.display_name: row.id for row in contacts.list_contacts(session).rows}
    assert now["Cy Diaz"] > max(ids), "the deleted contact's id was handed out again"
    assert saved.row.id > now["Cy Diaz"]
    assert len(now) == 3


def _contact_indexes(db: Database) -> set[str]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            rows = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE tablename = 'contacts'")
            )
        else:
            rows = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE tbl_name = 'contacts' AND type = 'index'")
            )
        return {str(sql) for (sql,) in rows}


def test_a_large_import_leaves_every_index_as_it_found_it(db: Database) -> None:
    """SQLite rebuilds the sort indexes after a large import instead of inserting into them.

    Whether the import goes in, is refused, or is a dry run, the indexes are all there after,
    exactly as they were, and a search and a sort still find the new contacts.
    """
    from crm.services.imports.bulk import BATCH

    before = _contact_indexes(db)
    rows = 3 * BATCH
    header = b"First Name,Last Name,E-mail Address\r\n"
    names = [(f"Family{(n * 7919) % rows}", f"Given{n}") for n in range(rows)]  # shuffled
    lines = [f"{given},{family},{given}@example.org\r\n".encode() for family, given in names]
    good = read_csv(header + b"".join(lines))
    refused = read_csv(header + b"".join(lines) + b"\xe2\x80\x8b,\xe2\x80\x8b,\r\n")

    with pytest.raises(ImportRefusedError), db.unit_of_work(changes=True) as session:
        import_contacts(session, refused, ImportOptions())
    assert _contact_indexes(db) == before
    with db.unit_of_work(changes=True) as session:
        import_contacts(session, good, ImportOptions(dry_run=True))
    assert _contact_indexes(db) == before
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, good, ImportOptions())
    assert result.created == rows
    assert _contact_indexes(db) == before
    workspace = Workspace(db)
    first = workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 3).rows
    expected = [f"{given} {family}" for family, given in sorted(names)[:3]]
    assert [r.display_name for r in first] == expected
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="family4321"), 0, 5).total == 1


def test_an_address_in_two_columns_of_a_line_is_one_address(db: Database) -> None:
    """Outlook's "E-mail" and "E-mail 2", or an export's "Email" and "Email 1", holding one.

    The same address or number twice on a line refused the line, and with it the import.
    """
    data = (
        b"Given name,Family name,Email,Email 1,Email 2,Phone,Phone 1\r\n"
        b"Amira,Haddad,A@x.org,a@x.org,b@y.org,'+33612345678,'+33 6 12 34 56 78\r\n"
    )
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(data), ImportOptions())
    assert result.created == 1
    with db.unit_of_work() as session:
        contact_id = contacts.list_contacts(session).rows[0].id
        detail = contacts.get_contact(session, contact_id)
    assert [e.address.casefold() for e in detail.emails] == ["a@x.org", "b@y.org"]
    assert [p.e164 for p in detail.phones] == ["+33612345678"]
