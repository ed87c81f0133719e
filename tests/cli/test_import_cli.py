"""`convene import contacts`: files in, a plain report out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm.app import main
from tests.support.fixtures import fixtures_dir


@pytest.fixture
def url(tmp_path: Path) -> str:
    """An empty SQLite database."""
    return f"sqlite:///{tmp_path / 'x.db'}"


def _contacts(url: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--database", url, "list", "contacts", "--json"]) == 0
    return list(json.loads(capsys.readouterr().out))


def test_an_export_comes_back_in_through_the_command_line(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export the documents' people as vCard, import them elsewhere: the same people."""
    source = f"sqlite:///{tmp_path / 'source.db'}"
    main(["--database", source, "seed"])
    card = tmp_path / "people.vcf"
    assert (
        main(
            ["--database", source, "export", "contacts", "--format", "vcard", "--output", str(card)]
        )
        == 0
    )
    assert main(["--database", url, "import", "contacts", str(card)]) == 0
    assert "6 created" in capsys.readouterr().out
    people = {p["display_name"]: p for p in _contacts(url, capsys)}
    assert people["Joelle Milman"]["phone"] == "+19205741232"
    assert people["Jean-Noël Barrot"]["job_title"] == "Minister for Europe and Foreign Affairs"


def test_a_dry_run_reports_and_writes_nothing(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run says what would happen."""
    google = fixtures_dir() / "csv" / "roundcube" / "gmail.csv"
    assert main(["--database", url, "import", "contacts", str(google), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("dry run, nothing written: 1 created")
    assert "phone dropped" in captured.err
    assert _contacts(url, capsys) == []


def test_bad_input_is_one_clear_line(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file, a non-vCard and an unknown mapping field are refused plainly."""
    assert main(["--database", url, "import", "contacts", str(tmp_path / "none.csv")]) == 1
    assert "No file at" in capsys.readouterr().err
    fake = tmp_path / "fake.vcf"
    fake.write_text("hello\n")
    assert main(["--database", url, "import", "contacts", str(fake)]) == 1
    assert "Not a vCard file" in capsys.readouterr().err
    sheet = tmp_path / "odd.csv"
    sheet.write_text("Nom,Courriel\nAna,ana@example.org\n")
    assert main(["--database", url, "import", "contacts", str(sheet)]) == 1
    assert "No column of this file is one Convene knows" in capsys.readouterr().err
    assert (
        main(
            [
                "--database",
                url,
                "import",
                "contacts",
                str(sheet),
                "--mapping",
                "Nom=given_name,Courriel=email",
            ]
        )
        == 0
    )
    assert "1 created" in capsys.readouterr().out
