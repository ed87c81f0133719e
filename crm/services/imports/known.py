"""Who is already in the database, for an import's duplicate check, asked once per file.

An import asked the database twice per row (by email, then by name at the organization)
and the email question read every address (lower() had no index): at 100,000 rows into a
million contacts that was the whole evening. Here the file's addresses are looked up a few
hundred at a time through an index on lower(address), the people of an organization once per
organization, and every contact the import adds or merges is remembered as it goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.data.in_lists import in_chunks
from crm.data.models import Contact, ContactEmail
from crm.domain.names import display_name
from crm.domain.text import fold
from crm.services.contacts import people_of
from crm.services.imports.bulk import PendingContact

ContactRef = int | PendingContact


@dataclass(frozen=True)
class Known:
    """A contact already there or already imported, and its name to tell the user."""

    ref: ContactRef
    label: str


def folded_name(given: str | None, family: str | None, native: str | None) -> str:
    """Return the name a duplicate is recognised by, folded (case, accents)."""
    return fold(" ".join(p for p in (given, family) if p) or native or "")


class KnownContacts:
    """Existing and newly imported contacts, by email and by name at an organization."""

    def __init__(self, session: Session, addresses: Iterable[str]) -> None:
        self._session = session
        self._by_email: dict[str, Known] = {}
        self._by_name: dict[int, dict[str, Known]] = {}
        wanted = sorted({a.strip().lower() for a in addresses if a.strip()})
        for chunk in in_chunks(wanted):
            lowered = func.lower(ContactEmail.address)
            for address, contact_id, given, family, native in session.execute(
                select(
                    lowered,
                    ContactEmail.contact_id,
                    Contact.given_name,
                    Contact.family_name,
                    Contact.native_name,
                )
                .join(Contact, Contact.id == ContactEmail.contact_id)
                .where(lowered.in_(chunk))
                .order_by(ContactEmail.id)
            ):
                label = display_name(given, family, native)
                self._by_email.setdefault(address, Known(contact_id, label))

    def find(
        self, addresses: Sequence[str], name: str, organization_id: int | None
    ) -> Known | None:
        """Return a contact with one of these addresses, or this name at the organization."""
        for address in addresses:
            found = self._by_email.get(address.strip().lower())
            if found is not None:
                return found
        if not name or organization_id is None:
            return None
        return self._people_at(organization_id).get(name)

    def remember(
        self, contact: Known, addresses: Sequence[str], name: str, organization_id: int | None
    ) -> None:
        """Note a contact the import added or merged into, so later lines find it."""
        for address in addresses:
            self._by_email.setdefault(address.strip().lower(), contact)
        if name and organization_id is not None:
            self._people_at(organization_id).setdefault(name, contact)

    def _people_at(self, organization_id: int) -> dict[str, Known]:
        people = self._by_name.get(organization_id)
        if people is None:
            people = {}
            for contact_id, given, family, native in self._session.execute(
                select(Contact.id, Contact.given_name, Contact.family_name, Contact.native_name)
                .where(Contact.id.in_(people_of(organization_id)))
                .order_by(Contact.id)
            ):
                known = Known(contact_id, display_name(given, family, native))
                people.setdefault(folded_name(given, family, native), known)
            self._by_name[organization_id] = people
        return people
