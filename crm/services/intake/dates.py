"""Dates as documents write them, resolved: "On Friday evening", "Friday 12 June", "June 2025".

A weekday alone is the last such day before the document's date ("On Friday evening" in a
release of Sunday 15 June 2025 is 13 June). A day and month without a year take the year in
which that day falls on the weekday written beside it, else the document's year. A month
and year stand for the first of the month, and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH = rf"(?P<month>{MONTH_NAMES})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Friday 12 June [2026] | 12 June 2026 | June 12[, 2026] | Friday, June 12
_DAY_MONTH = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"|(?P<month2>{MONTH_NAMES})"
    rf"\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d))(?:,?\s+(?P<year>\d{{4}}))?"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b")
_WEEKDAY_ALONE = re.compile(rf"\b(?:[Oo]n|[Ll]ast|[Tt]his)\s+{_WEEKDAY}\b")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/-])")


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: the day, how sure (exact or a month's first), where it was."""

    day: date
    exact: bool
    start: int
    end: int
    year_only: bool = False


def find_dates(text: str, reference: date | None, years_seen: list[int]) -> list[FoundDate]:
    """Return every date ``text`` gives, resolved against the document's date and years."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _DAY_MONTH.finditer(text):
        day = _day_month(match, reference, years_seen)
        if day is not None:
            found.append(FoundDate(day, True, match.start(), match.end()))
            taken.append(match.span())
    for match in _MONTH_YEAR.finditer(text):
        if free(*match.span()):
            month = MONTHS[match.group("month").casefold()]
            found.append(FoundDate(date(int(match.group("year")), month, 1), False, *match.span()))
            taken.append(match.span())
    for match in _WEEKDAY_ALONE.finditer(text):
        if free(*match.span()) and reference is not None:
            weekday = WEEKDAYS[match.group("weekday").casefold()]
            back = (reference.weekday() - weekday) % 7 or 7
            found.append(FoundDate(reference - timedelta(days=back), True, *match.span()))
            taken.append(match.span())
    for match in _YEAR.finditer(text):
        if free(*match.span()):
            found.append(
                FoundDate(date(int(match.group(1)), 1, 1), False, *match.span(), year_only=True)
            )
    return sorted(found, key=lambda f: f.start)


def years_in(text: str) -> list[int]:
    """Return the years a text names (1900–2099), in order."""
    return [int(y) for y in _YEAR.findall(text)]


def _day_month(match: re.Match[str], reference: date | None, years_seen: list[int]) -> date | None:
    month = MONTHS[(match.group("month") or match.group("month2")).casefold()]
    day = int(match.group("day") or match.group("day2"))
    if match.group("year"):
        return _date(int(match.group("year")), month, day)
    weekday = match.group("weekday")
    if weekday:
        wanted = WEEKDAYS[weekday.casefold()]
        # The year it falls on that weekday: from the latest year the document names on.
        start = reference.year if reference else max(years_seen, default=date.today().year)
        for year in (start, start + 1, start + 2, start - 1):
            candidate = _date(year, month, day)
            if candidate is not None and candidate.weekday() == wanted:
                return candidate
    if reference is not None:
        return _date(reference.year, month, day)
    return _date(max(years_seen), month, day) if years_seen else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
