"""Proposals as the rules find them: one per record, however often the document names it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from crm.domain.intake import IntakeDocument, Proposal, ProposalKind, Quote
from crm.domain.text import fold
from crm.services.intake.sentences import sentence_at, sentences


def squash(text: str) -> str:
    """A name's key: folded, letters and digits only (EIN Presswire = EINPresswire)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class Draft:
    """A proposal being gathered: its fields grow as more of the document speaks of it."""

    key: str
    kind: ProposalKind
    label: str
    fields: dict[str, Any]
    quote: Quote
    order: int
    aliases: set[str] = field(default_factory=set)


class Collector:
    """The document, its sentences, and the proposals found so far."""

    def __init__(self, document: IntakeDocument) -> None:
        self.document = document
        self.text = document.text
        self.quotes = sentences(document.text)
        self.drafts: dict[str, Draft] = {}
        self._aliases: dict[tuple[ProposalKind, str], str] = {}

    def quote_at(self, offset: int) -> Quote:
        """The sentence holding ``offset``."""
        return sentence_at(self.quotes, offset)

    def find(self, kind: ProposalKind, name: str) -> Draft | None:
        """The draft of ``kind`` known by ``name`` (its label or an alias), if any."""
        key = self._aliases.get((kind, squash(name)))
        return self.drafts.get(key) if key else None

    def add(
        self,
        kind: ProposalKind,
        label: str,
        fields: dict[str, Any],
        at: int,
        aliases: tuple[str, ...] = (),
        key: str | None = None,
    ) -> Draft:
        """Propose a record, or add to the one already proposed under any of its names.

        Fields already set stay (the first, most explicit mention wins); new ones are added.
        """
        names = [label, *aliases]
        existing = next((d for n in names if (d := self.find(kind, n)) is not None), None)
        if existing is None and key is not None:
            existing = self.drafts.get(key)
        if existing is None:
            key = key or f"{kind.value}:{squash(label) or len(self.drafts)}"
            while key in self.drafts:
                key += "+"
            existing = Draft(key, kind, label, {}, self.quote_at(at), len(self.drafts))
            self.drafts[key] = existing
        for name, value in fields.items():
            if value is not None and existing.fields.get(name) in (None, "", (), []):
                existing.fields[name] = value
        for name in names:
            if squash(name):
                self._aliases.setdefault((kind, squash(name)), existing.key)
                existing.aliases.add(name)
        return existing

    def merge(self, kept: Draft, gone: Draft) -> None:
        """Make two drafts one: the second's names and missing fields join the first."""
        for name, value in gone.fields.items():
            if kept.fields.get(name) in (None, "", (), []):
                kept.fields[name] = value
        for alias in gone.aliases:
            self._aliases[(gone.kind, squash(alias))] = kept.key
            kept.aliases.add(alias)
        del self.drafts[gone.key]
        for draft in self.drafts.values():  # what referred to the second refers to the first
            for name, value in draft.fields.items():
                if value == gone.key:
                    draft.fields[name] = kept.key

    def of_kind(self, kind: ProposalKind) -> list[Draft]:
        """The drafts of one kind, in the order found."""
        return [d for d in self.drafts.values() if d.kind is kind]

    def proposals(self) -> list[Proposal]:
        """Freeze the drafts, kind by kind in the order a commit needs them."""
        order = list(ProposalKind)
        ranked = sorted(self.drafts.values(), key=lambda d: (order.index(d.kind), d.order))
        return [Proposal(d.key, d.kind, d.label, dict(d.fields), d.quote) for d in ranked]
