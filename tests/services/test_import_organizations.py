"""An import names organizations as Convene's exports do: "Name (ACRONYM)" is that organization."""

from __future__ import annotations

import io
from collections.abc import Callable

from crm.data.unit_of_work import Database
from crm.domain.drafts import AffiliationDraft
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.imports import DuplicateAction, ImportOptions
from crm.domain.records import ContactDetail, OrganizationDetail
from crm.services import organizations
from crm.services.exports.run import export
from crm.services.imports.csv_reader import read_csv
from crm.services.imports.run import import_contacts
from crm.services.workspace import Workspace


def _organizations(db: Database) -> list[tuple[str, str | None]]:
    with db.unit_of_work() as session:
        rows = organizations.list_organizations(session).rows
    return sorted((row.name, row.acronym) for row in rows)


def test_an_export_imported_again_finds_its_organizations(
    db: Database,
    make_contact: Callable[..., ContactDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """The CSV names the Alliance "… (ALLMEP)"; read back, that is the Alliance, not a new one."""
    alliance = make_organization(name="Alliance for Middle East Peace", acronym="ALLMEP").row.id
    make_contact(
        given_name="Amira", family_name="Haddad", affiliations=(AffiliationDraft(alliance),)
    )
    out = io.BytesIO()
    with db.unit_of_work() as session:
        export(session, ContactScope(), ExportOptions(format=ExportFormat.CSV), out)
    assert "Alliance for Middle East Peace (ALLMEP)" in out.getvalue().decode("utf-8-sig")
    options = ImportOptions(on_duplicate=DuplicateAction.MERGE)
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(out.getvalue()), options)
    assert (result.merged, result.organizations_created) == (1, 0)
    assert _organizations(db) == [("Alliance for Middle East Peace", "ALLMEP")]
    assert Workspace(db).counts()["contacts"] == 1


def test_a_new_organization_s_acronym_in_brackets_is_kept_as_its_acronym(db: Database) -> None:
    """Made from "Group of Seven (G7)": the Group of Seven, G7; a word in brackets stays."""
    data = (
        b"First Name,Last Name,Company\r\n"
        b"Ana,Lima,Group of Seven (G7)\r\n"
        b"Bo,Chen,Friends of the Earth (International)\r\n"
        b"Cy,Dube,Group of Seven\r\n"
    )
    with db.unit_of_work(changes=True) as session:
        result = import_contacts(session, read_csv(data), ImportOptions())
    assert (result.created, result.organizations_created) == (3, 2)
    assert _organizations(db) == [
        ("Friends of the Earth (International)", None),
        ("Group of Seven", "G7"),
    ]
