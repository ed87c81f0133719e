"""What an import reads from a file, what it found wrong, and what it did: plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from crm.domain.exports import FORMULA_STARTS


class DuplicateAction(StrEnum):
    """What to do with a row that matches a contact already in the database."""

    SKIP = "skip"
    MERGE = "merge"
    CREATE = "create"


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong at one place of the file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ImportedContact:
    """One person as read from a file, before any rule of the CRM is applied."""

    line: int
    prefix: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    full_name: str | None = None
    native_name: str | None = None
    organization: str | None = None
    department: str | None = None
    job_title: str | None = None
    emails: tuple[tuple[str, str, bool], ...] = ()  # address, label, primary
    phones: tuple[tuple[str, str, bool], ...] = ()  # as written, label, primary
    city: str | None = None
    country: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    uid: str | None = None

    def has_data(self) -> bool:
        """Tell whether the row holds anything worth a contact."""
        return any(
            (
                self.given_name,
                self.family_name,
                self.full_name,
                self.native_name,
                self.emails,
                self.phones,
                self.organization,
            )
        )


@dataclass(frozen=True)
class ReadResult:
    """The contacts a reader found, and the lines it had to pass over."""

    contacts: tuple[ImportedContact, ...]
    problems: tuple[ImportProblem, ...] = ()


@dataclass(frozen=True)
class ImportOptions:
    """How to bring rows in."""

    on_duplicate: DuplicateAction = DuplicateAction.SKIP
    default_country: str | None = None  # for phone numbers written without +country
    skip_invalid: bool = False  # otherwise one invalid row refuses the whole import
    dry_run: bool = False
    decisions: tuple[tuple[int, DuplicateAction], ...] = ()  # per line, over on_duplicate

    def action_for(self, line: int) -> DuplicateAction:
        """Return what to do with a duplicate found on ``line``."""
        return dict(self.decisions).get(line, self.on_duplicate)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    merged: int = 0
    skipped: int = 0
    organizations_created: int = 0
    duplicates: list[str] = field(default_factory=list)
    duplicate_lines: list[int] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def summary(self) -> str:
        """Say in one line what happened."""
        parts = [f"{self.created} created", f"{self.merged} merged", f"{self.skipped} skipped"]
        if self.organizations_created:
            parts.append(f"{self.organizations_created} new organizations")
        if self.problems:
            parts.append(f"{len(self.problems)} problems noted (values dropped, lines passed over)")
        return ", ".join(parts)


def restore_formula_text(text: str) -> str:
    """Undo the apostrophe an export put before a formula-like cell (see neutralise_formula)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
