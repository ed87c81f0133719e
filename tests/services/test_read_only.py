"""A database role that may only read: the app and the command line look, export, and explain."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from crm.app import main
from crm.domain.drafts import ContactDraft
from crm.domain.enums import AttendanceStatus, RecordKind
from crm.domain.errors import ReadOnlyDatabaseError
from crm.domain.exports import ContactScope, ExportFormat, ExportOptions
from crm.domain.queries import ListQuery
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from tests.conftest import READER_ROLE
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres


def test_a_read_only_role_reads_and_exports_but_changes_nothing(
    read_only_url: str, tmp_path: Path
) -> None:
    """Every kind of change is refused with the reason; reading and exporting work."""
    workspace = Workspace(open_database(read_only_url))
    try:
        assert workspace.read_only
        page = workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 50)
        assert page.total == 6
        first = page.rows[0]
        attempts = [
            lambda: workspace.create(RecordKind.CONTACTS, ContactDraft(given_name="Noa")),
            lambda: workspace.delete(RecordKind.CONTACTS, first.id, None),
            lambda: workspace.save_search("press", ListQuery(search="press")),
            lambda: workspace.set_attendance_status([1], AttendanceStatus.CONFIRMED),
        ]
        for attempt in attempts:
            with pytest.raises(
                ReadOnlyDatabaseError, match=rf"read-only for the role “{READER_ROLE}”"
            ):
                attempt()
        assert workspace.page(RecordKind.CONTACTS, ListQuery(), 0, 50).total == 6

        exported = tmp_path / "contacts.csv"
        options = ExportOptions(format=ExportFormat.CSV)
        report = workspace.export_contacts(ContactScope(), options, str(exported))
        assert report.written >= 5
        assert exported.read_bytes().count(b"\r\n") == report.written + 1
    finally:
        workspace.close()


def test_the_command_line_says_why_nothing_changed(
    read_only_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An import by the read-only role exits 1 with the reason; an export exits 0."""
    file = tmp_path / "people.csv"
    file.write_text("First Name,Last Name\r\nNoa,Levi\r\n", encoding="utf-8")
    assert main(["--database", read_only_url, "import", "contacts", str(file)]) == 1
    error = capsys.readouterr().err
    assert "read-only" in error and READER_ROLE in error and "permission denied" in error
    assert main(["--database", read_only_url, "generate", "--contacts", "3"]) == 1
    assert "read-only" in capsys.readouterr().err
    out = tmp_path / "contacts.csv"
    assert main(["--database", read_only_url, "export", "contacts", "--output", str(out)]) == 0
    assert "Milman" in out.read_text(encoding="utf-8-sig")


def test_a_reader_without_temporary_tables_exports_the_same_file(
    read_only_url: str,
    postgres_server: PostgresServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The export's temporary table of contacts in order is a speed-up, not a requirement.

    A database whose owner took the TEMPORARY privilege away from everyone still exports,
    the same bytes, by the slower way.
    """
    workspace = Workspace(open_database(read_only_url))
    try:
        options = ExportOptions(format=ExportFormat.CSV)
        with_table, without_table = tmp_path / "with.csv", tmp_path / "without.csv"
        workspace.export_contacts(ContactScope(), options, str(with_table))
        assert "without a temporary table" not in caplog.text
        database = make_url(read_only_url).database
        postgres_server.execute(f"REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC")
        with caplog.at_level(logging.INFO, logger="crm.services.exports.order"):
            report = workspace.export_contacts(ContactScope(), options, str(without_table))
        assert "without a temporary table" in caplog.text
        assert report.written >= 5
        assert without_table.read_bytes() == with_table.read_bytes()
    finally:
        workspace.close()
