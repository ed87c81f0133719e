"""Contact exports as the receiving programs read them: csv, vobject, openpyxl, LibreOffice."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy
import vobject
from icalendar import Calendar
from sqlalchemy import text
from sqlalchemy.orm import Session

from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft, EmailDraft, PhoneDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, ConsentStatus, RecordKind
from crm.domain.exports import (
    ContactScope,
    ExportFormat,
    ExportOptions,
    ExportReport,
    LeftOutReason,
)
from crm.domain.records import ContactDetail
from crm.services import seed
from crm.services.exports.columns import (
    DEFAULT_COLUMNS,
    KNOWN_KEYS,
    MAIL_MERGE_COLUMNS,
    expand,
)
from crm.services.exports.events import write_ics
from crm.services.exports.rows import reading_for
from crm.services.exports.run import export
from crm.services.exports.source import PERSON_FIELDS
from crm.services.workspace import Workspace

MakeContact = Callable[..., ContactDetail]
LONG_ARABIC_NOTE = "ملاحظة طويلة جدا عن الاجتماع في باريس، مع فواصل؛ وأسطر\nجديدة " * 4


@pytest.fixture
def people(make_contact: MakeContact) -> None:
    """A varied set: scripts, several emails and phones, a formula, do-not-contact, consent."""
    make_contact(
        given_name="Amira",
        family_name="Haddad",
        native_name="أميرة حداد",
        job_title="=1+1",
        notes=LONG_ARABIC_NOTE,
        tags=("press", "Paris, 2026"),
        emails=(EmailDraft("amira@example.org"), EmailDraft("a.h@example.net", "home")),
        phones=(PhoneDraft("+1 920-574-1232"), PhoneDraft("+33 6 12 34 56 78", "mobile")),
    )
    make_contact(
        given_name="Yosef",
        family_name="Cohen",
        native_name="יוסף כהן",
        emails=(EmailDraft("yosef@example.org"),),
    )
    make_contact(given_name="Jürgen", family_name="Müller", job_title="Rédacteur; “chef”")
    make_contact(
        given_name="Quiet",
        family_name="Person",
        do_not_contact=True,
        emails=(EmailDraft("quiet@example.org"),),
    )
    make_contact(given_name="Refused", family_name="Consent", consent_status=ConsentStatus.REFUSED)


def _export(
    db: Database, options: ExportOptions, scope: ContactScope | None = None
) -> tuple[bytes, ExportReport]:
    out = io.BytesIO()
    with db.unit_of_work() as session:
        report = export(session, scope or ContactScope(), options, out)
    return out.getvalue(), report


@pytest.mark.usefixtures("people")
def test_csv_has_a_bom_numbered_columns_and_no_live_formulas(db: Database) -> None:
    """Excel reads UTF-8 through the BOM; Email 1, Email 2…; "=1+1" stays text; DNC left out."""
    data, report = _export(db, ExportOptions())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["Family name"] for r in rows] == ["Cohen", "Haddad", "Müller"]
    amira = rows[1]
    assert (amira["Email 1"], amira["Email 2"]) == ("amira@example.org", "a.h@example.net")
    assert (amira["Phone 1"], amira["Phone 2"]) == ("'+19205741232", "'+33612345678")
    assert amira["Title"] == "'=1+1"
    assert amira["Name in original script"] == "أميرة حداد"
    assert report.left_out == {LeftOutReason.DO_NOT_CONTACT: 1, LeftOutReason.NO_CONSENT: 1}
    assert report.summary() == (
        "3 contacts written; left out: 1 (do not contact), 1 (consent refused or withdrawn)"
    )


@pytest.mark.usefixtures("people")
def test_csv_options_semicolon_no_bom_columns_and_explicit_inclusion(db: Database) -> None:
    """The user's delimiter, encoding, columns and order; do-not-contact only when asked."""
    data, report = _export(
        db,
        ExportOptions(
            delimiter=";",
            bom=False,
            columns=("email", "full_name"),
            include_do_not_contact=True,
        ),
    )
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0] == "Email;Full name"
    assert "quiet@example.org;Quiet Person" in lines
    assert report.left_out == {}


def test_every_column_in_csv_and_xlsx(
    db: Database, make_contact: MakeContact, make_organization: Callable[..., Any], tmp_path: Path
) -> None:
    """Each column a user can choose holds its value: made safe in CSV, as it is in XLSX."""
    un = make_organization(name="United Nations", acronym="UN")
    make_contact(
        prefix="Dr",
        given_name="Amira",
        family_name="Haddad",
        native_name="أميرة حداد",
        job_title="=1+1",
        affiliations=(AffiliationDraft(un.row.id, department="-Press office"),),
        emails=(EmailDraft("amira@example.org"), EmailDraft("=a@example.net", "home")),
        phones=(PhoneDraft("+1 920-574-1232"),),
        country="lb",
        city="Beirut",
        tags=("press", "Paris, 2026"),
        languages=("ar", "fr"),
        is_press=True,
        press_role="@editor",
        notes="Met in Geneva",
    )
    keys = KNOWN_KEYS  # every column a user can choose, in the order listed
    as_stored = [
        "Dr",
        "Amira",
        "Haddad",
        "Amira Haddad",
        "أميرة حداد",
        "Dr Haddad",
        "United Nations (UN)",
        "-Press office",
        "=1+1",
        "amira@example.org",
        "+19205741232",
        "LB",
        "Lebanon",
        "Beirut",
        "Paris, 2026; press",
        "ar, fr",
        "@editor",
        "Met in Geneva",
        "amira@example.org",
        "=a@example.net",
        "+19205741232",
    ]
    data, _report = _export(db, ExportOptions(columns=keys))
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[-3:] == ["Email 1", "Email 2", "Phone 1"]
    safe = [f"'{cell}" if cell[:1] in "=+-@" else cell for cell in as_stored]
    assert row == safe
    data, _report = _export(db, ExportOptions(format=ExportFormat.XLSX, columns=keys))
    path = tmp_path / "every.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[2]] == as_stored


def test_a_spreadsheet_reads_only_what_its_columns_write() -> None:
    """The default columns leave out the notes and the press role; email and phone labels.

    A CSV export of 100,000 contacts took a tenth less reading only these.
    """
    default = reading_for(expand(DEFAULT_COLUMNS, 2, 2))
    assert default.person == (
        "contact_id",
        "do_not_contact",
        "consent",
        "given",
        "family",
        "native",
        "title",
        "country",
        "city",
        "tag_names",
        "organization",
        "acronym",
    )
    assert not default.labelled
    mail_merge = reading_for(expand(MAIL_MERGE_COLUMNS, 1, 0)).person
    assert "prefix" in mail_merge and "notes" not in mail_merge
    every_column = reading_for(expand(KNOWN_KEYS, 1, 1)).person
    assert set(PERSON_FIELDS) - set(every_column) == {"is_press"}, "no column writes it"


def test_the_organization_and_department_are_those_of_the_current_affiliation(
    db: Database, make_contact: MakeContact, make_organization: Callable[..., Any]
) -> None:
    """The department shown is the one of the affiliation the organization comes from."""
    alliance = make_organization(name="Alliance for Middle East Peace", acronym="ALLMEP").row.id
    forum = make_organization(name="Geneva Forum", acronym=None).row.id
    make_contact(
        given_name="Ada",
        family_name="Primary",
        affiliations=(
            AffiliationDraft(forum, department="Legal"),
            AffiliationDraft(alliance, department="Press office", primary=True),
        ),
    )
    make_contact(
        given_name="Bea",
        family_name="Nodepartment",
        affiliations=(
            AffiliationDraft(alliance, primary=True),
            AffiliationDraft(forum, department="Legal"),
        ),
    )
    make_contact(
        given_name="Cy",
        family_name="Moved",
        affiliations=(
            AffiliationDraft(
                alliance,
                department="Old desk",
                start_date=date(2019, 1, 1),
                end_date=date(2021, 1, 1),
            ),
            AffiliationDraft(forum, start_date=date(2021, 2, 1)),
        ),
    )
    make_contact(given_name="Dee", family_name="Unaffiliated")
    options = ExportOptions(columns=("full_name", "organization", "department"), bom=False)
    data, _report = _export(db, options)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows == [
        ["Full name", "Organization", "Department"],
        ["Cy Moved", "Geneva Forum", ""],
        ["Bea Nodepartment", "Alliance for Middle East Peace (ALLMEP)", ""],
        ["Ada Primary", "Alliance for Middle East Peace (ALLMEP)", "Press office"],
        ["Dee Unaffiliated", "", ""],
    ]
    cards = _export(db, ExportOptions(format=ExportFormat.VCARD))[0].decode("utf-8")
    organizations = [
        card.org.value for card in vobject.readComponents(cards) if "org" in card.contents
    ]
    assert organizations == [
        ["Geneva Forum"],
        ["Alliance for Middle East Peace (ALLMEP)"],
        ["Alliance for Middle East Peace (ALLMEP)", "Press office"],
    ]


@pytest.mark.usefixtures("people")
def test_mail_merge_leaves_out_people_without_email(db: Database) -> None:
    """A mail merge gets salutation, name, organization, title and email, and says who is out."""
    data, report = _export(
        db,
        ExportOptions(
            columns=("salutation", "full_name", "email"),
            require_email=True,
        ),
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Salutation", "Full name", "Email"]
    assert [r[1] for r in rows[1:]] == ["Yosef Cohen", "Amira Haddad"]
    assert report.left_out[LeftOutReason.NO_EMAIL] == 1


@pytest.mark.usefixtures("people")
def test_progress_counts_towards_the_contacts_in_scope(db: Database) -> None:
    """The progress bar's end is the number of contacts in scope, on both databases."""
    heard: list[tuple[int, int]] = []
    with db.unit_of_work() as session:
        report = export(
            session,
            ContactScope(),
            ExportOptions(),
            io.BytesIO(),
            progress=lambda done, total: heard.append((done, total)),
        )
    assert report.in_scope == 5
    assert heard[-1] == (5, 5)
    assert all(total == 5 for _done, total in heard)


@pytest.mark.parametrize(
    ("export_format", "version"), [(ExportFormat.VCARD, "4.0"), (ExportFormat.VCARD3, "3.0")]
)
@pytest.mark.usefixtures("people")
def test_vcards_parse_in_vobject_with_every_field_intact(
    db: Database, export_format: ExportFormat, version: str
) -> None:
    """A strict reader finds names in every script, emails, phones, notes; lines ≤ 75 octets."""
    data, _ = _export(db, ExportOptions(format=export_format))
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "folded at 75 octets"
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [c.version.value for c in cards] == [version] * 3
    amira = next(c for c in cards if c.fn.value == "Amira Haddad")
    assert amira.n.value.family == "Haddad" and amira.n.value.given == "Amira"
    assert [e.value for e in amira.contents["email"]] == ["amira@example.org", "a.h@example.net"]
    phones = [t.value for t in amira.contents["tel"]]
    assert phones in (["+19205741232", "+33612345678"], ["tel:+19205741232", "tel:+33612345678"])
    assert amira.note.value == LONG_ARABIC_NOTE.strip(), (
        "the service trims; the vCard keeps the rest"
    )
    assert amira.title.value == "=1+1", "no spreadsheet escaping in a vCard"
    assert amira.contents["x-convene-native-name"][0].value == "أميرة حداد"
    assert sorted(amira.categories.value) == ["Paris, 2026", "press"], "an escaped comma"
    muller = next(c for c in cards if c.fn.value == "Jürgen Müller")
    assert muller.title.value == "Rédacteur; “chef”"


@pytest.mark.usefixtures("people")
def test_xlsx_has_a_frozen_header_sized_columns_and_phones_as_text(
    db: Database, tmp_path: Path
) -> None:
    """The sheet opens with its header frozen, phones as text, formulas as plain strings."""
    data, report = _export(db, ExportOptions(format=ExportFormat.XLSX))
    path = tmp_path / "contacts.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Given name", "Family name", "Name in original script"]
    amira = [c for c in sheet[3]]
    phone = amira[header.index("Phone 1")]
    assert (phone.value, phone.data_type) == ("+19205741232", "s")
    title = amira[header.index("Title")]
    assert (title.value, title.data_type) == ("=1+1", "s")
    assert sheet.column_dimensions["A"].width >= 8
    assert report.written == 3


class _DiskFillsUp(io.BytesIO):
    """An output that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self._room = room

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self._room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


def _left_open(session: Session) -> list[str]:
    """This session's open cursors (PostgreSQL) and temporary tables."""
    if session.get_bind().dialect.name == "postgresql":
        cursors = "SELECT name FROM pg_cursors WHERE name <> ''"
        tables = "SELECT relname FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'"
        return list(session.scalars(text(f"{cursors} UNION ALL {tables}")))
    return list(session.scalars(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'")))


@pytest.mark.usefixtures("people")
def test_an_export_cut_short_leaves_the_next_one_whole(db: Database) -> None:
    """A disk that fills after the first card fails that export; the next is whole.

    Both in one session: what the first left half read (its streams, SQLite's table of
    the contacts in order) must be gone before the second starts.
    """
    vcards = ExportOptions(format=ExportFormat.VCARD)
    with db.unit_of_work() as session:
        with pytest.raises(OSError, match="No space") as failure:
            export(session, ContactScope(), vcards, _DiskFillsUp(room=300))
        # The error is kept (as the window keeps it to show): its traceback holds the
        # export's frames, so nothing may wait for them to be collected to close.
        assert _left_open(session) == [], f"left open after {failure.value}"
        out = io.BytesIO()
        report = export(session, ContactScope(), vcards, out)
    names = [card.fn.value for card in vobject.readComponents(out.getvalue().decode())]
    assert names == ["Yosef Cohen", "Amira Haddad", "Jürgen Müller"]
    assert report.written == 3


def test_the_delegates_who_confirmed_and_the_press_who_attended(
    db: Database, make_contact: MakeContact
) -> None:
    """An event's participants, filtered by role and status, are one scope each."""
    with db.unit_of_work() as session:
        seed.seed(session)
    workspace = Workspace(db)
    conference = workspace.find(RecordKind.EVENTS, "two peoples two states")[0]
    confirmed = make_contact(given_name="Dana", family_name="Levi", emails=(EmailDraft("d@x.org"),))
    invited = make_contact(given_name="Omar", family_name="Nasser")
    reporter = make_contact(given_name="Lea", family_name="Blanc", is_press=True)
    for person, role, status in (
        (confirmed, AttendanceRole.DELEGATE, AttendanceStatus.CONFIRMED),
        (invited, AttendanceRole.DELEGATE, AttendanceStatus.INVITED),
        (reporter, AttendanceRole.PRESS, AttendanceStatus.ATTENDED),
    ):
        workspace.add_participants(conference.id, [person.row.id], [], role, status)
    delegates = ContactScope(
        event_id=conference.id,
        roles=(AttendanceRole.DELEGATE,),
        statuses=(AttendanceStatus.CONFIRMED,),
    )
    data, _ = _export(db, ExportOptions(columns=("full_name",)), delegates)
    assert data.decode("utf-8-sig").split("\r\n")[1:-1] == ["Dana Levi"]
    press = ContactScope(
        event_id=conference.id, press_only=True, statuses=(AttendanceStatus.ATTENDED,)
    )
    data, _ = _export(db, ExportOptions(columns=("full_name",)), press)
    assert data.decode("utf-8-sig").split("\r\n")[1:-1] == ["Lea Blanc"]


@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CRM_REQUIRE_SOFFICE"),
    reason="LibreOffice (soffice) is not installed; .ci/run installs it",
)
@pytest.mark.usefixtures("people")
def test_libreoffice_reads_the_csv_as_text(db: Database, tmp_path: Path) -> None:
    """LibreOffice shows every name as written and evaluates no formula."""
    data, _ = _export(db, ExportOptions())
    source = tmp_path / "contacts.csv"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(tmp_path / "contacts.xlsx").active
    cells = {(c.value, c.data_type) for row in sheet.iter_rows() for c in row if c.value}
    assert ("أميرة حداد", "s") in cells and ("יוסף כהן", "s") in cells
    assert ("Müller", "s") in cells and ("Rédacteur; “chef”", "s") in cells
    assert ("'=1+1", "s") in cells, "the formula is text, not 2"
    assert all(kind != "f" for _value, kind in cells)


def test_events_become_a_calendar(db: Database) -> None:
    """Dated events become VEVENTs with all-day ends the day after; undated ones are counted."""
    with db.unit_of_work() as session:
        seed.seed(session)
    out = io.BytesIO()
    with db.unit_of_work() as session:
        written, skipped = write_ics(out, session)
    calendar = Calendar.from_ical(out.getvalue())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert (written, skipped) == (10, 2) and len(events) == 10
    conference = events["Two peoples, two states, one future"]
    assert conference.decoded("dtstart").isoformat() == "2026-06-12"
    assert conference.decoded("dtend").isoformat() == "2026-06-13"
    assert "Arab World Institute" in str(conference["location"])


def test_an_export_never_puts_a_file_in_place_of_a_pipe_or_a_folder(
    db: Database, tmp_path: Path
) -> None:
    """Exports are written beside the target and renamed over it: only ever over a file.

    A test once exported to /dev/null as root, and the rename left /dev/null a plain file.
    """
    with db.unit_of_work(changes=True) as session:
        seed.seed(session)
    workspace = Workspace(db)
    folder = tmp_path / "out"
    folder.mkdir()
    pipe = folder / "pipe"
    os.mkfifo(pipe)
    for target in (pipe, folder):
        with pytest.raises(OSError, match="not a file"):
            workspace.export_contacts(ContactScope(), ExportOptions(), str(target))
    assert pipe.is_fifo() and folder.is_dir()
    with pytest.raises(OSError, match="no such folder") as refused:
        workspace.export_contacts(ContactScope(), ExportOptions(), str(folder / "no" / "x.csv"))
    assert refused.value.filename == str(folder / "no")
    assert [p.name for p in folder.iterdir()] == ["pipe"], "no part file left behind"


def test_a_selection_of_seventy_thousand_exports_in_any_build_of_either_database(
    db: Database, make_contact: MakeContact
) -> None:
    """The selection is bound as one parameter: as an IN list, past what a statement takes.

    SQLite's default build takes 32,766 parameters (Debian's takes more: lowered here to
    the default), PostgreSQL 65,535; ids no record has are simply not found.
    """
    if db.engine.dialect.name == "sqlite":

        def default_build(connection: Any, _record: Any) -> None:
            connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)

        sqlalchemy.event.listen(db.engine, "connect", default_build)
        db.engine.dispose()
    chosen = [make_contact(given_name=name).row.id for name in ("Ana", "Bo")]
    make_contact(given_name="Left out")
    selection = (*chosen, *range(10**9, 10**9 + 70_000))

    data, report = _export(db, ExportOptions(), ContactScope(contact_ids=selection))

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["Ana", "Bo"]
    assert report.written == 2
