"""Split a document into sentences that keep their place, so each quote can be highlighted."""

from __future__ import annotations

import re

from crm.domain.intake import Quote

# A sentence ends at . ! ? (and a closing quote) before a space and a capital or a quote, or
# at a paragraph break. Titles and initials (Mr. Dr. St. U.S.) do not end one.
_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")
_NOT_AN_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Inc|Ltd|Co|Dept|Dpt|No|vs|etc|e\.g|i\.e)|\b[A-Z])\.$"
)

_PROSE = 80  # a paragraph this long without a final stop was cut, not finished
_FINAL = set('.!?:;"”’)')


def sentences(text: str) -> list[Quote]:
    """Return the sentences of ``text`` with their offsets, blank ones left out."""
    found: list[Quote] = []
    start = 0
    for match in _END.finditer(text):
        candidate = text[start : match.start()].rstrip()
        if "\n\n" not in match.group():
            if _NOT_AN_END.search(candidate.rstrip('"”’)')):
                continue
        elif _cut_mid_sentence(candidate, text[match.end() : match.end() + 40]):
            continue  # a paragraph broken mid-sentence (a page break, a picture's place)
        _add(found, text, start, match.start())
        start = match.end()
    _add(found, text, start, len(text))
    return found


def _cut_mid_sentence(before: str, after: str) -> bool:
    """Tell whether a paragraph break falls inside a sentence of prose.

    "… of President Emmanuel" / "Macron by the Paris Peace Forum …": prose (mostly
    lower-case words) without a final stop, going on in lower case or finishing a name.
    """
    paragraph = before[before.rfind("\n\n") + 1 :]
    words = paragraph.split()
    if len(paragraph) < _PROSE or before[-1:] in _FINAL or not words:
        return False
    if sum(w[:1].islower() for w in words) < 0.4 * len(words):
        return False  # a title, a caption, a contact block
    if after[:1].islower():
        return True
    next_words = after.split()[:2]
    return (
        words[-1][:1].isupper()
        and len(next_words) == 2
        and next_words[0][:1].isupper()
        and next_words[1][:1].islower()
    )


def _add(found: list[Quote], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        # A line break inside a sentence is the layout's, not the writer's.
        found.append(Quote(re.sub(r"\s*\n\s*", " ", text[start:end]), start, end))


def sentence_at(quotes: list[Quote], offset: int) -> Quote:
    """Return the sentence holding ``offset`` (the nearest one before it otherwise)."""
    chosen = quotes[0]
    for quote in quotes:
        if quote.start > offset:
            break
        chosen = quote
    return chosen
