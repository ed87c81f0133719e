"""Documents and citations: where we know each record from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from crm.data.models import (
    CITABLE_COLUMNS,
    Attendance,
    Base,
    Citation,
    Commitment,
    Contact,
    Document,
    Event,
    Organization,
)
from crm.domain.drafts import CitationDraft, DocumentDraft
from crm.domain.errors import FieldProblem
from crm.domain.records import CitationRow, DocumentDetail, DocumentRow, Page, Sort
from crm.domain.text import search_document
from crm.domain.validation import optional_text, require_text
from crm.services.common import (
    Problems,
    check_reference,
    delete_record,
    edit_record,
    fetch,
    insert_record,
    text_filter,
    to_citation_row,
)
from crm.services.labels import organization_name
from crm.services.paging import DEFAULT_LIMIT, page_of

KIND = "document"

SORT_KEYS: dict[str, Any] = {
    "title": func.lower(Document.title),
    "kind": Document.kind,
    "published_on": Document.published_on,
    "author": Document.author_name,
    "language": Document.language,
}

CITABLE_MODELS: dict[str, type[Base]] = {
    "contact": Contact,
    "organization": Organization,
    "event": Event,
    "attendance": Attendance,
    "commitment": Commitment,
}
assert {f"{kind}_id" for kind in CITABLE_MODELS} == set(CITABLE_COLUMNS)


def _apply(session: Session, document: Document, draft: DocumentDraft) -> None:
    problems = Problems()
    title = problems.take(require_text(draft.title, "title", "The document's title"))
    problems.add(
        check_reference(session, Organization, draft.publisher_id, "publisher_id", "publisher")
    )
    problems.add(check_reference(session, Contact, draft.author_contact_id, "author", "contact"))
    problems.raise_if_any()
    document.title = title or ""
    document.kind = draft.kind
    document.publisher_id = draft.publisher_id
    document.author_name = optional_text(draft.author_name)
    document.author_contact_id = draft.author_contact_id
    document.published_on = draft.published_on
    document.url = optional_text(draft.url)
    document.language = optional_text(draft.language)
    document.text = draft.text
    document.notes = optional_text(draft.notes)
    if draft.external_id is not None:
        document.external_id = draft.external_id
    document.search_text = search_document(document.title, document.author_name, document.text)


def create_document(session: Session, draft: DocumentDraft) -> DocumentDetail:
    """Add a source document."""
    document = insert_record(session, Document(), lambda d: _apply(session, d, draft))
    return get_document(session, document.id)


def update_document(
    session: Session, document_id: int, draft: DocumentDraft, expected_version: int | None
) -> DocumentDetail:
    """Change a document, refusing if someone else changed it since ``expected_version``."""
    edit_record(
        session,
        Document,
        document_id,
        KIND,
        expected_version,
        lambda d: _apply(session, d, draft),
    )
    return get_document(session, document_id)


def delete_document(
    session: Session, document_id: int, expected_version: int | None = None
) -> None:
    """Delete a document and every citation of it."""
    delete_record(session, Document, document_id, KIND, expected_version)


def cite(session: Session, draft: CitationDraft) -> CitationRow:
    """Make a record cite a document with a short quote."""
    problems = Problems()
    model = CITABLE_MODELS.get(draft.record.kind)
    quote = problems.take(require_text(draft.quote, "quote", "The quote"))
    problems.add(check_reference(session, Document, draft.document_id, "document_id", "document"))
    if model is None:
        problems.add(
            FieldProblem("record", "not_citable", f"A {draft.record.kind} cannot cite documents.")
        )
    else:
        problems.add(check_reference(session, model, draft.record.id, "record", draft.record.kind))
    problems.raise_if_any()
    citation = Citation(document_id=draft.document_id, quote=quote, note=optional_text(draft.note))
    setattr(citation, f"{draft.record.kind}_id", draft.record.id)
    session.add(citation)
    session.flush()
    return to_citation_row(citation)


def remove_citation(session: Session, citation_id: int) -> None:
    """Remove one citation."""
    session.delete(fetch(session, Citation, citation_id, "citation"))
    session.flush()


def to_row(document: Document) -> DocumentRow:
    """Build the table row of a document."""
    return DocumentRow(
        id=document.id,
        title=document.title,
        kind=document.kind,
        publisher=organization_name(document.publisher) if document.publisher else None,
        author=document.author_name,
        published_on=document.published_on,
        url=document.url,
        language=document.language,
        version=document.version,
    )


def get_document(session: Session, document_id: int) -> DocumentDetail:
    """Return a document with its text and every record that cites it."""
    document = fetch(session, Document, document_id, KIND)
    return DocumentDetail(
        row=to_row(document),
        publisher_id=document.publisher_id,
        author_contact_id=document.author_contact_id,
        text=document.text,
        notes=document.notes,
        citations=tuple(to_citation_row(c) for c in document.citations),
    )


def list_documents(
    session: Session,
    search: str | None = None,
    sort: Sort | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count: bool = True,
    total_hint: int | None = None,
    after_id: int | None = None,
) -> Page[DocumentRow]:
    """Return documents, latest first, filtered by words of their title, author or text."""
    query = select(Document)
    condition = text_filter(Document.search_text, search)
    if condition is not None:
        query = query.where(condition)
    documents, total = page_of(
        session,
        query,
        (Document.published_on.desc().nulls_last(), Document.title, Document.id),
        limit,
        offset,
        (selectinload(Document.publisher),),
        sort=sort,
        sort_keys=SORT_KEYS,
        count=count,
        total_hint=total_hint,
        after_id=after_id,
    )
    return Page(tuple(to_row(d) for d in documents), total)
