"""How a person's name is shown and sorted."""

from __future__ import annotations


def organization_label(name: str, acronym: str | None) -> str:
    """Name an organization with its acronym where it has one: "Alliance … (ALLMEP)"."""
    return f"{name} ({acronym})" if acronym and acronym != name else name


def display_name(
    given: str | None, family: str | None, native: str | None = None, prefix: str | None = None
) -> str:
    """Return the name to show: given and family names, else the name in its own script."""
    # Written out rather than joined: exports and the table call it for every row.
    if given and family:
        return f"{given} {family}"
    return given or family or native or prefix or "(no name)"
