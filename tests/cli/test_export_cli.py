"""`convene export`: one command for each list a coordinator asks for."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from crm.app import main


@pytest.fixture
def seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A SQLite database holding the documents' records."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert main(["--database", url, "seed"]) == 0
    capsys.readouterr()
    return url


def test_csv_to_stdout_with_a_report_on_stderr(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Data on stdout, the count of who was written and left out on stderr."""
    assert (
        main(
            [
                "--database",
                seeded,
                "export",
                "contacts",
                "--organization",
                "allmep",
                "--columns",
                "full_name,email,phone",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out.lstrip("\ufeff"))))
    assert rows[0] == ["Full name", "Email", "Phone"]
    assert ["Joelle Milman", "joelle@allmep.org", "'+19205741232"] in rows
    assert captured.err.strip() == "3 contacts written"


def test_the_speakers_who_attended_the_paris_call(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event's participants by role and status, in one command."""
    assert (
        main(
            [
                "--database",
                seeded,
                "export",
                "contacts",
                "--event",
                "paris call",
                "--role",
                "speaker",
                "--status",
                "attended",
                "--columns",
                "full_name",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.lstrip("\ufeff").split("\r\n")[1:-1] == ["Nivine Sandouka"]


def test_files_appear_whole_and_xlsx_needs_one(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A written file is complete and no temporary file is left; XLSX refuses the terminal."""
    target = tmp_path / "press.vcf"
    assert (
        main(
            [
                "--database",
                seeded,
                "export",
                "contacts",
                "--format",
                "vcard3",
                "--press",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    assert target.read_text("utf-8").count("BEGIN:VCARD") == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert main(["--database", seeded, "export", "contacts", "--format", "xlsx"]) == 1
    assert "give --output" in capsys.readouterr().err


def test_a_refused_export_leaves_no_file(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown column stops the export before a file is written."""
    target = tmp_path / "out.csv"
    assert (
        main(
            [
                "--database",
                seeded,
                "export",
                "contacts",
                "--columns",
                "name,shoe_size",
                "--output",
                str(target),
            ]
        )
        == 1
    )
    assert "Unknown columns name, shoe_size" in capsys.readouterr().err
    assert list(tmp_path.glob("out.csv*")) == [] and list(tmp_path.glob(".out.csv*")) == []


def test_ambiguous_names_are_refused_with_the_candidates(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that fits several events says which, instead of guessing."""
    assert main(["--database", seeded, "export", "contacts", "--event", "paris"]) == 1
    assert "matches several events" in capsys.readouterr().err


def test_events_export_as_a_calendar(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Events go to calendars as iCalendar."""
    assert main(["--database", seeded, "export", "events", "--year", "2026"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("BEGIN:VEVENT") == 6
    assert captured.err.strip() == "6 events written", "undated events are in no year"


def test_the_people_at_networks_or_at_no_organization(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kind of organization filters an export as it filters the contacts table."""
    command = ["--database", seeded, "export", "contacts", "--columns", "full_name"]
    assert main([*command, "--organization-kind", "network"]) == 0
    names = capsys.readouterr().out.lstrip("\ufeff").split("\r\n")[1:-1]
    assert sorted(names) == ["Joelle Milman", "John Lyndon", "Nivine Sandouka"]
    assert main([*command, "--organization-kind", "none"]) == 0  # each has one, here
    captured = capsys.readouterr()
    assert captured.out.lstrip("\ufeff").split("\r\n")[1:-1] == []
    assert captured.err.strip() == "0 contacts written"
    with pytest.raises(SystemExit):
        main([*command, "--organization-kind", "bakery"])
