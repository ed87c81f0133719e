"""An event's briefing as data: who comes in which role, the press, what was pledged."""

from __future__ import annotations

from dataclasses import dataclass

from crm.domain.enums import AttendanceRole, AttendanceStatus
from crm.domain.records import CommitmentRow, EventDetail


@dataclass(frozen=True)
class BriefingPerson:
    """One participant as the door staff and the badges need them."""

    name: str
    native_name: str | None  # the name in its own script, when it is not the Latin one
    title: str | None
    organization: str | None
    role: AttendanceRole
    status: AttendanceStatus
    email: str | None = None  # the press list only, and never for do-not-contact
    phone: str | None = None
    do_not_contact: bool = False


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing PDF prints for one event."""

    event: EventDetail
    participants: tuple[BriefingPerson, ...]  # by role, then name
    press: tuple[BriefingPerson, ...]
    commitments: tuple[CommitmentRow, ...]

    def by_role(self) -> list[tuple[AttendanceRole, list[BriefingPerson]]]:
        """The participants grouped by role, in the roles' order, empty roles left out."""
        groups = [
            (role, [p for p in self.participants if p.role is role]) for role in AttendanceRole
        ]
        return [(role, people) for role, people in groups if people]

    @property
    def badges(self) -> list[BriefingPerson]:
        """Who gets a badge: everyone expected or there, not those who declined or stayed away."""
        away = (AttendanceStatus.DECLINED, AttendanceStatus.ABSENT)
        return [p for p in self.participants if p.status not in away]
