"""The command line, run as a user would: in-process for detail, as a process for exit codes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm.app import main
from crm.data import migrations
from crm.domain.drafts import ContactDraft, EmailDraft
from crm.domain.enums import RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file named on the command line."""
    return f"sqlite:///{tmp_path / 'x.db'}"


def test_seed_then_list_contacts_as_json(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The documents' people come out with emails, E.164 phones, organizations and titles."""
    assert _run(["--database", db_url, "seed"], capsys)[0] == 0
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--json"], capsys)
    assert code == 0
    people = {p["display_name"]: p for p in json.loads(out)}
    joelle = people["Joelle Milman"]
    assert [e["address"] for e in joelle["emails"]] == ["joelle@allmep.org"]
    assert [p["e164"] for p in joelle["phones"]] == ["+19205741232"]
    assert joelle["organization"] == "Alliance for Middle East Peace (ALLMEP)"
    assert people["Emmanuel Macron"]["job_title"] == "President of the French Republic"
    assert people["John Lyndon"]["citations"][0]["document_title"].startswith("Paris Call")


def test_a_command_runs_with_the_garbage_collector_on(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The convene command loads its modules with the collector off (crm.launch), not more."""
    gc.disable()
    try:
        assert _run(["--database", db_url, "seed"], capsys)[0] == 0
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("organizations", {"name": "Alliance for Middle East Peace", "acronym": "ALLMEP"}),
        ("events", {"name": "Two peoples, two states, one future", "start_date": "2026-06-12"}),
        ("attendances", {"participant_name": "Government of Italy", "status": "absent"}),
        ("commitments", {"title": "New York Declaration", "endorser_count": 147}),
        ("documents", {"kind": "press_release", "published_on": "2025-06-15"}),
    ],
)
def test_every_kind_lists_as_json(
    db_url: str, capsys: pytest.CaptureFixture[str], kind: str, expected: dict[str, object]
) -> None:
    """Each kind prints one JSON array whose objects carry fields and related names."""
    _run(["--database", db_url, "seed"], capsys)
    code, out, _ = _run(["--database", db_url, "list", kind, "--json", "--limit", "500"], capsys)
    assert code == 0
    records = json.loads(out)
    assert any(expected.items() <= record.items() for record in records), records[:2]


def test_attendance_and_commitment_objects_name_their_relations(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An attendance names its event and participant; a commitment its maker and event."""
    _run(["--database", db_url, "seed"], capsys)
    _, out, _ = _run(
        ["--database", db_url, "list", "attendances", "--json", "--search", "sandouka"], capsys
    )
    (sandouka,) = json.loads(out)
    assert (sandouka["event_name"], sandouka["role"], sandouka["status"]) == (
        "Paris Call for Peace",
        "speaker",
        "attended",
    )
    _, out, _ = _run(
        ["--database", db_url, "list", "commitments", "--json", "--search", "ceasefire"], capsys
    )
    ceasefire = json.loads(out)[0]
    assert ceasefire["maker_name"] == "Alliance for Middle East Peace (ALLMEP)"
    assert (ceasefire["event_name"], ceasefire["made_on"], ceasefire["status"]) == (
        "Paris Call for Peace",
        "2025-06-13",
        "made",
    )


def test_seeding_twice_leaves_stats_unchanged(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The counts of `convene stats` stay the same after a second seed."""
    _run(["--database", db_url, "seed"], capsys)
    first = json.loads(_run(["--database", db_url, "stats", "--json"], capsys)[1])
    code, out, _ = _run(["--database", db_url, "seed"], capsys)
    assert (code, out.strip()) == (0, "nothing to add: already seeded")
    second = json.loads(_run(["--database", db_url, "stats", "--json"], capsys)[1])
    assert first == second and first["contacts"] == 6


def test_text_listing_and_search(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The plain listing has a header, one line a record and a count."""
    _run(["--database", db_url, "seed"], capsys)
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--search", "allmep"], capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Name")
    assert lines[-1] == "(3 contacts)"


def test_db_upgrade_reports_the_revision(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`convene db upgrade` brings the database to the newest revision and says which."""
    code, out, _ = _run(["--database", db_url, "db", "upgrade"], capsys)
    assert code == 0 and out.strip() == f"schema revision: {migrations.head_revision()}"


def test_the_environment_names_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """CRM_DATABASE_URL is used when --database is not given."""
    monkeypatch.setenv("CRM_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert _run(["seed"], capsys)[0] == 0
    assert (tmp_path / "env.db").exists()


def _convene(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--database", "mysql://u@h/db", "stats"], 1, "is not a database Convene can open"),
        (
            ["--database", "postgresql+psycopg://x@/db?host=/nonexistent&port=1", "stats"],
            1,
            "Cannot open the database",
        ),
        (["list", "widgets"], 2, "invalid choice: 'widgets'"),
        (["list", "contacts", "--limit", "0"], 2, "must be 1 or more"),
    ],
)
def test_errors_are_one_clear_line_without_traceback(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    """Bad input exits non-zero with a plain message on stderr and no traceback."""
    result = _convene(*args, env={"CRM_DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}"})
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("convene") and message in last_line


def test_a_password_never_reaches_the_error_message(tmp_path: Path) -> None:
    """An unreachable server's URL is echoed with its password hidden."""
    result = _convene(
        "--database", "postgresql+psycopg://user:s3cret@/db?host=/nonexistent&port=1", "stats"
    )
    assert result.returncode == 1
    assert "s3cret" not in result.stderr and "***" in result.stderr


def test_main_py_runs_the_same_program(tmp_path: Path) -> None:
    """`python main.py` is the same entry point as `convene`."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            str(root / "main.py"),
            "--database",
            f"sqlite:///{tmp_path / 'm.db'}",
            "stats",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["contacts"] == 0


def test_duplicates_are_listed_and_merged_only_when_confirmed(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second Joelle Milman with her address pairs with the first; --yes merges them."""
    assert _run(["--database", db_url, "seed"], capsys)[0] == 0
    workspace = Workspace(open_database(db_url))
    copy = workspace.create(
        RecordKind.CONTACTS,
        ContactDraft(
            given_name="Joëlle", family_name="Milman", emails=(EmailDraft("JOELLE@allmep.org"),)
        ),
    ).row.id
    workspace.close()

    code, out, _ = _run(["--database", db_url, "duplicates", "contacts", "--json"], capsys)
    assert code == 0
    [pair] = json.loads(out)
    assert {pair["first"]["name"], pair["second"]["name"]} == {"Joelle Milman", "Joëlle Milman"}
    assert pair["reasons"] == ["same email joelle@allmep.org", "same name"]
    kept = pair["first"]["id"] if pair["second"]["id"] == copy else pair["second"]["id"]

    code, _, err = _run(["--database", db_url, "merge", "contacts", str(kept), str(copy)], capsys)
    assert code == 1 and "--yes" in err and "Joëlle Milman" in err
    code, out, _ = _run(
        ["--database", db_url, "merge", "contacts", str(kept), str(copy), "--yes"], capsys
    )
    assert code == 0 and out.startswith(f"merged #{copy} Joëlle Milman into #{kept} ")
    code, out, _ = _run(["--database", db_url, "duplicates", "contacts"], capsys)
    assert out.strip() == "no likely duplicate contacts found"
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--json"], capsys)
    joelle = [p for p in json.loads(out) if p["display_name"] == "Joelle Milman"]
    assert len(joelle) == 1 and [e["address"] for e in joelle[0]["emails"]] == ["joelle@allmep.org"]

    code, out, _ = _run(["--database", db_url, "merges"], capsys)
    merge_id = out.split()[0]
    assert code == 0 and "Joëlle Milman (#" in out and "(undone)" not in out
    code, out, _ = _run(["--database", db_url, "unmerge", merge_id], capsys)
    assert code == 0 and "are two records again" in out
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--search", "milman"], capsys)
    assert "Joëlle Milman" in out and "Joelle Milman" in out
    code, _, err = _run(["--database", db_url, "unmerge", merge_id], capsys)
    assert code == 1 and "undone already" in err


def test_intake_proposes_as_json_then_takes_the_document_in(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run --json prints each proposal with its kind, fields, quote and match."""
    from crm.shipped import shipped_dir

    release = shipped_dir("crm.resources") / "documents"
    release = release / "paris-call-for-peace-press-release-2025-06-15.txt"
    code, out, _ = _run(
        ["--database", db_url, "intake", str(release), "--dry-run", "--json"], capsys
    )
    assert code == 0
    proposed = json.loads(out)
    assert proposed["document"]["published_on"] == "2025-06-15"
    joelle = next(p for p in proposed["proposals"] if p["label"] == "Joelle Milman")
    assert joelle["kind"] == "person" and joelle["match"] is None
    assert joelle["fields"]["emails"] == ["joelle@allmep.org"]
    assert joelle["fields"]["phones"] == ["+19205741232"]
    assert joelle["quote"]["text"] == "Joelle Milman - Alliance for Middle East Peace"
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--json"], capsys)
    assert json.loads(out) == [], "a dry run writes nothing"

    code, out, _ = _run(["--database", db_url, "intake", str(release)], capsys)
    assert code == 0 and "taken in: created 7 organization, 4 contact" in out
    code, out, _ = _run(["--database", db_url, "list", "contacts", "--json"], capsys)
    assert {p["display_name"] for p in json.loads(out)} == {
        "Joelle Milman",
        "Emmanuel Macron",
        "John Lyndon",
        "Nivine Sandouka",
    }
    code, out, _ = _run(
        ["--database", db_url, "intake", str(release), "--dry-run", "--json"], capsys
    )
    again = {p["label"]: p["match"] for p in json.loads(out)["proposals"]}
    assert again["Joelle Milman"]["reason"] == "same email", "the second time, all is on file"
    code, _, err = _run(["--database", db_url, "intake", str(release)], capsys)
    assert code == 1 and "taken in already" in err


def test_tags_are_listed_renamed_merged_and_deleted_only_when_confirmed(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo'd tag merged into the right one by name in any case; a delete asks for --yes."""
    workspace = Workspace(open_database(db_url))
    workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Ana", tags=("Pres",)))
    workspace.create(RecordKind.CONTACTS, ContactDraft(family_name="Bo", tags=("Press", "Old")))
    code, out, _ = _run(["--database", db_url, "tags", "--json"], capsys)
    assert code == 0
    assert [(t["name"], t["contacts"]) for t in json.loads(out)] == [
        ("Old", 1),
        ("Pres", 1),
        ("Press", 1),
    ]
    code, out, _ = _run(["--database", db_url, "tag", "rename", "pres", "PRESS"], capsys)
    assert (code, out) == (
        0,
        "merged “Pres” into “Press” (1 contact)\n",
    )
    code, _, err = _run(["--database", db_url, "tag", "delete", "old"], capsys)
    assert code == 1 and "Add --yes" in err
    code, out, _ = _run(["--database", db_url, "tag", "delete", "old", "--yes"], capsys)
    assert code == 0 and out.startswith("deleted “Old”")
    code, out, _ = _run(["--database", db_url, "tags"], capsys)
    assert out == "Press  (2 contacts)\n"
    code, _, err = _run(["--database", db_url, "tag", "rename", "nothing", "x"], capsys)
    assert code == 1 and "No tag is called “nothing”" in err
