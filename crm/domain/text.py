"""Folding of text for search: case, accents, Arabic and Hebrew marks, transliteration keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic and Hebrew letters mapped to the Latin consonants a transliteration would use, so that
# "Mohammed", "Muhammad" and محمد share one key. Vowel letters map to nothing: transliterations
# disagree on vowels far more than on consonants.
# fmt: off
_SCRIPT_TO_LATIN = str.maketrans({
    # Arabic
    "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "ى": "", "ة": "h",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "و": "", "ي": "y", "پ": "p", "چ": "ch", "گ": "g", "ک": "k", "ی": "y",
    # Hebrew
    "א": "", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ו": "", "ז": "z", "ח": "h",
    "ט": "t", "י": "y", "כ": "k", "ך": "k", "ל": "l", "מ": "m", "ם": "m", "נ": "n",
    "ן": "n", "ס": "s", "ע": "", "פ": "p", "ף": "p", "צ": "ts", "ץ": "ts", "ק": "k",
    "ר": "r", "ש": "sh", "ת": "t",
})
# fmt: on
_LATIN_DIGRAPHS = (
    ("ph", "f"),
    ("p", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("j", "y"),
    ("w", "v"),
)
_VOWELS = re.compile(r"[aeiou]|(?<!^)y")
_REPEATS = re.compile(r"(.)\1+")
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, Arabic harakat and Hebrew points."""
    if text.isascii():  # most emails, phones and names: nothing to decompose or strip
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join([ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640"])
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=100_000)  # names repeat: a million contacts share a few thousand words
def name_key(word: str) -> str:
    """Return a spelling-insensitive key of one name: its consonant skeleton in Latin letters."""
    latin = fold(word).translate(_SCRIPT_TO_LATIN)
    if not latin.isascii():
        return ""
    for digraph, replacement in _LATIN_DIGRAPHS:
        latin = latin.replace(digraph, replacement)
    skeleton = _VOWELS.sub("", latin)
    return _REPEATS.sub(r"\1", skeleton)


def search_document(*parts: str | None) -> str:
    """Build the text a record is searched by: folded words plus the name keys of each."""
    # Each part folded alone: the ASCII ones (emails, phones, most names) take the quick way.
    # A NUL separates words, as in a query (search_terms): the record's own field is refused
    # for it, by its name, and its search text should not be refused a second time.
    folded = " ".join([fold(p) for p in parts if p]).replace("\x00", " ")
    words = WORD.findall(folded)
    keys = {f"~{key}" for word in words if len(key := name_key(word)) >= 2}
    return " ".join([folded, *sorted(keys)])


_TERM_EDGES = re.compile(r"^[^\w@+#]+|[^\w@.]+$")


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms; a record must contain each to match.

    A NUL (pasted from a binary file, say) separates terms: no text holds one, and
    PostgreSQL refuses it in a query's parameters. Quotes, brackets and stars around a
    term are taken off ("haddad" in quotes is haddad): the full-text index never sees them,
    and a LIKE search would otherwise look for them literally.
    """
    terms = (_TERM_EDGES.sub("", term) for term in fold(query.replace("\x00", " ")).split())
    return [term for term in terms if term]


def name_key_term(term: str) -> str | None:
    """Return the key form of a query term, to match other spellings of the same name."""
    if not WORD.fullmatch(term):
        return None
    key = name_key(term)
    return f"~{key}" if len(key) >= 3 else None
