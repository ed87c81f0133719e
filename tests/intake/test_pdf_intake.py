"""A press release handed over as PDF is read from its text layer, like its text file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from pytestqt.qtbot import QtBot

from crm.data.unit_of_work import Database
from crm.domain.errors import DomainError
from crm.domain.intake import ProposalKind
from crm.services.intake.reading import read_document
from crm.services.workspace import Workspace
from tests.intake.test_intake import RELEASE


def _as_pdf(text: str, path: Path) -> None:
    """Lay a text out on A4 pages as a word processor's PDF export would."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setPlainText(text)
    document.print_(writer)


def test_the_release_as_pdf_proposes_what_its_text_does(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    pdf = tmp_path / "release.pdf"
    _as_pdf(RELEASE.read_text(encoding="utf-8"), pdf)
    workspace = Workspace(db)
    from_pdf = workspace.read_intake(str(pdf))
    from_text = workspace.read_intake(str(RELEASE))
    assert from_pdf.document.published_on == from_text.document.published_on
    for kind in (ProposalKind.PERSON, ProposalKind.ORGANIZATION, ProposalKind.EVENT):
        assert {p.label for p in from_pdf.of_kind(kind)} == {
            p.label for p in from_text.of_kind(kind)
        }
    joelle = next(p for p in from_pdf.of_kind(ProposalKind.PERSON) if p.label == "Joelle Milman")
    assert joelle.fields["emails"] == ["joelle@allmep.org"]
    assert [v.split("\t")[-1] for v in joelle.fields["phones"]] == ["+19205741232"]


def test_a_pdf_without_text_or_not_a_pdf_is_refused_with_the_reason(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blank = tmp_path / "scan.pdf"
    _as_pdf("", blank)
    with pytest.raises(DomainError, match="no text to read"):
        read_document(blank)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(DomainError, match="could not be read as a PDF"):
        read_document(broken)
