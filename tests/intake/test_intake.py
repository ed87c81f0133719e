"""Document intake: the two source documents, and documents of our own, into a fresh database.

Figures of precision and recall are checked against answer keys written by hand
(tests/intake/answer_keys); bench/intake.py prints them for every document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm.data.models import Citation, Contact, Document, Event, Organization
from crm.data.unit_of_work import Database
from crm.domain.drafts import OrganizationDraft
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.domain.intake import ProposalKind
from crm.services.labels import label_of
from crm.services.workspace import Workspace
from crm.shipped import shipped_dir
from tests.intake.scoring import answer_key, score

SOURCES = shipped_dir("crm.resources") / "documents"
RELEASE = SOURCES / "paris-call-for-peace-press-release-2025-06-15.txt"
ARTICLE = SOURCES / "civil-society-road-map-article-2026.txt"
OWN = Path(__file__).parent / "documents"
# What each kind must reach on the source documents (the rules were written on them).
FLOORS = {
    "people": (1.0, 1.0),
    "organizations": (0.95, 1.0),
    "events": (1.0, 1.0),
    "commitments": (0.75, 0.5),
    "emails": (1.0, 1.0),
    "phones": (1.0, 1.0),
}


@pytest.mark.parametrize("source", [RELEASE, ARTICLE], ids=["release", "article"])
def test_the_source_documents_propose_what_the_answer_key_holds(db: Database, source: Path) -> None:
    result = Workspace(db).read_intake(str(source))
    scores = score(list(result.proposals), answer_key(source.name))
    for kind, (precision, recall) in FLOORS.items():
        got = scores[kind]
        assert got.precision >= precision, f"{kind}: precision {got.right}/{got.proposed}"
        assert got.recall >= recall, f"{kind}: recall {got.found}/{got.wanted}"


def test_the_press_contact_the_events_dates_and_the_calls_of_the_release(db: Database) -> None:
    result = Workspace(db).read_intake(str(RELEASE))
    document = result.document
    assert (document.published_on, document.city, document.country) == (
        date(2025, 6, 15),
        "Paris",
        "FR",
    )
    people = {p.label: p for p in result.of_kind(ProposalKind.PERSON)}
    joelle = people["Joelle Milman"].fields
    assert joelle["emails"] == ["joelle@allmep.org"]
    assert [p.split("\t")[-1] for p in joelle["phones"]] == ["+19205741232"]
    assert joelle["is_press"]
    assert people["John Lyndon"].fields["job_title"] == "Executive Director"
    events = {e.label: e.fields["start_date"] for e in result.of_kind(ProposalKind.EVENT)}
    # "On Friday evening" in a release of Sunday 15 June 2025.
    assert events["Paris Call for Peace"] == date(2025, 6, 13)
    ceasefire = next(c for c in result.of_kind(ProposalKind.COMMITMENT) if "ceasefire" in c.label)
    assert ceasefire.label == "An immediate and permanent ceasefire"
    assert "emphasized the need for an immediate and permanent ceasefire" in ceasefire.quote.text
    start, end = ceasefire.quote.start, ceasefire.quote.end
    assert document.text[start:end].replace("\n", " ").startswith("Drawing on the input")


def test_a_weekday_and_day_without_a_year_take_the_year_they_fit(db: Database) -> None:
    """The article has no dateline: "On Friday 12 June" is in 2026.

    That is the year 12 June is a Friday, after the latest year the article names (2025).
    """
    result = Workspace(db).read_intake(str(ARTICLE))
    events = {e.label: e.fields.get("start_date") for e in result.of_kind(ProposalKind.EVENT)}
    assert events["Two peoples, two states, one future"] == date(2026, 6, 12)
    governments = {
        a.label: a.fields["status"].value
        for a in result.of_kind(ProposalKind.ATTENDANCE)
        if a.label.startswith("Government of")
    }
    assert governments["Government of Italy at Two peoples, two states, one future"] == "absent"
    assert sum(status == "attended" for status in governments.values()) == 12  # Norway twice


def test_taking_in_writes_every_record_citing_the_document_then_links_the_next(
    db: Database,
) -> None:
    workspace = Workspace(db)
    first = workspace.read_intake(str(RELEASE))
    report = workspace.commit_intake(first)
    assert report.created == {
        "organization": 7,
        "contact": 4,
        "event": 2,
        "attendance": 4,
        "commitment": 6,
    }
    with db.unit_of_work() as session:
        document = session.scalars(select(Document)).one()
        assert document.published_on == date(2025, 6, 15) and document.text == first.document.text
        assert document.publisher is not None and document.publisher.name == "EIN Presswire"
        cited = session.scalar(select(func.count()).select_from(Citation))
        assert cited == report.citations == len(first.proposals)
        joelle = session.scalars(select(Contact).where(Contact.family_name == "Milman")).one()
        assert [e.address for e in joelle.emails] == ["joelle@allmep.org"]
        assert [p.e164 for p in joelle.phones] == ["+19205741232"]
        assert joelle.affiliations[0].organization.acronym == "ALLMEP"
        quotes = session.scalars(
            select(Citation.quote).where(Citation.contact_id == joelle.id)
        ).all()
        assert quotes == ["Joelle Milman - Alliance for Middle East Peace"]
        paris = session.scalars(select(Event).where(Event.name == "Paris Call for Peace")).one()
        organizers = {
            (o.role.value, label_of(party))
            for o in paris.organizers
            if (party := o.contact or o.organization) is not None
        }
        assert organizers == {
            ("host", "Paris Peace Forum"),
            ("co_organizer", "Alliance for Middle East Peace (ALLMEP)"),
            ("patron", "Emmanuel Macron"),
        }

    with pytest.raises(DomainError, match="taken in already"):
        workspace.commit_intake(workspace.read_intake(str(RELEASE)))

    second = workspace.read_intake(str(ARTICLE))
    matched = {p.label: p.match for p in second.proposals if p.match is not None}
    assert matched["Group of Seven"] is not None and matched["Government of France"] is not None
    allmep = matched["Alliance for Peace in the Middle East"]  # the article's translation
    assert allmep is not None and allmep.label == "Alliance for Middle East Peace (ALLMEP)"
    report = workspace.commit_intake(second)
    assert report.linked["organization"] == 3
    with db.unit_of_work() as session:
        g7 = session.scalars(select(Organization).where(Organization.acronym == "G7")).one()
        g7_cited = session.scalar(
            select(func.count()).select_from(Citation).where(Citation.organization_id == g7.id)
        )
        assert g7_cited == 2, "one organization, cited by both documents"


def test_what_the_database_knows_is_found_in_the_next_document(
    db: Database, tmp_path: Path
) -> None:
    """Women Wage Peace has no organization word: once on file, it is found and linked."""
    text = tmp_path / "note.txt"
    text.write_text(
        "Peace talks\n\nMembers of Women Wage Peace met ministers in Oslo on 3 May 2026.\n",
        encoding="utf-8",
    )
    workspace = Workspace(db)
    assert not workspace.read_intake(str(text)).of_kind(ProposalKind.ORGANIZATION)
    known = workspace.create(RecordKind.ORGANIZATIONS, OrganizationDraft(name="Women Wage Peace"))
    [found] = workspace.read_intake(str(text)).of_kind(ProposalKind.ORGANIZATION)
    assert found.match is not None and found.match.id == known.row.id
    assert found.match_reason == "same name"
    assert found.quote.text.startswith("Members of Women Wage Peace")


def test_a_refused_proposal_refuses_the_whole_intake(db: Database, tmp_path: Path) -> None:
    text = tmp_path / "bad.txt"
    text.write_text(
        "Contact\n\nPARIS, FRANCE, June 1, 2026 --\n\nAmira Haddad - Peace Now Forum\n"
        "Email: amira@@example\n\nSaid Amira Haddad, Director of the Peace Now Forum.\n",
        encoding="utf-8",
    )
    workspace = Workspace(db)
    result = workspace.read_intake(str(text))
    bad = next(p for p in result.of_kind(ProposalKind.PERSON))
    object.__setattr__(bad, "fields", {**bad.fields, "emails": ["not an address"]})
    with pytest.raises(DomainError, match="Amira Haddad"):
        workspace.commit_intake(result)
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.scalar(select(func.count()).select_from(Organization)) == 0


def test_html_and_mail_messages_read_as_clean_text(tmp_path: Path) -> None:
    from crm.services.intake.reading import read_document

    page = read_document(OWN / "amman-youth-forum-article-2026.html")
    assert page.title == "Young peacebuilders in Amman ask donors for a ten-year fund"
    assert "<p>" not in page.text and "font-family" not in page.text and "Home" not in page.text
    assert page.published_on == date(2026, 11, 16)
    mail = read_document(OWN / "women-mediators-network-newsletter-2026-10.eml")
    assert mail.title.startswith("Invitation: Women in Mediation Roundtable")
    assert mail.published_on == date(2026, 10, 5) and mail.kind.value == "email"
    assert "Dear partners," in mail.text and "Content-Type" not in mail.text


@pytest.mark.parametrize(
    "name",
    [
        "geneva-dialogue-press-release-2026-03-05.txt",
        "amman-youth-forum-article-2026.html",
        "women-mediators-network-newsletter-2026-10.eml",
        "brussels-water-dialogue-release-2027-02.md",
    ],
)
def test_documents_of_our_own_keep_their_scores(db: Database, name: str) -> None:
    """Guard the scores of documents once measured unseen, then used to improve the rules.

    A rule that helps one document and breaks another fails here.
    """
    result = Workspace(db).read_intake(str(OWN / name))
    for kind, got in score(list(result.proposals), answer_key(name)).items():
        assert got.precision >= 0.9 and got.recall >= 0.8, f"{kind}: {got}"
