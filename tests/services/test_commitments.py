"""Commitments, endorsers and follow-ups through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from crm.data.unit_of_work import Database
from crm.domain.drafts import CommitmentDraft, FollowUpDraft
from crm.domain.enums import CommitmentKind, CommitmentStatus
from crm.domain.errors import ValidationError
from crm.domain.records import ContactDetail, EventDetail, OrganizationDetail
from crm.services import commitments


def test_a_declaration_adopted_by_147_states(
    db: Database,
    make_organization: Callable[..., OrganizationDetail],
    make_event: Callable[..., EventDetail],
) -> None:
    """Endorsers and a count are kept; a follow-up moves the status on and is dated."""
    france = make_organization(name="Government of France")
    saudi = make_organization(name="Government of Saudi Arabia")
    conference = make_event(name="High-Level International Conference")
    with db.unit_of_work() as session:
        created = commitments.create_commitment(
            session,
            CommitmentDraft(
                title="New York Declaration",
                kind=CommitmentKind.DECLARATION,
                status=CommitmentStatus.PROPOSED,
                event_id=conference.row.id,
                made_on=date(2025, 7, 1),
                endorser_count=147,
                endorser_organization_ids=(france.row.id, saudi.row.id),
            ),
        )
    with db.unit_of_work() as session:
        after = commitments.add_follow_up(
            session,
            created.row.id,
            FollowUpDraft(
                date(2025, 9, 1), CommitmentStatus.MADE, "Adopted by 147 states at the UNGA."
            ),
            expected_version=created.row.version,
        )
    assert after.row.status is CommitmentStatus.MADE
    assert after.row.endorser_count == 147
    assert [e.label for e in after.endorsers] == [
        "Government of France",
        "Government of Saudi Arabia",
    ]
    assert [(f.on_date, f.status) for f in after.follow_ups] == [
        (date(2025, 9, 1), CommitmentStatus.MADE)
    ]
    assert after.row.event is not None and after.row.event.label.startswith("High-Level")


def test_a_follow_up_before_the_commitment_is_refused(
    db: Database, make_organization: Callable[..., OrganizationDetail]
) -> None:
    """A follow-up cannot predate the commitment, and needs a note."""
    with db.unit_of_work() as session:
        created = commitments.create_commitment(
            session, CommitmentDraft(title="Ceasefire", made_on=date(2025, 6, 13))
        )
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        commitments.add_follow_up(
            session, created.row.id, FollowUpDraft(date(2025, 1, 1), CommitmentStatus.LAPSED, " ")
        )
    assert {p.field for p in caught.value.problems} == {"note", "on_date"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"made_on": date(2025, 6, 13), "due_on": date(2025, 1, 1)}, "due_on"),
        ({"endorser_count": -3}, "endorser_count"),
        ({"event_id": 999}, "event_id"),
        ({"maker_organization_id": 999}, "maker"),
        ({"endorser_contact_ids": (999,)}, "endorsers"),
    ],
)
def test_nonsense_is_refused(db: Database, overrides: dict[str, object], field: str) -> None:
    """Each impossible commitment is refused, naming the field to fix."""
    draft = CommitmentDraft(**{"title": "A call", **overrides})  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        commitments.create_commitment(session, draft)
    assert field in {p.field for p in caught.value.problems}


def test_two_makers_are_refused(
    db: Database,
    make_organization: Callable[..., OrganizationDetail],
    make_contact: Callable[..., ContactDetail],
) -> None:
    """A commitment is made by an organization or by a person, not both."""
    org = make_organization()
    person = make_contact()
    draft = CommitmentDraft(
        title="X", maker_organization_id=org.row.id, maker_contact_id=person.row.id
    )
    with pytest.raises(ValidationError, match="one maker"), db.unit_of_work() as session:
        commitments.create_commitment(session, draft)


def test_search_by_maker_and_filter_by_status(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """Searching a maker's name finds their commitments; the status filter narrows."""
    macron = make_contact(given_name="Emmanuel", family_name="Macron")
    with db.unit_of_work() as session:
        commitments.create_commitment(
            session,
            CommitmentDraft(
                title="Support for a political solution",
                maker_contact_id=macron.row.id,
                kind=CommitmentKind.DECLARATION,
            ),
        )
        commitments.create_commitment(
            session,
            CommitmentDraft(title="Release of all hostages", status=CommitmentStatus.PROPOSED),
        )
    with db.unit_of_work() as session:
        found = commitments.list_commitments(session, search="macron").rows
        assert [(c.title, c.maker.label if c.maker else None) for c in found] == [
            ("Support for a political solution", "Emmanuel Macron")
        ]
        assert [c.title for c in commitments.list_commitments(session, status="proposed").rows] == [
            "Release of all hostages"
        ]


def test_the_people_who_made_commitments_are_listed_once_each_by_name(
    db: Database, make_contact: Callable[..., ContactDetail]
) -> None:
    """The person-maker filter lists the makers, not the first contacts of the table."""
    zoe = make_contact(given_name="Zoe", family_name="Abbas")
    make_contact(given_name="Aaron", family_name="Aaronson")  # first by name, made nothing
    macron = make_contact(given_name="Emmanuel", family_name="Macron")
    with db.unit_of_work() as session:
        for title, maker in (("A", macron), ("B", macron), ("C", zoe)):
            commitments.create_commitment(
                session, CommitmentDraft(title=title, maker_contact_id=maker.row.id)
            )
    with db.unit_of_work() as session:
        makers = commitments.people_who_made_commitments(session, 10)
        assert [(r.id, r.label) for r in makers] == [
            (zoe.row.id, "Zoe Abbas"),
            (macron.row.id, "Emmanuel Macron"),
        ]
        assert len(commitments.people_who_made_commitments(session, 1)) == 1
