"""Make, rename and fill static contact lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from crm.domain.drafts import ContactListDraft
from crm.domain.records import Ref
from crm.ui.dialogs.base import RecordDialog, Save, notes_edit, optional
from crm.ui.dialogs.participants import CheckList, Name

Find = Callable[[str], list[Ref]]


class ListDialog(RecordDialog):
    """The name, description and members of one list."""

    def __init__(
        self,
        title: str,
        draft: ContactListDraft,
        named: list[Ref],
        save: Save,
        find_contacts: Find,
        name_contacts: Name,
        parent: QWidget | None = None,
    ) -> None:
        """``named``: the members whose names are known; the rest are named when shown."""
        super().__init__(title, save, parent)
        self._original = draft
        self.name = self.form.add("name", "Name", QLineEdit(draft.name))
        self.description = self.form.add(
            "description", "Description", notes_edit(draft.description, "Description", 50)
        )
        members: dict[int, str | None] = dict.fromkeys(draft.contact_ids)
        members.update((m.id, m.label) for m in named if m.id in members)
        self.members = CheckList(find_contacts, "contacts", members, name=name_contacts)
        self.form.add("contact_ids", "Members", self.members)
        self.name.setFocus()

    def build_draft(self) -> ContactListDraft:
        """Read the form."""
        return ContactListDraft(
            name=self.name.text(),
            description=optional(self.description.toPlainText()),
            contact_ids=tuple(self.members.checked),
            external_id=self._original.external_id,
        )


@dataclass(frozen=True)
class ListChoice:
    """Add contacts to an existing list, or to a new one of the given name."""

    list_id: int | None
    new_name: str | None


class AddToListDialog(RecordDialog):
    """Choose the list the selected contacts go on, or name a new one."""

    def __init__(
        self, count: int, lists: list[Ref], save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Add {count} contact{'s' if count != 1 else ''} to a list", save, parent)
        self.existing = QComboBox()
        self.existing.addItem("(a new list)", None)
        for ref in lists:
            self.existing.addItem(ref.label, ref.id)
        self.form.add("list_id", "List", self.existing)
        self.new_name = self.form.add("name", "New list's name", QLineEdit())
        self.existing.currentIndexChanged.connect(
            lambda _i: self.new_name.setEnabled(self.existing.currentData() is None)
        )
        self.resize(440, 220)

    def build_draft(self) -> ListChoice:
        """Read the choice."""
        list_id = self.existing.currentData()
        return ListChoice(list_id, None if list_id is not None else self.new_name.text())
