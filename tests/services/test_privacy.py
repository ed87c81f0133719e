"""Do-not-contact and withdrawn consent hold on every way contacts leave the app."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from crm.app import main
from crm.data.engine import make_engine, sqlite_path
from crm.data.models import Change
from crm.data.unit_of_work import Database
from crm.domain.drafts import (
    AffiliationDraft,
    AttendanceDraft,
    CitationDraft,
    CommitmentDraft,
    ContactDraft,
    ContactListDraft,
    DocumentDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
    PhoneDraft,
    RecordRef,
)
from crm.domain.enums import AttendanceRole, AttendanceStatus, ConsentStatus, RecordKind
from crm.domain.errors import NotFoundError
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions, LeftOutReason
from crm.domain.queries import ListQuery
from crm.domain.records import ContactDetail
from crm.services import (
    attendances,
    commitments,
    contacts,
    documents,
    events,
    lists,
    organizations,
)
from crm.services.workspace import Workspace

MakeContact = Callable[..., ContactDetail]
SHARED = "Shared"  # every person's family name: a search for it scopes all three


def _everyone_alike(db: Database, make_contact: MakeContact) -> dict[str, Any]:
    """Three people alike in every way an export can choose them; two must never leave."""
    with db.unit_of_work(changes=True) as session:
        organization = organizations.create_organization(
            session, OrganizationDraft(name="Alliance for Middle East Peace", acronym="ALLMEP")
        )
        event = events.create_event(session, EventDraft(name="Paris Call for Peace"))
    people = {}
    for given, marks in (
        ("Amira", {}),
        ("Dana", {"do_not_contact": True}),
        ("Wanda", {"consent_status": ConsentStatus.WITHDRAWN}),
    ):
        people[given] = make_contact(
            given_name=given,
            family_name=SHARED,
            is_press=True,
            country="FR",
            tags=("paris-2026",),
            emails=(EmailDraft(f"{given.lower()}@example.org"),),
            affiliations=(AffiliationDraft(organization.row.id, primary=True),),
            **marks,
        )
    ids = tuple(p.row.id for p in people.values())
    with db.unit_of_work(changes=True) as session:
        contact_list = lists.create_list(session, ContactListDraft("Press, Paris", contact_ids=ids))
        for contact_id in ids:
            attendances.add_attendance(
                session,
                AttendanceDraft(
                    event.row.id,
                    AttendanceRole.PRESS,
                    AttendanceStatus.CONFIRMED,
                    contact_id=contact_id,
                ),
            )
    return {
        "search": SHARED.lower(),
        "tag": "paris-2026",
        "organization_id": organization.row.id,
        "list_id": contact_list.row.id,
        "event_id": event.row.id,
        "roles": (AttendanceRole.PRESS,),
        "statuses": (AttendanceStatus.CONFIRMED,),
        "contact_ids": ids,
        "press_only": True,
        "country": "FR",
        "organization_kind": organization.row.kind.value,
    }


def _text_of(data: bytes, export_format: ExportFormat) -> str:
    if export_format is ExportFormat.XLSX:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return data.decode("utf-8-sig")


def test_every_export_path_leaves_out_do_not_contact_and_withdrawn_consent(
    db: Database, make_contact: MakeContact, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every format, every way of choosing contacts, in the window's path and the CLI's.

    The walk is built from ContactScope's fields and ExportFormat's members: a new way to
    choose or write contacts fails here until it is walked too.
    """
    scope_values = _everyone_alike(db, make_contact)
    # The table's do-not-contact filter chooses by the mark itself: walked apart below.
    walked = {*scope_values, "do_not_contact"}
    assert walked == {f.name for f in fields(ContactScope)}, "walk the new scope"
    scopes = [ContactScope()] + [
        replace(ContactScope(), **{name: value}) for name, value in scope_values.items()
    ]
    workspace = Workspace(db)
    for export_format in ExportFormat:
        for scope in scopes:
            path = tmp_path / f"out.{export_format.value}"
            options = ExportOptions(format=export_format)
            report = workspace.export_contacts(scope, options, str(path))
            text = _text_of(path.read_bytes(), export_format)
            where = f"{export_format.value} export of {scope}"
            assert "Amira" in text, where
            assert "Dana" not in text and "Wanda" not in text, where
            assert report.left_out == {
                LeftOutReason.DO_NOT_CONTACT: 1,
                LeftOutReason.NO_CONSENT: 1,
            }, where
        for only_them, shown, left_out in (
            (True, set(), {LeftOutReason.DO_NOT_CONTACT: 1}),
            (False, {"Amira"}, {LeftOutReason.NO_CONSENT: 1}),
        ):
            path = tmp_path / f"marked.{export_format.value}"
            scope = ContactScope(do_not_contact=only_them)
            report = workspace.export_contacts(scope, ExportOptions(export_format), str(path))
            text = _text_of(path.read_bytes(), export_format)
            names = {name for name in ("Amira", "Dana", "Wanda") if name in text}
            assert (names, report.left_out) == (shown, left_out), scope
        included = tmp_path / f"all.{export_format.value}"
        workspace.export_contacts(
            ContactScope(), ExportOptions(export_format, include_do_not_contact=True), str(included)
        )
        text = _text_of(included.read_bytes(), export_format)
        assert "Dana" in text and "Wanda" in text, "asked for explicitly, they are written"

    cli_scopes = [
        [],
        ["--search", SHARED],
        ["--tag", "paris-2026"],
        ["--organization", "ALLMEP"],
        ["--list", "Press, Paris"],
        ["--event", "Paris Call for Peace", "--role", "press", "--status", "confirmed"],
        ["--press"],
        ["--country", "FR"],
        ["--organization-kind", scope_values["organization_kind"]],
        ["--mail-merge"],
    ]
    for export_format in ExportFormat:
        for chosen in cli_scopes:
            out = tmp_path / f"cli.{export_format.value}"
            argv = ["--database", db.url, "export", "contacts", "--format", export_format.value]
            assert main([*argv, "--output", str(out), *chosen]) == 0, chosen
            text = _text_of(out.read_bytes(), export_format)
            assert "Amira" in text and "Dana" not in text and "Wanda" not in text, chosen
            said = capsys.readouterr().err
            assert "1 (do not contact)" in said and "1 (consent refused or withdrawn)" in said


PERSON = ("Zoraida", "Quokkaberg", "zoraida.q@example.org")  # found nowhere else


def _a_person_in_everything(db: Database) -> tuple[int, int, int]:
    """A person with emails, an affiliation, a list, an attendance, a quote, commitments."""
    given, family, email = PERSON
    with db.unit_of_work(changes=True) as session:
        organization = organizations.create_organization(
            session, OrganizationDraft(name="Women Wage Peace")
        )
        event = events.create_event(session, EventDraft(name="Peace summit"))
        person = contacts.create_contact(
            session,
            ContactDraft(
                given_name=given,
                family_name=family,
                job_title="Spokesperson",
                notes="met in Haifa",
                emails=(EmailDraft(email, "work", True),),
                phones=(PhoneDraft("+33 6 12 34 56 78", "mobile", True),),
                affiliations=(AffiliationDraft(organization.row.id, primary=True),),
                tags=("press",),
            ),
        )
        person_id = person.row.id
        lists.create_list(session, ContactListDraft("Speakers", contact_ids=(person_id,)))
        attendance = attendances.add_attendance(
            session,
            AttendanceDraft(
                event.row.id,
                AttendanceRole.SPEAKER,
                AttendanceStatus.ATTENDED,
                contact_id=person_id,
            ),
        )
        commitment = commitments.create_commitment(
            session,
            CommitmentDraft(
                title="A ceasefire monitoring group",
                maker_contact_id=person_id,
                endorser_contact_ids=(person_id,),
            ),
        )
        document = documents.create_document(session, DocumentDraft(title="Summit release"))
        documents.cite(
            session,
            CitationDraft(
                document.row.id, RecordRef("contact", person_id), f"{given} {family} said"
            ),
        )
    return person_id, attendance.id, commitment.row.id


def test_a_subject_access_report_holds_everything_about_the_person(
    db: Database, tmp_path: Path
) -> None:
    """Their fields, emails, phones, affiliations, lists, attendances, quotes and history."""
    person_id, _attendance, _commitment = _a_person_in_everything(db)
    out = tmp_path / "report.json"
    assert (
        main(["--database", db.url, "privacy", "report", str(person_id), "--output", str(out)]) == 0
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["person"]["family_name"] == "Quokkaberg"
    assert report["person"]["notes"] == "met in Haifa"
    assert [e["address"] for e in report["emails"]] == [PERSON[2]]
    assert [p["e164"] for p in report["phones"]] == ["+33612345678"]
    assert [a["organization"] for a in report["affiliations"]] == ["Women Wage Peace"]
    assert report["lists"] == ["Speakers"] and report["tags"] == ["press"]
    assert [(a["event"], a["role"]) for a in report["attendances"]] == [("Peace summit", "speaker")]
    assert [c["title"] for c in report["commitments_made"]] == ["A ceasefire monitoring group"]
    assert report["commitments_endorsed"] == ["A ceasefire monitoring group"]
    assert [c["quote"] for c in report["cited_in"]] == ["Zoraida Quokkaberg said"]
    logged = {(h["record_type"], h["action"]) for h in report["history"]}
    assert {
        ("contacts", "created"),
        ("contact_emails", "created"),
        ("attendances", "created"),
    } <= logged


def test_erasing_a_person_keeps_what_they_took_part_in_without_them(
    db: Database, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Gone from every table and from the file's bytes; the event still counts them."""
    person_id, attendance_id, commitment_id = _a_person_in_everything(db)
    argv = ["--database", database_url, "privacy", "erase", str(person_id)]
    assert main(argv) == 1
    assert "cannot be undone" in capsys.readouterr().err
    assert main([*argv, "--yes"]) == 0
    assert "1 attendances kept anonymised, 1 citations removed" in capsys.readouterr().out

    workspace = Workspace(db)
    with pytest.raises(NotFoundError):
        workspace.detail(RecordKind.CONTACTS, person_id)
    attendance = workspace.detail(RecordKind.ATTENDANCES, attendance_id)
    assert attendance.participant.label == "a person erased on request"
    assert (attendance.role, attendance.title_at_event) == (AttendanceRole.SPEAKER, None)
    commitment = workspace.detail(RecordKind.COMMITMENTS, commitment_id)
    assert commitment.row.title == "A ceasefire monitoring group"
    assert commitment.row.maker is None and commitment.endorsers == ()
    assert workspace.page(RecordKind.CONTACTS, ListQuery(search="quokkaberg"), 0, 5).total == 0
    with db.unit_of_work() as session:
        held = json.dumps(
            [list(map(str, row)) for row in session.execute(select(Change.summary, Change.fields))],
            ensure_ascii=False,
        )
    assert "Quokkaberg" not in held and "zoraida" not in held.lower()

    path = sqlite_path(database_url)
    if path is not None:  # the file itself: no freed page or log frame still holds them
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for trace in (b"Quokkaberg", b"quokkaberg", b"zoraida.q@example.org", b"met in Haifa"):
            assert trace not in stored, trace


def test_erasure_leaves_no_trace_in_the_search_index(sqlite_template: Path, tmp_path: Path) -> None:
    """The full-text index keeps a deleted row's words in older segments until they merge.

    Erasure merges them at once, so the person's name is in no byte of the file.
    """
    path = tmp_path / "crm.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    workspace = Workspace(Database(make_engine(f"sqlite:///{path}"), f"sqlite:///{path}"))
    person = workspace.create(
        RecordKind.CONTACTS, ContactDraft(given_name="Zoraida", family_name="Quokkaberg")
    )
    for number in range(5):
        workspace.create(RecordKind.CONTACTS, ContactDraft(given_name=f"Later{number}"))
    workspace.erase_contact(person.row.id)
    workspace.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("crm.sqlite3*"))
    for trace in (b"quokkaberg", b"zoraida"):
        assert trace not in stored, trace
