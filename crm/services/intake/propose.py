"""Read a document's proposals: the rules in order, each building on what the last found."""

from __future__ import annotations

from crm.domain.intake import IntakeDocument, Proposal, Vocabulary
from crm.services.intake.collector import Collector
from crm.services.intake.happenings import (
    date_events,
    find_attendances,
    find_commitments,
    find_events,
    find_organizers,
)
from crm.services.intake.parties import (
    find_contact_details,
    find_governments,
    find_known_names,
    find_organizations,
    find_people,
)

DEFAULT_REGION = "US"  # phone numbers written without +country, when the dateline gives none


def propose(document: IntakeDocument, vocabulary: Vocabulary | None = None) -> list[Proposal]:
    """Return what ``document`` proposes, organizations first (others refer to them).

    ``vocabulary`` holds the names the database knows, found wherever the text uses them.
    """
    found = Collector(document)
    find_organizations(found)
    known_people = find_known_names(found, vocabulary) if vocabulary else []
    governments = find_governments(found)
    people = sorted([*find_people(found), *known_people], key=lambda m: m[1])
    find_contact_details(found, people, document.country or DEFAULT_REGION)
    events = find_events(found)
    date_events(found, events)
    find_organizers(found, events, people)
    find_attendances(found, people, events, governments)
    find_commitments(found, people, events)
    return found.proposals()
