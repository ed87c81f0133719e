"""The one place that knows how to name any record for a person to read."""

from __future__ import annotations

from crm.data.models import (
    Attendance,
    Base,
    Commitment,
    Contact,
    Document,
    Event,
    Organization,
)
from crm.domain.names import display_name, organization_label
from crm.domain.records import Ref


def contact_name(contact: Contact) -> str:
    """Name a contact."""
    return display_name(contact.given_name, contact.family_name, contact.native_name)


def organization_name(organization: Organization) -> str:
    """Name an organization, with its acronym where it has one."""
    return organization_label(organization.name, organization.acronym)


def label_of(obj: Base) -> str:
    """Name any record."""
    if isinstance(obj, Contact):
        return contact_name(obj)
    if isinstance(obj, Organization):
        return organization_name(obj)
    if isinstance(obj, Event):
        return obj.name
    if isinstance(obj, Attendance):
        party = obj.contact or obj.organization
        who = label_of(party) if party is not None else ERASED_PERSON
        return f"{who} at {obj.event.name}"
    if isinstance(obj, Commitment | Document):
        return obj.title
    raise TypeError(f"no label for {type(obj).__name__}")


def ref_to(obj: Contact | Organization | Event | Commitment | Document) -> Ref:
    """Point at a record by kind, id and label."""
    kind = {
        Contact: "contact",
        Organization: "organization",
        Event: "event",
        Commitment: "commitment",
        Document: "document",
    }[type(obj)]
    return Ref(kind, obj.id, label_of(obj))


ERASED_PERSON = "a person erased on request"


def party_ref(contact: Contact | None, organization: Organization | None) -> Ref:
    """Point at whichever of a contact or an organization is set (neither: an erased person)."""
    if contact is not None:
        return ref_to(contact)
    if organization is not None:
        return ref_to(organization)
    return Ref("erased", 0, ERASED_PERSON)
