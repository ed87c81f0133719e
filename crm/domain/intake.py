"""What document intake proposes: records read from a press release or an article.

Each proposal carries the sentence it came from (its place in the document's text, so a
review screen can highlight it) and any existing record it matches, so the user links
instead of duplicating.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from crm.domain.enums import DocumentKind, RecordKind
from crm.domain.records import Ref


class ProposalKind(StrEnum):
    """The kind of record a proposal would make."""

    ORGANIZATION = "organization"
    PERSON = "person"
    EVENT = "event"
    ATTENDANCE = "attendance"
    COMMITMENT = "commitment"


# The kinds of record a proposal can be matched with on file (an attendance follows its ends).
RECORD_KIND_OF = {
    ProposalKind.ORGANIZATION: RecordKind.ORGANIZATIONS,
    ProposalKind.PERSON: RecordKind.CONTACTS,
    ProposalKind.EVENT: RecordKind.EVENTS,
    ProposalKind.COMMITMENT: RecordKind.COMMITMENTS,
}
# The field a proposal is named by (a person: given and family names).
_NAMED_BY = {ProposalKind.COMMITMENT: "title"}


@dataclass(frozen=True)
class Quote:
    """A sentence of the document: its text and where it stands (character offsets)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Proposal:
    """One record the document suggests, with its evidence.

    ``fields`` hold the record's values; references to other proposals are their keys
    (``organization``: "organization:allmep"), so accepting one links it to the others.
    """

    key: str
    kind: ProposalKind
    label: str
    fields: dict[str, Any]
    quote: Quote
    match: Ref | None = None
    match_reason: str | None = None


@dataclass(frozen=True)
class IntakeDocument:
    """A document read for intake: its text and what its first lines say about it."""

    title: str
    text: str
    kind: DocumentKind
    file_name: str
    published_on: date | None = None
    city: str | None = None
    country: str | None = None
    publisher: str | None = None
    url: str | None = None
    author: str | None = None
    dateline_end: int = 0  # where a press release's dateline ends in ``text``


@dataclass(frozen=True)
class Vocabulary:
    """Names the database already knows, for the rules to find in a document."""

    organizations: tuple[tuple[str, str | None], ...] = ()  # name, acronym
    people: tuple[tuple[str, str], ...] = ()  # given name, family name


@dataclass(frozen=True)
class IntakeResult:
    """A document and everything proposed from it."""

    document: IntakeDocument
    proposals: tuple[Proposal, ...] = field(default_factory=tuple)
    # Records on file a proposal may be, found by its name, for the review to offer.
    suggestions: dict[str, tuple[Ref, ...]] = field(default_factory=dict)

    def of_kind(self, kind: ProposalKind) -> list[Proposal]:
        """Return the proposals of one kind, in the order found."""
        return [p for p in self.proposals if p.kind is kind]


def label_of_fields(kind: ProposalKind, fields: dict[str, Any]) -> str:
    """The name a proposal's fields give it."""
    if kind is ProposalKind.PERSON:
        return " ".join(p for p in (fields.get("given_name"), fields.get("family_name")) if p)
    return str(fields.get(_NAMED_BY.get(kind, "name")) or "")


def relabelled(proposal: Proposal, label: str) -> Proposal:
    """A proposal under a name the user corrected, its name fields following."""
    fields: dict[str, Any] = dict(proposal.fields)
    if proposal.kind is ProposalKind.PERSON:
        words = label.split()
        fields["given_name"] = " ".join(words[:-1])
        fields["family_name"] = words[-1] if words else ""
    else:
        fields[_NAMED_BY.get(proposal.kind, "name")] = label
    return replace(proposal, label=label, fields=fields)


def search_words(label: str) -> str:
    """The longest two words of a name, for a search that finds its other spellings."""
    words = sorted((w for w in label.split() if len(w) > 2), key=len, reverse=True)
    return " ".join(words[:2])
