"""What a checked backup of the database holds, as the window and the command line report it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackupFacts:
    """The schema revision of a sound backup and how many of the main records it holds."""

    revision: str
    contacts: int
    organizations: int
    events: int

    def summary(self) -> str:
        """Say what the backup holds, in a sentence's middle."""
        return (
            f"{self.contacts} contacts, {self.organizations} organizations and {self.events} events"
        )
