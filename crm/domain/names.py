"""How a person's name is shown and sorted."""

from __future__ import annotations

import re


def organization_label(name: str, acronym: str | None) -> str:
    """Name an organization with its acronym where it has one: "Alliance … (ALLMEP)"."""
    return f"{name} ({acronym})" if acronym and acronym != name else name


# "Name (ACRONYM)": one word in brackets at the end, with two capitals or digits at least.
_LABELLED = re.compile(r"(?P<name>.*\S)\s+\((?P<acronym>[^\s()]{2,40})\)")


def split_organization_label(label: str) -> tuple[str, str | None]:
    """Read an organization's name and acronym back from its label (organization_label).

    "Group of Seven (G7)" is the Group of Seven, G7; "Friends of the Earth (International)"
    is a name with a word in brackets, as no acronym is written in small letters.
    """
    found = _LABELLED.fullmatch(label.strip())
    if found is None:
        return label.strip(), None
    acronym = found["acronym"]
    if sum(ch.isupper() or ch.isdigit() for ch in acronym) < 2:
        return label.strip(), None
    return found["name"], acronym


def display_name(
    given: str | None, family: str | None, native: str | None = None, prefix: str | None = None
) -> str:
    """Return the name to show: given and family names, else the name in its own script."""
    # Written out rather than joined: exports and the table call it for every row.
    if given and family:
        return f"{given} {family}"
    return given or family or native or prefix or "(no name)"
