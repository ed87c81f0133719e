"""Documents and citations: where do we know this from?"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import CitationDraft, DocumentDraft, RecordRef
from crm.domain.enums import DocumentKind
from crm.domain.errors import ValidationError
from crm.domain.records import ContactDetail, OrganizationDetail
from crm.services import contacts, documents


def _press_release(db: Database, publisher_id: int | None = None) -> int:
    with db.unit_of_work() as session:
        return documents.create_document(
            session,
            DocumentDraft(
                title="Paris Call for Peace",
                kind=DocumentKind.PRESS_RELEASE,
                publisher_id=publisher_id,
                published_on=date(2025, 6, 15),
                text="Joelle Milman - Alliance for Middle East Peace",
            ),
        ).row.id


def test_a_contact_cites_its_source(
    db: Database,
    make_contact: Callable[..., ContactDetail],
    make_organization: Callable[..., OrganizationDetail],
) -> None:
    """The quote shows on the contact, and the document lists the contact among its records."""
    wire = make_organization(name="EIN Presswire")
    document_id = _press_release(db, wire.row.id)
    joelle = make_contact(given_name="Joelle", family_name="Milman")
    with db.unit_of_work() as session:
        documents.cite(
            session,
            CitationDraft(
                document_id, RecordRef("contact", joelle.row.id), "Joelle Milman - Alliance"
            ),
        )
    with db.unit_of_work() as session:
        contact = contacts.get_contact(session, joelle.row.id)
        document = documents.get_document(session, document_id)
    assert [(c.document_title, c.quote) for c in contact.citations] == [
        ("Paris Call for Peace", "Joelle Milman - Alliance")
    ]
    assert [(c.record.kind, c.record.label) for c in document.citations] == [
        ("contact", "Joelle Milman")
    ]
    assert document.row.publisher == "EIN Presswire"


def test_citing_a_missing_record_or_kind_is_refused(db: Database) -> None:
    """A citation must point at a record that exists, of a kind that can cite."""
    document_id = _press_release(db)
    with pytest.raises(ValidationError, match="No contact with id 77"), db.unit_of_work() as s:
        documents.cite(s, CitationDraft(document_id, RecordRef("contact", 77), "quote"))
    with pytest.raises(ValidationError, match="cannot cite"), db.unit_of_work() as s:
        documents.cite(s, CitationDraft(document_id, RecordRef("tag", 1), "quote"))
    with pytest.raises(ValidationError, match="quote"), db.unit_of_work() as s:
        documents.cite(s, CitationDraft(document_id, RecordRef("contact", 77), "  "))


def test_deleting_a_record_removes_its_citations(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """No citation is left pointing at nothing."""
    document_id = _press_release(db)
    person = make_contact()
    with db.unit_of_work() as session:
        documents.cite(
            session, CitationDraft(document_id, RecordRef("contact", person.row.id), "q")
        )
    with db.unit_of_work() as session:
        contacts.delete_contact(session, person.row.id)
    with db.unit_of_work() as session:
        assert documents.get_document(session, document_id).citations == ()


def test_documents_are_searched_by_their_text(db: Database) -> None:
    """Words of the text find the document, accents or not."""
    _press_release(db)
    with db.unit_of_work() as session:
        assert documents.list_documents(session, search="alliance middle").total == 1
        assert documents.list_documents(session, search="élysée").total == 0


def test_a_citation_can_be_removed(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """Taking a quote back leaves the document and the record, without the citation."""
    document_id = _press_release(db)
    person = make_contact()
    with db.unit_of_work() as session:
        citation = documents.cite(
            session, CitationDraft(document_id, RecordRef("contact", person.row.id), "q")
        )
    with db.unit_of_work() as session:
        documents.remove_citation(session, citation.id)
    with db.unit_of_work() as session:
        assert documents.get_document(session, document_id).citations == ()
        assert contacts.get_contact(session, person.row.id).citations == ()
