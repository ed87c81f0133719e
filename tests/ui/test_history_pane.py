"""Each record's change history in the detail pane: who, when, old → new; shown, never edited."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from crm.domain.drafts import EmailDraft
from crm.domain.editing import contact_draft
from crm.domain.enums import RecordKind
from tests.ui.conftest import OpenWindow


def test_the_detail_pane_shows_who_changed_what(qtbot: QtBot, open_window: OpenWindow) -> None:
    """A title changed and an email added show newest first, with the one who did it."""
    window = open_window()
    (joelle,) = window.workspace.find(RecordKind.CONTACTS, "milman")
    detail = window.workspace.detail(RecordKind.CONTACTS, joelle.id)
    changed = replace(
        contact_draft(detail),
        job_title="Head of press",
        emails=(*contact_draft(detail).emails, EmailDraft("joelle.m@example.org", "home")),
    )
    window.workspace.update(RecordKind.CONTACTS, joelle.id, changed, detail.row.version)

    window.go_to(RecordKind.CONTACTS, joelle.id)
    qtbot.waitUntil(lambda: "History" in window.detail.toPlainText())
    shown = window.detail.toPlainText()
    history = shown[shown.index("History") :]
    actor = window.workspace.history(RecordKind.CONTACTS, joelle.id)[0].actor
    assert f"· {actor} — updated" in history
    assert "job title “Press contact” → “Head of press”" in history
    assert "email created: joelle.m@example.org" in history
    assert history.index("Head of press") < history.index("— created"), "newest first"
    assert window.detail.isReadOnly()
