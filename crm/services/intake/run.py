"""Take a document in: read it, propose its records matched with those on file, commit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from crm.domain.intake import IntakeResult
from crm.services.intake.known import Known, match_proposals
from crm.services.intake.propose import propose
from crm.services.intake.reading import read_document


def read_intake(session: Session, path: str | Path) -> IntakeResult:
    """Read a document and propose its records, each matched with any record on file."""
    document = read_document(path)
    known = Known(session, document.text)
    proposals = match_proposals(known, propose(document, known.vocabulary()))
    return IntakeResult(document, tuple(proposals))
