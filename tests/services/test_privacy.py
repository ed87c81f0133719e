"""Do-not-contact and withdrawn consent hold on every way contacts leave the app."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from crm.app import main
from crm.data.unit_of_work import Database
from crm.domain.drafts import (
    AffiliationDraft,
    AttendanceDraft,
    ContactListDraft,
    EmailDraft,
    EventDraft,
    OrganizationDraft,
)
from crm.domain.enums import AttendanceRole, AttendanceStatus, ConsentStatus
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions, LeftOutReason
from crm.domain.records import ContactDetail
from crm.services import attendances, events, lists, organizations
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
    assert set(scope_values) == {f.name for f in fields(ContactScope)}, "walk the new scope"
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
