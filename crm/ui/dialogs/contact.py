"""Add or edit a person: names in any script, emails, phones, organization, consent."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from crm.domain.drafts import AffiliationDraft, ContactDraft, EmailDraft, PhoneDraft
from crm.domain.enums import ConsentStatus, LawfulBasis
from crm.domain.records import Ref
from crm.ui.dialogs.base import (
    RecordDialog,
    Save,
    country_combo,
    country_of,
    enum_combo,
    notes_edit,
    optional,
)
from crm.ui.widgets import MethodListEditor, OptionalDateEdit, RecordPicker, split_tags, tags_text

EMAIL_LABELS = ("work", "home", "other")
PHONE_LABELS = ("work", "mobile", "home", "fax", "other")


class ContactDialog(RecordDialog):
    """The form of one contact."""

    def __init__(
        self,
        title: str,
        draft: ContactDraft,
        save: Save,
        countries: dict[str, str],
        find_organizations: Callable[[str], list[Ref]],
        organization: Ref | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.prefix = form.add("prefix", "Prefix", QLineEdit(draft.prefix or ""))
        self.given_name = form.add("given_name", "Given name", QLineEdit(draft.given_name or ""))
        self.family_name = form.add(
            "family_name", "Family name", QLineEdit(draft.family_name or "")
        )
        self.native_name = form.add(
            "native_name", "Name in its own script", QLineEdit(draft.native_name or "")
        )
        self.native_name.setPlaceholderText("e.g. محمد عباس or יוסף כהן")
        self.name_variants = form.add(
            "name_variants", "Other spellings", QLineEdit(draft.name_variants or "")
        )
        self.job_title = form.add("job_title", "Title", QLineEdit(draft.job_title or ""))
        self.organization = RecordPicker(find_organizations, "Organization")
        self.organization.set_ref(organization)
        form.add("affiliations", "Organization", self.organization)
        primary = self._primary_affiliation()
        self.role = form.add("role", "Role there", QLineEdit(primary.role or "" if primary else ""))
        self.emails = MethodListEditor("email", EMAIL_LABELS)
        self.emails.set_values([(e.address, e.label, e.primary) for e in draft.emails])
        form.add("emails", "Emails", self.emails)
        self.phones = MethodListEditor("phone", PHONE_LABELS)
        self.phones.set_values([(p.number, p.label, p.primary) for p in draft.phones])
        form.add("phones", "Phones", self.phones)
        self.country = form.add("country", "Country", country_combo(countries, draft.country))
        self.city = form.add("city", "City", QLineEdit(draft.city or ""))
        self.languages = form.add("languages", "Languages", QLineEdit(", ".join(draft.languages)))
        self.is_press = QCheckBox("Press contact")
        self.is_press.setChecked(draft.is_press)
        form.add("is_press", "Press", self.is_press)
        self.press_role = form.add("press_role", "Press role", QLineEdit(draft.press_role or ""))
        self.tags = form.add("tags", "Tags", QLineEdit(tags_text(draft.tags)))
        self.consent_status = form.add(
            "consent_status", "Consent", enum_combo(ConsentStatus, draft.consent_status)
        )
        self.consent_date = OptionalDateEdit("Consent date")
        self.consent_date.set_value(draft.consent_date)
        form.add("consent_date", "Consent date", self.consent_date)
        self.lawful_basis = form.add(
            "lawful_basis",
            "Lawful basis",
            enum_combo(LawfulBasis, draft.lawful_basis, allow_none=True),
        )
        self.do_not_contact = QCheckBox("Leave out of every mailing and export")
        self.do_not_contact.setChecked(draft.do_not_contact)
        form.add("do_not_contact", "Do not contact", self.do_not_contact)
        self.notes = form.add("notes", "Notes", notes_edit(draft.notes, "Notes"))
        self.given_name.setFocus()

    def _primary_affiliation(self) -> AffiliationDraft | None:
        ongoing = [a for a in self._original.affiliations if a.end_date is None]
        return next((a for a in ongoing if a.primary), ongoing[0] if ongoing else None)

    def _affiliations(self) -> tuple[AffiliationDraft, ...]:
        primary = self._primary_affiliation()
        others = tuple(a for a in self._original.affiliations if a is not primary)
        organization_id = self.organization.chosen_id()
        if organization_id is None:
            return others
        role = optional(self.role.text())
        if primary is not None and primary.organization_id == organization_id:
            kept = AffiliationDraft(
                organization_id,
                role,
                primary.department,
                primary.start_date,
                primary.end_date,
                True,
            )
        else:
            kept = AffiliationDraft(organization_id, role, primary=True)
        return (
            kept,
            *(
                AffiliationDraft(
                    a.organization_id, a.role, a.department, a.start_date, a.end_date, False
                )
                for a in others
            ),
        )

    def build_draft(self) -> ContactDraft:
        """Read the form."""
        return ContactDraft(
            prefix=optional(self.prefix.text()),
            given_name=optional(self.given_name.text()),
            family_name=optional(self.family_name.text()),
            native_name=optional(self.native_name.text()),
            name_variants=optional(self.name_variants.text()),
            job_title=optional(self.job_title.text()),
            emails=tuple(
                EmailDraft(v, label, primary) for v, label, primary in self.emails.values()
            ),
            phones=tuple(
                PhoneDraft(v, label, primary) for v, label, primary in self.phones.values()
            ),
            affiliations=self._affiliations(),
            social=self._original.social,
            is_press=self.is_press.isChecked(),
            press_role=optional(self.press_role.text()),
            languages=split_tags(self.languages.text()),
            country=country_of(self.country),
            city=optional(self.city.text()),
            notes=optional(self.notes.toPlainText()),
            tags=split_tags(self.tags.text()),
            consent_status=self.consent_status.currentData(),
            consent_date=self.consent_date.value(),
            lawful_basis=self.lawful_basis.currentData(),
            do_not_contact=self.do_not_contact.isChecked(),
            external_id=self._original.external_id,
        )
