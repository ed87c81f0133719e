"""Dates as documents write them, resolved as a reader would."""

from __future__ import annotations

from datetime import date

import pytest

from crm.services.intake.dates import find_dates


@pytest.mark.parametrize(
    ("text", "reference", "years", "expected", "exact"),
    [
        ("On Friday evening, during a meeting", date(2025, 6, 15), [], date(2025, 6, 13), True),
        ("on Tuesday, the dialogue", date(2026, 3, 5), [], date(2026, 3, 3), True),
        ("On Monday the talks", date(2026, 3, 2), [], date(2026, 2, 23), True),  # not today
        ("On Friday 12 June in Paris", None, [2024, 2025], date(2026, 6, 12), True),
        ("held on 12 June 2024", None, [], date(2024, 6, 12), True),
        ("on June 3, 2025 in Rome", None, [], date(2025, 6, 3), True),
        ("held in June 2025, again", None, [], date(2025, 6, 1), False),
        ("the 24th of nothing and 31 June", date(2026, 1, 1), [], None, True),
    ],
)
def test_a_date_in_text(
    text: str, reference: date | None, years: list[int], expected: date | None, exact: bool
) -> None:
    found = [f for f in find_dates(text, reference, years) if not f.year_only]
    if expected is None:
        assert found == []
        return
    assert (found[0].day, found[0].exact) == (expected, exact)
    assert text[found[0].start : found[0].end].strip()
