"""Errors a person can act on: each says what is wrong and, where it can, which field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class DomainError(Exception):
    """A request the CRM refuses, with a message meant for the user."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field of an input."""

    field: str
    code: str
    message: str


class ValidationError(DomainError):
    """Input that breaks a rule of the model; lists every problem, not just the first."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        # Each message is a sentence: "a@x.org is listed twice. +33… is listed twice."
        super().__init__(" ".join(p.message for p in self.problems))

    @classmethod
    def single(cls, field: str, code: str, message: str) -> ValidationError:
        """Build the error for one problem."""
        return cls([FieldProblem(field, code, message)])


class NotFoundError(DomainError):
    """The record asked for does not exist (any more)."""

    def __init__(self, kind: str, record_id: object) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(f"No {kind} with id {record_id} exists; it may have been deleted.")


class ConflictError(DomainError):
    """The record changed since the user opened it; saving would overwrite someone's work."""

    def __init__(
        self, kind: str, record_id: object, expected: int | None = None, actual: int | None = None
    ) -> None:
        self.kind = kind
        self.record_id = record_id
        self.expected_version = expected
        self.actual_version = actual
        versions = f" (your version {expected}, now {actual})" if expected is not None else ""
        what = f"{kind} {record_id}" if record_id is not None else kind
        super().__init__(
            f"The {what} was changed or deleted by someone else since you opened it{versions}. "
            "Reload it before saving."
        )


class WorkCancelledError(Exception):
    """The user stopped a long job (an export, an import); its work is undone."""


class IntegrityViolationError(DomainError):
    """The database refused a change that breaks one of its constraints."""

    def __init__(self, constraint: str | None, message: str) -> None:
        self.constraint = constraint
        super().__init__(message)


class DatabaseBusyError(DomainError):
    """Another program kept the database to itself for too long; nothing was changed."""

    def __init__(self, waited_seconds: float, snapshot_moved: bool = False) -> None:
        self.waited_seconds = waited_seconds
        if snapshot_moved:
            message = (
                "Someone else saved to the database while this change was being made, so it "
                "was not saved (nothing was lost). Try again: you will see their change first."
            )
        else:
            message = (
                f"The database is busy: another program or window has been writing to it for "
                f"more than {waited_seconds:g} s, so nothing was saved. Try again when it is "
                "done (an import or a backup may be running)."
            )
        super().__init__(message)


class ReadOnlyDatabaseError(DomainError):
    """The database lets this user read and export, not change records."""

    def __init__(self, who: str, reason: str) -> None:
        self.who = who
        super().__init__(
            f"Nothing was changed: this database is read-only for {who}, who may look at and "
            f"export records but not change them (the database said: {reason}). Ask whoever "
            "runs the database for write access."
        )
