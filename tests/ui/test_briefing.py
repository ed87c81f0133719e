"""An event's briefing PDF: its lists and badges, read back with Qt's PDF reader."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from crm.app import main
from crm.domain.drafts import AttendanceDraft, ContactDraft, EmailDraft, PhoneDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, RecordKind
from crm.services.opening import open_database
from crm.services.workspace import Workspace
from crm.ui.briefing_pdf import write_briefing_pdf
from tests.ui.conftest import OpenWindow


def _pages(path: Path) -> list[str]:
    """Each page's words, read back with pypdf (QtPdf is not in every PySide6 release)."""
    reader = PdfReader(path)
    # Words only (a table cell wraps where its column ends), ligatures and Arabic
    # presentation forms unfolded (NFKC).
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in reader.pages
    ]


def _holds(text: str, word: str) -> bool:
    """A PDF's text gives right-to-left words in drawn order: letters last to first."""
    return word in text or word[::-1] in text


def _with_press_and_scripts(workspace: Workspace) -> int:
    """The 2026 conference of the seed, with two speakers in their scripts and two journalists."""
    (event,) = workspace.find(RecordKind.EVENTS, "Two peoples, two states")[:1]
    people = [
        (ContactDraft(given_name="Amira", family_name="Haddad", native_name="أميرة حداد",
                      job_title="Director"), AttendanceRole.SPEAKER),
        (ContactDraft(given_name="Yael", family_name="Braudo-Bahat", native_name="יעל ברודו-בהט"),
         AttendanceRole.SPEAKER),
        (ContactDraft(given_name="Samira", family_name="Nassar", is_press=True,
                      emails=(EmailDraft("s.nassar@observer.example.org"),),
                      phones=(PhoneDraft("+962 6 560 4181"),)), AttendanceRole.PRESS),
        (ContactDraft(given_name="Daniel", family_name="Weiss", is_press=True, do_not_contact=True,
                      emails=(EmailDraft("d.weiss@example.org"),)), AttendanceRole.PRESS),
    ]  # fmt: skip
    for draft, role in people:
        contact = workspace.create(RecordKind.CONTACTS, draft).row.id
        workspace.create(
            RecordKind.ATTENDANCES,
            AttendanceDraft(event.id, role, AttendanceStatus.CONFIRMED, contact_id=contact),
        )
    return event.id


def test_the_pdf_lists_participants_press_commitments_and_prints_badges(
    qtbot: QtBot, database_file: str, tmp_path: Path
) -> None:
    workspace = Workspace(open_database(database_file))
    event_id = _with_press_and_scripts(workspace)
    briefing = workspace.briefing(event_id)
    path = tmp_path / "briefing.pdf"

    pages = write_briefing_pdf(briefing, path)

    text = _pages(path)
    assert len(text) == pages and path.read_bytes().startswith(b"%PDF")
    lists = " ".join(text[: pages - 3])  # 18 badges, eight to a page: the last three pages
    for shown in (
        "Two peoples, two states, one future",
        "Organizer",
        "Jean-Noël Barrot",
        "Minister for Europe and Foreign Affairs",
        "Speaker",
        "Government of Italy",
        "absent",
        "s.nassar@observer.example.org",
        "+96265604181",
        "Final declaration of the 2026 Paris conference",
    ):
        assert shown in lists, shown
    assert all(_holds(lists, word) for word in ("أميرة", "حداد"))
    assert "d.weiss@example.org" not in lists and "do not contact" in lists
    badges = " ".join(text[pages - 3 :])
    assert "SPEAKER" in badges and "Amira Haddad" in badges
    assert all(_holds(badges, word) for word in ("יעל", "ברודו"))
    assert "Government of Italy" not in badges, "no badge for a delegation that stayed away"
    workspace.close()


def test_convene_briefing_writes_the_pdf_and_names_an_ambiguous_event(
    database_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "paris.pdf"
    assert main(["--database", database_file, "briefing", "Paris Call", "--output", str(out)]) == 0
    assert "3 participants, 3 badges" in capsys.readouterr().out
    assert "John Lyndon" in " ".join(_pages(out))
    assert (
        main(["--database", database_file, "briefing", "Working group", "--output", str(out)]) == 1
    )
    assert "fits several events" in capsys.readouterr().err


def test_the_window_writes_the_current_events_briefing(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    events = window.show_view(RecordKind.EVENTS)
    qtbot.waitUntil(lambda: events.model.rowCount() > 0)
    (paris,) = window.workspace.find(RecordKind.EVENTS, "Paris Call for Peace")
    events.select_id(paris.id)
    qtbot.waitUntil(window.briefing_action.isEnabled)
    path = tmp_path / "briefing.pdf"
    window.write_briefing(str(path))
    qtbot.waitUntil(lambda: "written to" in window.statusBar().currentMessage(), timeout=20000)
    assert "Nivine Sandouka" in " ".join(_pages(path))
    window.show_view(RecordKind.CONTACTS)
    qtbot.waitUntil(lambda: not window.briefing_action.isEnabled())
