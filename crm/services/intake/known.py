"""What the database already knows: it finds names the rules would miss, and links proposals.

Known organizations are found in the text by name and acronym (Women Wage Peace has no
organization word, but once recorded it is found in every later document); known people by
their full name. Each proposal is then matched with the record it names: an organization by
name, acronym or a close name, a government by its country, a person by email or by name,
an event by name and day, a commitment by its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.models import Commitment, Contact, ContactEmail, Event, Organization
from crm.domain.enums import OrganizationKind
from crm.domain.intake import Proposal, ProposalKind, Vocabulary
from crm.domain.names import display_name, organization_label
from crm.domain.records import Ref
from crm.domain.text import fold
from crm.services.intake.collector import squash

CLOSE_NAME = 92  # token-sort ratio at which a proposed organization is a known one
CLOSE_EVENT = 88  # and an event, on the same day
NEAR_DAYS = 3  # days apart at which two dates of one event still agree


@dataclass(frozen=True)
class KnownOrganization:
    """An organization on record, by the names a document may use."""

    id: int
    name: str
    acronym: str | None
    kind: OrganizationKind
    country: str | None

    @property
    def label(self) -> str:
        """Its name as a person reads it."""
        return organization_label(self.name, self.acronym)


@dataclass(frozen=True)
class KnownPerson:
    """A person on record by name."""

    id: int
    given_name: str
    family_name: str


class Known:
    """The organizations on record, and the people a text may name, read once per intake."""

    def __init__(self, session: Session, text: str) -> None:
        self.session = session
        self.organizations = [
            KnownOrganization(*row)
            for row in session.execute(
                select(
                    Organization.id,
                    Organization.name,
                    Organization.acronym,
                    Organization.kind,
                    Organization.country,
                )
            )
        ]
        self.people = self._people_named_in(text)

    def vocabulary(self) -> Vocabulary:
        """The names to look for in the document."""
        return Vocabulary(
            tuple((o.name, o.acronym) for o in self.organizations),
            tuple((p.given_name, p.family_name) for p in self.people),
        )

    def _people_named_in(self, text: str) -> list[KnownPerson]:
        """The people on record whose family name the text holds as a capitalised word."""
        words = {w for w in re.findall(r"\b[A-ZÀ-Þ][\w'’-]+\b", text) if len(w) > 2}
        if not words:
            return []
        folded = sorted({fold(w) for w in words})
        found = self.session.execute(
            select(Contact.id, Contact.given_name, Contact.family_name).where(
                func.lower(Contact.family_name).in_(folded),
                Contact.given_name.is_not(None),
            )
        )
        return [KnownPerson(i, g, f) for i, g, f in found if g and f]


def match_proposals(known: Known, proposals: list[Proposal]) -> list[Proposal]:
    """Attach to each proposal the record on file it names, if any."""
    matched = []
    for proposal in proposals:
        ref, reason = _match(known, proposal)
        matched.append(replace(proposal, match=ref, match_reason=reason) if ref else proposal)
    return matched


def _match(known: Known, proposal: Proposal) -> tuple[Ref | None, str | None]:
    if proposal.kind is ProposalKind.ORGANIZATION:
        return _organization(known, proposal)
    if proposal.kind is ProposalKind.PERSON:
        return _person(known, proposal)
    if proposal.kind is ProposalKind.EVENT:
        return _event(known, proposal)
    if proposal.kind is ProposalKind.COMMITMENT:
        return _commitment(known, proposal)
    return None, None


def _organization(known: Known, proposal: Proposal) -> tuple[Ref | None, str | None]:
    name = squash(proposal.label)
    words = _content_words(proposal.label)
    acronym = squash(proposal.fields.get("acronym") or "")
    country = proposal.fields.get("country")
    for organization in known.organizations:
        ref = Ref("organization", organization.id, organization.label)
        if squash(organization.name) == name:
            return ref, "same name"
        if len(words) >= 3 and _content_words(organization.name) == words:
            return ref, "the same words in another order"  # … for Peace in the Middle East
        if acronym and squash(organization.acronym or "") == acronym:
            return ref, f"same acronym {organization.acronym}"
        if organization.acronym and squash(organization.acronym) == name:
            return ref, f"its acronym {organization.acronym}"
        if (
            proposal.fields.get("kind") is OrganizationKind.GOVERNMENT
            and organization.kind is OrganizationKind.GOVERNMENT
            and country
            and organization.country == country
        ):
            return ref, f"the government of {country}"
    best = max(
        known.organizations,
        key=lambda o: fuzz.token_sort_ratio(fold(o.name), fold(proposal.label)),
        default=None,
    )
    if best is not None:
        ratio = fuzz.token_sort_ratio(fold(best.name), fold(proposal.label))
        if ratio >= CLOSE_NAME:
            return Ref("organization", best.id, best.label), f"close name ({ratio:.0f}%)"
    return None, None


_CONNECTORS = frozenset(
    {"for", "of", "the", "and", "in", "on", "to", "de", "du", "des", "la", "le"}
)


def _content_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", fold(name))) - _CONNECTORS


def _person(known: Known, proposal: Proposal) -> tuple[Ref | None, str | None]:
    emails = [e.lower() for e in proposal.fields.get("emails", [])]
    if emails:
        row = known.session.execute(
            select(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
            .join(ContactEmail, ContactEmail.contact_id == Contact.id)
            .where(func.lower(ContactEmail.address).in_(emails))
            .limit(1)
        ).first()
        if row is not None:
            label = display_name(row.given_name, row.family_name, row.native_name)
            return Ref("contact", row.id, label), "same email"
    wanted = squash(proposal.label)
    for person in known.people:
        if squash(f"{person.given_name} {person.family_name}") == wanted:
            label = display_name(person.given_name, person.family_name, None)
            return Ref("contact", person.id, label), "same name"
    return None, None


def _event(known: Known, proposal: Proposal) -> tuple[Ref | None, str | None]:
    day = proposal.fields.get("start_date")
    for event_id, name, start in known.session.execute(
        select(Event.id, Event.name, Event.start_date)
    ):
        ratio = fuzz.token_set_ratio(fold(name), fold(proposal.label))
        same_day = (
            isinstance(day, date) and start is not None and abs((start - day).days) <= NEAR_DAYS
        )
        if ratio >= CLOSE_EVENT and (same_day or day is None or start is None):
            return Ref("event", event_id, name), "same name" + (", same day" if same_day else "")
    return None, None


def _commitment(known: Known, proposal: Proposal) -> tuple[Ref | None, str | None]:
    wanted = squash(proposal.label)
    for commitment_id, title in known.session.execute(select(Commitment.id, Commitment.title)):
        if squash(title) == wanted:
            return Ref("commitment", commitment_id, title), "same title"
    return None, None
