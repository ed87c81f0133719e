"""Add or edit an organization, an event, a commitment or a document."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from crm.domain.drafts import (
    CommitmentDraft,
    DocumentDraft,
    EventDraft,
    OrganizationDraft,
    OrganizerDraft,
)
from crm.domain.enums import (
    CommitmentKind,
    CommitmentStatus,
    DocumentKind,
    EventKind,
    EventStatus,
    OrganizationKind,
    OrganizerRole,
)
from crm.domain.records import Ref
from crm.ui.columns import show
from crm.ui.dialogs.base import (
    RecordDialog,
    Save,
    country_combo,
    country_of,
    enum_combo,
    notes_edit,
    optional,
)
from crm.ui.widgets import OptionalDateEdit, PartyRolesEditor, RecordPicker, split_tags, tags_text

Find = Callable[[str], list[Ref]]


def _count_box(value: int | None, label: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, 10_000_000)
    box.setSpecialValueText("not known")  # -1 stands for "no figure"
    box.setValue(-1 if value is None else value)
    box.setAccessibleName(label)
    return box


def _count_of(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class OrganizationDialog(RecordDialog):
    """The form of one organization."""

    def __init__(
        self,
        title: str,
        draft: OrganizationDraft,
        save: Save,
        countries: dict[str, str],
        find_organizations: Find,
        parent_ref: Ref | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.name = form.add("name", "Name", QLineEdit(draft.name))
        self.acronym = form.add("acronym", "Acronym", QLineEdit(draft.acronym or ""))
        self.kind = form.add("kind", "Kind", enum_combo(OrganizationKind, draft.kind))
        self.country = form.add("country", "Country", country_combo(countries, draft.country))
        self.parent_picker = RecordPicker(find_organizations, "Part of")
        self.parent_picker.set_ref(parent_ref)
        form.add("parent_id", "Part of", self.parent_picker)
        self.website = form.add("website", "Website", QLineEdit(draft.website or ""))
        self.email = form.add("email", "Email", QLineEdit(draft.email or ""))
        self.phone = form.add("phone", "Phone", QLineEdit(draft.phone or ""))
        self.address = form.add("address", "Address", notes_edit(draft.address, "Address", 50))
        self.tags = form.add("tags", "Tags", QLineEdit(tags_text(draft.tags)))
        self.notes = form.add("notes", "Notes", notes_edit(draft.notes, "Notes"))
        self.name.setFocus()

    def build_draft(self) -> OrganizationDraft:
        """Read the form."""
        return OrganizationDraft(
            name=self.name.text(),
            acronym=optional(self.acronym.text()),
            kind=self.kind.currentData(),
            country=country_of(self.country),
            website=optional(self.website.text()),
            email=optional(self.email.text()),
            phone=optional(self.phone.text()),
            address=optional(self.address.toPlainText()),
            parent_id=self.parent_picker.chosen_id(),
            notes=optional(self.notes.toPlainText()),
            tags=split_tags(self.tags.text()),
            external_id=self._original.external_id,
        )


class EventDialog(RecordDialog):
    """The form of one event."""

    def __init__(
        self,
        title: str,
        draft: EventDraft,
        save: Save,
        countries: dict[str, str],
        find_organizations: Find,
        find_events: Find,
        venue: Ref | None,
        parent_event: Ref | None,
        find_parties: Find | None = None,
        organizers: Sequence[tuple[Ref, OrganizerRole]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.name = form.add("name", "Name", QLineEdit(draft.name))
        self.kind = form.add("kind", "Kind", enum_combo(EventKind, draft.kind))
        self.status = form.add("status", "Status", enum_combo(EventStatus, draft.status))
        self.start_date = OptionalDateEdit("Start date")
        self.start_date.set_value(draft.start_date)
        form.add("start_date", "Starts", self.start_date)
        self.end_date = OptionalDateEdit("End date")
        self.end_date.set_value(draft.end_date)
        form.add("end_date", "Ends", self.end_date)
        self.timezone = form.add("timezone", "Time zone", QLineEdit(draft.timezone or ""))
        self.timezone.setPlaceholderText("e.g. Europe/Paris")
        self.venue = RecordPicker(find_organizations, "Venue")
        self.venue.set_ref(venue)
        form.add("venue_id", "Venue", self.venue)
        self.city = form.add("city", "City", QLineEdit(draft.city or ""))
        self.country = form.add("country", "Country", country_combo(countries, draft.country))
        self.parent_event = RecordPicker(find_events, "Part of event")
        self.parent_event.set_ref(parent_event)
        form.add("parent_id", "Part of", self.parent_event)
        self.reported = form.add(
            "reported_attendance",
            "Reported attendance",
            _count_box(draft.reported_attendance, "Reported attendance"),
        )
        self.organizers = PartyRolesEditor(
            find_parties or find_organizations,
            [(show(role), role) for role in OrganizerRole],
            "organizer",
        )
        self.organizers.set_values(list(organizers))
        form.add("organizers", "Organizers", self.organizers)
        self.tags = form.add("tags", "Tags", QLineEdit(tags_text(draft.tags)))
        self.description = form.add(
            "description", "About", notes_edit(draft.description, "About", 90)
        )
        self.name.setFocus()

    def build_draft(self) -> EventDraft:
        """Read the form; organizers stay as they were."""
        original = self._original
        return EventDraft(
            name=self.name.text(),
            kind=self.kind.currentData(),
            status=self.status.currentData(),
            start_date=self.start_date.value(),
            start_time=original.start_time if self.start_date.value() else None,
            end_date=self.end_date.value(),
            end_time=original.end_time,
            timezone=optional(self.timezone.text()),
            venue_id=self.venue.chosen_id(),
            city=optional(self.city.text()),
            country=country_of(self.country),
            parent_id=self.parent_event.chosen_id(),
            description=optional(self.description.toPlainText()),
            reported_attendance=_count_of(self.reported),
            organizers=tuple(
                OrganizerDraft(
                    OrganizerRole(str(role)),
                    organization_id=party.id if party.kind == "organization" else None,
                    contact_id=party.id if party.kind == "contact" else None,
                )
                for party, role in self.organizers.values()
            ),
            tags=split_tags(self.tags.text()),
            external_id=original.external_id,
        )


class CommitmentDialog(RecordDialog):
    """The form of one commitment."""

    def __init__(
        self,
        title: str,
        draft: CommitmentDraft,
        save: Save,
        find_organizations: Find,
        find_contacts: Find,
        find_events: Find,
        maker_organization: Ref | None,
        maker_contact: Ref | None,
        event: Ref | None,
        find_parties: Find | None = None,
        endorsers: Sequence[Ref] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.title = form.add("title", "What was committed to", QLineEdit(draft.title))
        self.kind = form.add("kind", "Kind", enum_combo(CommitmentKind, draft.kind))
        self.status = form.add("status", "Status", enum_combo(CommitmentStatus, draft.status))
        self.maker_organization = RecordPicker(find_organizations, "Made by (organization)")
        self.maker_organization.set_ref(maker_organization)
        form.add("maker", "Made by (organization)", self.maker_organization)
        self.maker_contact = RecordPicker(find_contacts, "Made by (person)")
        self.maker_contact.set_ref(maker_contact)
        form.add("maker_contact", "…or by (person)", self.maker_contact)
        self.event_picker = RecordPicker(find_events, "Made at")
        self.event_picker.set_ref(event)
        form.add("event_id", "Made at", self.event_picker)
        self.made_on = OptionalDateEdit("Made on")
        self.made_on.set_value(draft.made_on)
        form.add("made_on", "Made on", self.made_on)
        self.due_on = OptionalDateEdit("Due")
        self.due_on.set_value(draft.due_on)
        form.add("due_on", "Due", self.due_on)
        self.endorser_count = form.add(
            "endorser_count",
            "Endorsers in all",
            _count_box(draft.endorser_count, "Endorsers in all"),
        )
        self.endorsers = PartyRolesEditor(find_parties or find_organizations, [], "endorser")
        self.endorsers.set_values([(ref, None) for ref in endorsers])
        form.add("endorsers", "Endorsed by", self.endorsers)
        self.text = form.add("text", "Text", notes_edit(draft.text, "Text", 90))
        self.notes = form.add("notes", "Notes", notes_edit(draft.notes, "Notes"))
        self.title.setFocus()

    def build_draft(self) -> CommitmentDraft:
        """Read the form."""
        chosen = [party for party, _role in self.endorsers.values()]
        original = self._original
        return CommitmentDraft(
            title=self.title.text(),
            kind=self.kind.currentData(),
            status=self.status.currentData(),
            text=optional(self.text.toPlainText()),
            maker_organization_id=self.maker_organization.chosen_id(),
            maker_contact_id=self.maker_contact.chosen_id(),
            event_id=self.event_picker.chosen_id(),
            made_on=self.made_on.value(),
            due_on=self.due_on.value(),
            endorser_count=_count_of(self.endorser_count),
            endorser_organization_ids=tuple(p.id for p in chosen if p.kind == "organization"),
            endorser_contact_ids=tuple(p.id for p in chosen if p.kind == "contact"),
            notes=optional(self.notes.toPlainText()),
            external_id=original.external_id,
        )


class DocumentDialog(RecordDialog):
    """The form of one source document."""

    def __init__(
        self,
        title: str,
        draft: DocumentDraft,
        save: Save,
        find_organizations: Find,
        publisher: Ref | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.title = form.add("title", "Title", QLineEdit(draft.title))
        self.kind = form.add("kind", "Kind", enum_combo(DocumentKind, draft.kind))
        self.publisher = RecordPicker(find_organizations, "Publisher")
        self.publisher.set_ref(publisher)
        form.add("publisher_id", "Publisher", self.publisher)
        self.author = form.add("author_name", "Author", QLineEdit(draft.author_name or ""))
        self.published_on = OptionalDateEdit("Published on")
        self.published_on.set_value(draft.published_on)
        form.add("published_on", "Published on", self.published_on)
        self.url = form.add("url", "Link", QLineEdit(draft.url or ""))
        self.language = form.add("language", "Language", QLineEdit(draft.language or ""))
        self.text = form.add("text", "Text", notes_edit(draft.text, "Text", 200))
        self.notes = form.add("notes", "Notes", notes_edit(draft.notes, "Notes"))
        self.title.setFocus()

    def build_draft(self) -> DocumentDraft:
        """Read the form."""
        original = self._original
        return DocumentDraft(
            title=self.title.text(),
            kind=self.kind.currentData(),
            publisher_id=self.publisher.chosen_id(),
            author_name=optional(self.author.text()),
            author_contact_id=original.author_contact_id,
            published_on=self.published_on.value(),
            url=optional(self.url.text()),
            language=optional(self.language.text()),
            text=self.text.toPlainText(),
            notes=optional(self.notes.toPlainText()),
            external_id=original.external_id,
        )
