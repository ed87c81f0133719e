"""Score intake's proposals against an answer key written by hand: precision and recall.

Each key item is matched by at most one proposal (the first that fits), so a second
proposal of the same person counts against precision, as it would cost the user a click.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from crm.domain.intake import Proposal, ProposalKind
from crm.domain.text import fold

KEYS = Path(__file__).parent / "answer_keys"
SAME_EVENT = 85  # token-set ratio at which an event's name is the key's


@dataclass(frozen=True)
class Score:
    """How one kind of record fared: proposals right of proposed, key items found of all."""

    right: int
    proposed: int
    found: int
    wanted: int

    @property
    def precision(self) -> float:
        """Share of the proposals that are in the key (1 when nothing was proposed)."""
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        """Share of the key's items that were proposed (1 when the key holds none)."""
        return self.found / self.wanted if self.wanted else 1.0


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def answer_key(document_name: str) -> dict[str, Any]:
    """Read the hand-written key of a document (named by its file)."""
    path = KEYS / f"{Path(document_name).stem}.json"
    key: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return key


def _match(proposals: list[Proposal], items: list[Any], fits: Any) -> tuple[int, int]:
    used: set[int] = set()
    right = 0
    for proposal in proposals:
        for index, item in enumerate(items):
            if index not in used and fits(proposal, item):
                used.add(index)
                right += 1
                break
    return right, len(used)


def _person_fits(proposal: Proposal, item: dict[str, Any]) -> bool:
    return squash(proposal.label) == squash(item["name"])


def _organization_fits(proposal: Proposal, names: list[str]) -> bool:
    mine = {squash(proposal.label), squash(proposal.fields.get("acronym") or "")} - {""}
    return bool(mine & {squash(n) for n in names})


def _event_fits(proposal: Proposal, item: dict[str, Any]) -> bool:
    if fuzz.token_set_ratio(fold(proposal.label), fold(item["name"])) < SAME_EVENT:
        return False
    day = proposal.fields.get("start_date")
    if "start_date" in item:
        return isinstance(day, date) and day.isoformat() == item["start_date"]
    if "month" in item:
        return isinstance(day, date) and day.isoformat()[:7] == item["month"]
    return True


def _commitment_fits(proposal: Proposal, phrase: str) -> bool:
    text = fold(f"{proposal.label} {proposal.fields.get('text') or ''}")
    return fold(phrase) in text


def score(proposals: list[Proposal], key: dict[str, Any]) -> dict[str, Score]:
    """Score each kind the key holds; emails and phones are read from the people."""
    by_kind = {kind: [p for p in proposals if p.kind is kind] for kind in ProposalKind}
    scores = {}
    for name, kind, fits in (
        ("people", ProposalKind.PERSON, _person_fits),
        ("organizations", ProposalKind.ORGANIZATION, _organization_fits),
        ("events", ProposalKind.EVENT, _event_fits),
        ("commitments", ProposalKind.COMMITMENT, _commitment_fits),
    ):
        right, found = _match(by_kind[kind], key[name], fits)
        scores[name] = Score(right, len(by_kind[kind]), found, len(key[name]))
    people = by_kind[ProposalKind.PERSON]
    for name in ("emails", "phones"):  # right only on the right person
        given = {
            (v.split("\t")[-1], squash(p.label)) for p in people for v in p.fields.get(name, [])
        }
        wanted = {(value, squash(owner)) for value, owner in key[name].items()}
        scores[name] = Score(len(given & wanted), len(given), len(given & wanted), len(wanted))
    return scores
