"""Find records that are likely the same person or organization, and say why.

Contacts pair up on a shared email address or phone number, and on names: the same
consonant skeleton (crm.domain.text.name_key) for the family name and a given name that is
the same or close (rapidfuzz), which also pairs a name in Arabic or Hebrew script with its
transliteration. Organizations pair up on the same name, an acronym that spells the other's
long name (ALLMEP, Alliance for Middle East Peace), or names rapidfuzz finds close.

Comparing every pair of a million contacts is out of the question: names are compared only
within a block of one family-name key, and a very common family name (a block larger than
BLOCK_LIMIT) is compared only on identical keys.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crm.data.models import Contact, ContactEmail, ContactPhone, Organization
from crm.domain.names import display_name, organization_label
from crm.domain.records import Ref
from crm.domain.text import WORD, fold, name_key

BLOCK_LIMIT = 200  # names in one family-name block compared pair by pair
COMMON_NAME = 4  # people sharing one name beyond which the name alone pairs no one
CLOSE_GIVEN_NAMES = 80  # rapidfuzz ratio at or above which two given names are one
CLOSE_ORGANIZATION_NAMES = 90  # token-sort ratio for two organizations' names
CLOSE_WORDS = 90  # and the ratio of the words only one of the two names has
SHARED_VALUE_LIMIT = 20  # an address shared by more (info@, a switchboard) proves nothing
# fmt: off
_MINOR_WORDS = frozenset({
    "a", "an", "and", "at", "de", "del", "della", "des", "di", "du", "et", "for", "für",
    "in", "la", "le", "les", "of", "on", "the", "to", "und",
})
# fmt: on


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that are likely one, the reasons, and how sure (0–100)."""

    first: Ref
    second: Ref
    reasons: tuple[str, ...]
    score: int


@dataclass
class _Evidence:
    reasons: list[str] = field(default_factory=list)
    score: int = 0

    def add(self, reason: str, score: int) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
        self.score = min(100, max(self.score, score) + (5 if self.score else 0))


class _Pairs:
    """Evidence gathered per pair of ids (the lower id first)."""

    def __init__(self) -> None:
        self.found: dict[tuple[int, int], _Evidence] = defaultdict(_Evidence)

    def add(self, a: int, b: int, reason: str, score: int) -> None:
        if a != b:
            self.found[(min(a, b), max(a, b))].add(reason, score)


def _family_key(family: str | None, native: str | None) -> str:
    """The key a contact's family name is blocked by; the last word of a native-script name."""
    words = WORD.findall(fold(family or native or ""))
    if not words:
        return ""
    key = name_key(words[-1]).replace("v", "f")  # Arabic writes a foreign v with ف
    # A final ة/ה is written -a, -ah or -eh in Latin letters: the skeleton ignores the h.
    return key[:-1] if len(key) > 3 and key.endswith("h") else key


def _given_name(given: str | None, family: str | None, native: str | None) -> str:
    if given:
        return fold(given)
    words = WORD.findall(fold(native or "")) if not family else []
    return " ".join(words[:-1])


def _latin(text: str) -> bool:
    return all(not ch.isalpha() or ch.isascii() for ch in fold(text))


def find_duplicate_contacts(session: Session, limit: int = 500) -> list[DuplicatePair]:
    """Return likely duplicate contacts, the surest first."""
    pairs = _Pairs()
    address = func.lower(ContactEmail.address)
    _shared_values(session, pairs, address, ContactEmail.contact_id, "same email", 95)
    _shared_values(session, pairs, ContactPhone.e164, ContactPhone.contact_id, "same phone", 85)
    people = session.execute(
        select(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
    ).all()
    blocks: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for contact_id, given, family, native in people:
        key = _family_key(family, native)
        if len(key) >= 2:
            name = display_name(given, family, native)
            blocks[key].append((contact_id, _given_name(given, family, native), name))
    for members in blocks.values():
        _compare_names(pairs, members)
    names = {contact_id: display_name(g, f, n) for contact_id, g, f, n in people}
    return _ranked(pairs, names, "contact", limit)


def _shared_values(
    session: Session,
    pairs: _Pairs,
    value: ColumnElement[str] | InstrumentedAttribute[str],
    owner: InstrumentedAttribute[int],
    reason: str,
    score: int,
) -> None:
    """Pair the records that share one value (an address, a number)."""
    shared = (
        select(value)
        .group_by(value)
        .having(func.count(func.distinct(owner)).between(2, SHARED_VALUE_LIMIT))
    )
    rows = session.execute(select(value, owner).where(value.in_(shared)))
    owners: dict[str, set[int]] = defaultdict(set)
    for shared_value, owner_id in rows:
        owners[shared_value].add(owner_id)
    for shared_value, ids in owners.items():
        for a, b in combinations(sorted(ids), 2):
            pairs.add(a, b, f"{reason} {shared_value}", score)


def _compare_names(pairs: _Pairs, members: list[tuple[int, str, str]]) -> None:
    """Pair people of one family-name key whose given names are the same or close.

    A name more than COMMON_NAME people share proves nothing by itself (a million contacts
    hold many Mohammed Alis); only small blocks are compared pair by pair for close names.
    """
    by_given: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for member in members:
        by_given[_given_key(member[1])].append(member)
    common = {key for key, group in by_given.items() if len(group) > COMMON_NAME}
    if len(members) <= BLOCK_LIMIT:
        candidates = [m for m in members if _given_key(m[1]) not in common]
        groups: Iterable[list[tuple[int, str, str]]] = (candidates,)
    else:
        groups = (g for key, g in by_given.items() if key and key not in common)
    for group in groups:
        for (a, given_a, name_a), (b, given_b, name_b) in combinations(group, 2):
            reason, score = _name_likeness(given_a, name_a, given_b, name_b)
            if reason:
                pairs.add(a, b, reason, score)


def _given_key(given: str) -> str:
    """The key of a first given name, with v as f: Arabic writes a foreign v with ف."""
    words = WORD.findall(given)
    return name_key(words[0]).replace("v", "f") if words else ""


def _name_likeness(given_a: str, name_a: str, given_b: str, name_b: str) -> tuple[str, int]:
    """Say how two people of one family-name key are alike by name, if they are."""
    if not given_a or not given_b:
        return "", 0
    other_script = _latin(name_a) != _latin(name_b)
    if given_a == given_b and fold(name_a) == fold(name_b):
        return "same name", 80
    if _given_key(given_a) == _given_key(given_b):
        if other_script:
            return "same name in another script", 75
        return "same name, another spelling", 70
    ratio = fuzz.ratio(given_a, given_b)
    if ratio >= CLOSE_GIVEN_NAMES:
        return f"similar names ({ratio:.0f}%)", int(ratio * 0.8)
    return "", 0


def spells(acronym: str, name: str) -> bool:
    """Tell whether ``acronym`` is made of the starts of ``name``'s words, in order.

    Every word but the minor ones (of, for, the, …) gives at least its first letter:
    ALLMEP spells "Alliance for Middle East Peace", CGIL "Confederazione Generale
    Italiana del Lavoro".
    """
    letters = re.sub(r"[^a-z0-9]", "", fold(acronym))
    words = WORD.findall(fold(name))
    if len(letters) < 2 or len(words) < 2:
        return False
    return _spells(letters, words)


def _spells(letters: str, words: list[str]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in _MINOR_WORDS and _spells(letters, rest):
        return True
    for taken in range(1, min(len(word), len(letters)) + 1):
        if word[:taken] != letters[:taken]:
            break
        if word.isdigit() and taken < len(word):
            continue  # a number is spelt whole: CJ1 does not spell "… Justice 137"
        if _spells(letters[taken:], rest):
            return True
    return False


def find_duplicate_organizations(session: Session, limit: int = 500) -> list[DuplicatePair]:
    """Return likely duplicate organizations, the surest first."""
    pairs = _Pairs()
    found = session.execute(select(Organization.id, Organization.name, Organization.acronym)).all()
    # Every rule pairs names that start alike (an acronym starts as its long name does).
    blocks: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    for organization_id, name, acronym in found:
        blocks[fold(name)[:1]].append((organization_id, name, acronym))
    for members in blocks.values():
        for first, second in combinations(members, 2):
            _compare_organizations(pairs, first, second)
    labels = {i: organization_label(name, acronym) for i, name, acronym in found}
    return _ranked(pairs, labels, "organization", limit)


def _compare_organizations(
    pairs: _Pairs, first: tuple[int, str, str | None], second: tuple[int, str, str | None]
) -> None:
    (a, name_a, acronym_a), (b, name_b, acronym_b) = first, second
    words_a, words_b = WORD.findall(fold(name_a)), WORD.findall(fold(name_b))
    if words_a == words_b:
        pairs.add(a, b, "same name", 90)
        return
    if acronym_a and acronym_b and fold(acronym_a) == fold(acronym_b):
        pairs.add(a, b, f"same acronym {acronym_a}", 85)
    for short, long_name in ((acronym_a or name_a, name_b), (acronym_b or name_b, name_a)):
        if len(WORD.findall(short)) == 1 and spells(short, long_name):
            pairs.add(a, b, f"{short} spells {long_name}", 80)
    # Close as wholes, and in the words that differ: "Government of Ireland" and "… of
    # Iceland" are 95 % alike, but Ireland and Iceland are two countries.
    ratio = fuzz.token_sort_ratio(" ".join(words_a), " ".join(words_b))
    only_a = " ".join(w for w in words_a if w not in words_b)
    only_b = " ".join(w for w in words_b if w not in words_a)
    alike = fuzz.ratio(only_a, only_b) >= CLOSE_WORDS or _keys(only_a) == _keys(only_b)
    if ratio >= CLOSE_ORGANIZATION_NAMES and alike:
        pairs.add(a, b, f"similar names ({ratio:.0f}%)", int(ratio * 0.8))


def _keys(words: str) -> list[str]:
    """The name keys of some words: a misspelling keeps its consonants (Allience)."""
    return [name_key(word) for word in words.split()]


def _ranked(pairs: _Pairs, labels: dict[int, str], noun: str, limit: int) -> list[DuplicatePair]:
    ranked = sorted(pairs.found.items(), key=lambda item: (-item[1].score, item[0]))
    return list(_pairs_of(ranked[:limit], labels, noun))


def _pairs_of(
    ranked: list[tuple[tuple[int, int], _Evidence]], labels: dict[int, str], noun: str
) -> Iterator[DuplicatePair]:
    for (a, b), evidence in ranked:
        yield DuplicatePair(
            Ref(noun, a, labels.get(a, f"#{a}")),
            Ref(noun, b, labels.get(b, f"#{b}")),
            tuple(evidence.reasons),
            evidence.score,
        )


FINDERS = {"contacts": find_duplicate_contacts, "organizations": find_duplicate_organizations}
