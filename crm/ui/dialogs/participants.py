"""Put many contacts and organizations on an event's list at once; edit one participant."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.domain.drafts import AttendanceDraft, FollowUpDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, CommitmentStatus
from crm.domain.records import Ref
from crm.ui.dialogs.base import RecordDialog, Save, enum_combo, notes_edit, optional
from crm.ui.widgets import OptionalDateEdit

Find = Callable[[str], list[Ref]]
Members = Callable[[int], list[int]]  # a contact list's id to its members' ids
Name = Callable[[list[int]], dict[int, str]]  # records' ids to their names


@dataclass(frozen=True)
class ParticipantChoice:
    """Who is to be added to an event, in which role and status."""

    contact_ids: tuple[int, ...]
    organization_ids: tuple[int, ...]
    role: AttendanceRole
    status: AttendanceStatus


# Ticked records shown above the search's results: a list of 200,000 members shown whole
# took seconds at each keystroke in its search field.
CHOSEN_SHOWN = 500


class CheckList(QWidget):
    """A searchable list of records with tick boxes; ticks survive a new search.

    A ticked record may come without its name (None): ``name`` names such records when they
    are about to be shown, a few hundred at a time, never all the members of a long list.
    """

    def __init__(
        self,
        find: Find,
        noun: str,
        checked: dict[int, str | None] | None = None,
        unavailable: set[int] | None = None,
        name: Name | None = None,
    ) -> None:
        super().__init__()
        self._find = find
        self._name = name
        self.checked: dict[int, str | None] = dict(checked or {})
        self._unavailable = set(unavailable or ())  # e.g. already on the event's list
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"Search {noun}…")
        self.search.setAccessibleName(f"Search {noun}")
        self.list = QListWidget()
        self.list.setAccessibleName(f"{noun.capitalize()} to add")
        self.list.itemChanged.connect(self._on_item_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refill)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(noun.capitalize()))
        column.addWidget(self.search)
        column.addWidget(self.list)
        self.refill()

    def refill(self) -> None:
        """Show the records matching the search, ticked where already chosen; chosen first.

        Past CHOSEN_SHOWN of the chosen ones, a line says how many more are ticked; they
        stay chosen, and a search shows any of them.
        """
        self.list.blockSignals(True)
        self.list.clear()
        found = self._find(self.search.text().strip())
        shown = {ref.id for ref in found}
        elsewhere = list(islice((i for i in self.checked if i not in shown), CHOSEN_SHOWN))
        self._named(elsewhere)
        for record_id in elsewhere:
            self._add(Ref("contact", record_id, self.checked[record_id] or f"#{record_id}"))
        hidden = len(self.checked) - len(shown.intersection(self.checked)) - self.list.count()
        if hidden > 0:
            more = QListWidgetItem(f"… and {hidden:,} more ticked: search to find one")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)
        for ref in found:
            self._add(ref)
        self.list.blockSignals(False)

    def _named(self, record_ids: list[int]) -> None:
        """Fill in the names of those ``record_ids`` ticked without one."""
        unnamed = [i for i in record_ids if self.checked[i] is None]
        if unnamed and self._name is not None:
            # One gone meanwhile keeps no name; its tick goes when the list is saved.
            named = self._name(unnamed)
            for record_id in unnamed:
                self.checked[record_id] = named.get(record_id, f"#{record_id} (deleted)")

    def _add(self, ref: Ref) -> None:
        item = QListWidgetItem(ref.label)
        item.setData(Qt.ItemDataRole.UserRole, ref.id)
        if ref.id in self._unavailable:
            item.setText(f"{ref.label} — already on the event")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            return
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        checked = ref.id in self.checked
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def tick(self, label: str) -> bool:
        """Tick the record shown as ``label`` (what a click on its box does)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.text() == label:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        record_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.checked[record_id] = item.text()
        else:
            self.checked.pop(record_id, None)


class AddParticipantsDialog(RecordDialog):
    """Choose contacts and organizations, a role and a status, and add them in one go."""

    def __init__(
        self,
        event: Ref,
        save: Save,
        find_contacts: Find,
        find_organizations: Find,
        present: tuple[Collection[int], Collection[int]] = ((), ()),
        contact_lists: Sequence[Ref] = (),
        members: Members = lambda _list_id: [],
        parent: QWidget | None = None,
    ) -> None:
        """``present``: the ids of the contacts and of the organizations on the event."""
        super().__init__(f"Add participants to {event.label}", save, parent)
        contacts, organizations = set(present[0]), set(present[1])
        self.contacts = CheckList(find_contacts, "contacts", unavailable=contacts)
        self.organizations = CheckList(
            find_organizations, "organizations", unavailable=organizations
        )
        lists = QWidget()
        row = QHBoxLayout(lists)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.contacts)
        row.addWidget(self.organizations)
        self.form.add("participant", "Who", lists)
        self._present = contacts
        self._members = members
        self.from_list: tuple[int, ...] = ()  # the chosen list's members not yet on the event
        self.contact_list = QComboBox()
        self.contact_list.setAccessibleName("Everyone on a list")
        self.contact_list.addItem("(none)", None)
        for ref in contact_lists:
            self.contact_list.addItem(ref.label, ref.id)
        self.contact_list.currentIndexChanged.connect(self._on_list_chosen)
        self.list_note = QLabel()
        self.list_note.setAccessibleName("Contacts the list adds")
        chooser = QWidget()
        line = QHBoxLayout(chooser)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.contact_list, 1)
        line.addWidget(self.list_note, 1)
        self.form.add("list", "And everyone on", chooser)
        self.role = self.form.add(
            "role", "Role", enum_combo(AttendanceRole, AttendanceRole.PARTICIPANT)
        )
        self.status = self.form.add(
            "status", "Status", enum_combo(AttendanceStatus, AttendanceStatus.INVITED)
        )
        self.resize(720, 560)

    def _on_list_chosen(self, _index: int) -> None:
        """Take the chosen list's members, leaving out those already on the event."""
        list_id = self.contact_list.currentData()
        members = self._members(list_id) if list_id is not None else []
        self.from_list = tuple(i for i in members if i not in self._present)
        if list_id is None:
            self.list_note.clear()
            return
        already = len(members) - len(self.from_list)
        count = len(self.from_list)
        note = f"adds {count:,} contact{'s' if count != 1 else ''}"
        if already:
            note += f" ({already:,} already on the event)"
        self.list_note.setText(note)

    def build_draft(self) -> ParticipantChoice:
        """Read the ticks and choices: the ticked contacts, then the chosen list's."""
        return ParticipantChoice(
            tuple(dict.fromkeys((*self.contacts.checked, *self.from_list))),
            tuple(self.organizations.checked),
            self.role.currentData(),
            self.status.currentData(),
        )


class AttendanceDialog(RecordDialog):
    """Edit one participant: role, status, check-in, and what they were at the time."""

    def __init__(
        self, title: str, draft: AttendanceDraft, save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, save, parent)
        self._original = draft
        form = self.form
        self.role = form.add("role", "Role", enum_combo(AttendanceRole, draft.role))
        self.status = form.add("status", "Status", enum_combo(AttendanceStatus, draft.status))
        self.checked_in = QCheckBox("Checked in")
        self.checked_in_at = QDateTimeEdit()
        self.checked_in_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.checked_in_at.setAccessibleName("Check-in time")
        when = draft.checked_in_at or datetime.now(UTC)
        self.checked_in_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
        self.checked_in.setChecked(draft.checked_in_at is not None)
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.checked_in)
        line.addWidget(self.checked_in_at, 1)
        form.add("checked_in_at", "Check-in", holder)
        self.title_at_event = form.add(
            "title_at_event", "Title then", QLineEdit(draft.title_at_event or "")
        )
        self.organization_at_event = form.add(
            "organization_at_event",
            "Organization then",
            QLineEdit(draft.organization_at_event or ""),
        )
        self.notes = form.add("notes", "Notes", notes_edit(draft.notes, "Notes"))
        self.resize(480, 420)

    def build_draft(self) -> AttendanceDraft:
        """Read the form."""
        original = self._original
        checked_in = None
        if self.checked_in.isChecked():
            seconds = self.checked_in_at.dateTime().toSecsSinceEpoch()
            checked_in = datetime.fromtimestamp(seconds, UTC)
        return AttendanceDraft(
            event_id=original.event_id,
            role=self.role.currentData(),
            status=self.status.currentData(),
            contact_id=original.contact_id,
            organization_id=original.organization_id,
            on_behalf_of_id=original.on_behalf_of_id,
            title_at_event=optional(self.title_at_event.text()),
            organization_at_event=optional(self.organization_at_event.text()),
            checked_in_at=checked_in,
            notes=optional(self.notes.toPlainText()),
        )


class FollowUpDialog(RecordDialog):
    """Record what became of a commitment on a given day."""

    def __init__(
        self, commitment: Ref, status: CommitmentStatus, save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Follow-up: {commitment.label}", save, parent)
        self.on_date = OptionalDateEdit("Date")
        self.on_date.known.setChecked(True)
        self.form.add("on_date", "Date", self.on_date)
        self.status = self.form.add("status", "Status now", enum_combo(CommitmentStatus, status))
        self.note = self.form.add("note", "What happened", notes_edit("", "What happened", 90))
        self.resize(480, 360)

    def build_draft(self) -> FollowUpDraft:
        """Read the form."""
        day = self.on_date.value() or datetime.now(UTC).date()
        return FollowUpDraft(day, self.status.currentData(), self.note.toPlainText())
