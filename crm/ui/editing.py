"""Open the right dialog, save through the workspace, settle conflicts, and make it undoable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from crm.domain import editing
from crm.domain.drafts import (
    AttendanceDraft,
    CommitmentDraft,
    ContactDraft,
    ContactListDraft,
    DocumentDraft,
    EventDraft,
    OrganizationDraft,
)
from crm.domain.enums import AttendanceStatus, RecordKind
from crm.domain.errors import ConflictError, DomainError
from crm.domain.records import AttendanceRow, DeletionEffects, Ref, TagChange
from crm.services.paging import Progress
from crm.services.workspace import Workspace, record_label, row_of
from crm.ui.commands import (
    MOST_IN_ONE_DELETE,
    SLOW_DELETE,
    SLOW_LIST_CHANGE,
    SLOW_PARTICIPANTS,
    AddParticipantsCommand,
    CheckInCommand,
    CommandContext,
    CreateCommand,
    DeleteCommand,
    DeleteManyCommand,
    EditCommand,
    FollowUpCommand,
    MergeCommand,
    StatusCommand,
    Step,
    TagCommand,
    WorkspaceCommand,
)
from crm.ui.dialogs.base import InBackground, RecordDialog
from crm.ui.dialogs.conflict import ConflictChoice, ConflictDialog
from crm.ui.dialogs.contact import ContactDialog
from crm.ui.dialogs.lists import AddToListDialog, ListChoice, ListDialog
from crm.ui.dialogs.participants import (
    CHOSEN_SHOWN,
    AddParticipantsDialog,
    AttendanceDialog,
    FollowUpDialog,
    ParticipantChoice,
)
from crm.ui.dialogs.records import CommitmentDialog, DocumentDialog, EventDialog, OrganizationDialog
from crm.ui.worker import Job, run_in_background, start

NEW_DRAFTS: dict[RecordKind, Any] = {
    RecordKind.CONTACTS: ContactDraft(),
    RecordKind.ORGANIZATIONS: OrganizationDraft(name=""),
    RecordKind.EVENTS: EventDraft(name=""),
    RecordKind.COMMITMENTS: CommitmentDraft(title=""),
    RecordKind.DOCUMENTS: DocumentDraft(title=""),
    RecordKind.LISTS: ContactListDraft(name=""),
}
DRAFT_OF: dict[RecordKind, Any] = {
    RecordKind.CONTACTS: editing.contact_draft,
    RecordKind.ORGANIZATIONS: editing.organization_draft,
    RecordKind.EVENTS: editing.event_draft,
    RecordKind.ATTENDANCES: editing.attendance_draft,
    RecordKind.COMMITMENTS: editing.commitment_draft,
    RecordKind.DOCUMENTS: editing.document_draft,
    RecordKind.LISTS: editing.list_draft,
}
NOUNS = {
    RecordKind.CONTACTS: "contact",
    RecordKind.ORGANIZATIONS: "organization",
    RecordKind.EVENTS: "event",
    RecordKind.ATTENDANCES: "participant",
    RecordKind.COMMITMENTS: "commitment",
    RecordKind.DOCUMENTS: "document",
    RecordKind.LISTS: "list",
}
# Said when many records are deleted at once, none of them read first to count it.
_WHAT_GOES_WITH = {
    RecordKind.CONTACTS: " (their emails and phones, their places on events and lists)",
    RecordKind.ORGANIZATIONS: " (their people's affiliations, their places on events)",
    RecordKind.EVENTS: " (their sessions and participants)",
    RecordKind.LISTS: " (their memberships; the contacts stay)",
}
# A delete's question waits for its count: past this, a dialog says what it is waiting for.
COUNTING_SHOWN_AFTER_MS = 300
_KEPT_THEIRS = object()  # the user dropped their edit in favour of the saved version
_CONFLICT = object()  # a save on a worker found the record changed since it was read


def _members(draft: Any) -> int:
    """How many members a list's draft holds (none for any other kind)."""
    return len(draft.contact_ids) if isinstance(draft, ContactListDraft) else 0


class Editor(QObject):
    """Every change the window makes to records goes through here."""

    changed = Signal(object, object)  # a RecordKind, and the id to show (or None)
    tags_changed = Signal()  # a tag renamed, merged or deleted: every list may show it
    failed = Signal(str)

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self._parent = parent
        self.active_dialog: QDialog | None = None
        self.slow_step: Job | None = None  # an undo or redo running on a worker
        self.counting: Job | None = None  # what a delete removes, counted before asking
        self.context = CommandContext(workspace, self._notify, self._report, self._run_slowly)

    # -- plumbing ----------------------------------------------------------------------------
    def _notify(self, kind: RecordKind, record_id: int | None) -> None:
        self.changed.emit(kind, record_id)

    def _report(self, what: str, error: DomainError) -> None:
        self.failed.emit(f"{what[:1].upper()}{what[1:]}: {error}")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Convene",
            f"Could not {what[:1].lower()}{what[1:]}.",  # "Undo …", names kept as spelt
            parent=self._parent,
        )
        box.setInformativeText(str(error))
        box.open()
        self.active_dialog = box

    def _run_slowly(self, command: WorkspaceCommand, verb: str, step: Step) -> None:
        """Run a step of thousands of records on a worker: a first run, an undo or a redo.

        The window repaints meanwhile, but takes no other change behind the dialog: a second
        Ctrl+Z must wait for the first, whose outcome decides what the stack holds. A refused
        step drops its command from the stack, as one refused on the window's thread does.
        """
        text = command.text()
        busy = self._busy(f"{verb}: {text}…" if verb else f"{text[:1].upper()}{text[1:]}…")
        busy.show()

        def succeeded(outcome: tuple[RecordKind, int | None]) -> None:
            busy.close()
            self.slow_step = None
            command.finished(outcome)

        def failed(message: str) -> None:
            busy.close()
            self.slow_step = None
            command.refused(verb, DomainError(message))
            stack = self.undo_stack
            # Obsolete now: the stack deletes it as it steps back over it, without a call.
            if verb == "Undo" and stack.command(stack.index()) is command:
                stack.redo()
            elif verb != "Undo" and stack.command(stack.index() - 1) is command:
                stack.undo()  # a redo, or its first run when pushed

        def work(progress: Progress) -> tuple[RecordKind, int | None]:
            command.progress = progress  # a step that can tell how far it is, does
            try:
                return step()
            finally:
                command.progress = None

        def moved(done: int, total: int) -> None:
            busy.setRange(0, max(total, 1))
            busy.setValue(done)

        job = Job(work, writes=True)
        job.signals.succeeded.connect(succeeded)
        job.signals.failed.connect(failed)
        job.signals.progressed.connect(moved)
        self.slow_step = start(job)

    def _busy(self, text: str) -> QProgressDialog:
        """A window-modal dialog that says what runs, with a busy bar and no Cancel button."""
        busy = QProgressDialog(self._parent)
        busy.setWindowTitle("Convene")
        busy.setLabelText(text)
        busy.setCancelButton(None)  # no Cancel: a step is one transaction, done or not
        busy.setRange(0, 0)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        return busy

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    def _contact_names(self, contact_ids: list[int]) -> dict[int, str]:
        rows = self.workspace.rows(RecordKind.CONTACTS, contact_ids)
        return {row.id: row.display_name for row in rows}

    def _find_parties(self, text: str) -> list[Ref]:
        """Offer organizations and people together, each marked as which."""
        organizations = self.workspace.find(RecordKind.ORGANIZATIONS, text, 12)
        people = [
            Ref(r.kind, r.id, f"{r.label} (person)")
            for r in self.workspace.find(RecordKind.CONTACTS, text, 8)
        ]
        return [*organizations, *people]

    def _find(self, kind: RecordKind) -> Any:
        return lambda text: self.workspace.find(kind, text)

    # -- new and edit --------------------------------------------------------------------------
    def new_record(self, kind: RecordKind, event_id: int | None = None) -> None:
        """Open an empty form for ``kind`` (for participants: choose whom to add)."""
        if kind is RecordKind.ATTENDANCES:
            self.add_participants(event_id)
            return

        def save(draft: Any) -> Any:
            detail = self.workspace.create(kind, draft)
            record_id = row_of(detail).id
            self.undo_stack.push(CreateCommand(kind, record_id, record_label(detail), self.context))
            self._notify(kind, record_id)
            return detail

        self._open(self._dialog(kind, f"New {NOUNS[kind]}", NEW_DRAFTS[kind], save, None))

    def edit_record(self, kind: RecordKind, record_id: int) -> None:
        """Open the form of one record; a save made over someone else's change asks first."""
        if kind is RecordKind.LISTS:
            # Every member's id, but only the names the form shows first.
            detail, member_ids = self.workspace.list_to_edit(record_id, CHOSEN_SHOWN)
            before = replace(DRAFT_OF[kind](detail), contact_ids=tuple(member_ids))
        else:
            detail = self.workspace.detail(kind, record_id)
            before = DRAFT_OF[kind](detail)
        version = row_of(detail).version
        label = record_label(detail)

        def saved(draft: Any, outcome: Any) -> Any:
            if outcome is _CONFLICT:
                outcome = self._settle_conflict(kind, record_id, label, draft)
            if outcome is None:
                return None
            if outcome is not _KEPT_THEIRS:
                slow = _members(before) > SLOW_LIST_CHANGE or _members(draft) > SLOW_LIST_CHANGE
                version_now = row_of(outcome).version
                self.undo_stack.push(
                    EditCommand(
                        kind, record_id, label, before, draft, version_now, self.context, slow
                    )
                )
            self._notify(kind, record_id)
            return outcome

        def update(draft: Any) -> Any:
            try:
                return self.workspace.update(kind, record_id, draft, version)
            except ConflictError:
                return _CONFLICT  # settled on the window's thread, which may ask

        def save(draft: Any) -> Any:
            count = _members(draft)
            if count <= SLOW_LIST_CHANGE:
                return saved(draft, update(draft))
            # A list of thousands of members: 200,000 took 1.4 s to save at a million.
            return InBackground(
                lambda: update(draft),
                lambda outcome: saved(draft, outcome),
                f"Saving the list's {count:,} members…",
            )

        self._open(self._dialog(kind, f"Edit {label}", before, save, detail))

    def _settle_conflict(self, kind: RecordKind, record_id: int, label: str, draft: Any) -> Any:
        """Someone saved the record meanwhile: show both, and do as the user chooses."""
        current = self.workspace.detail(kind, record_id)
        dialog = ConflictDialog(label, draft, DRAFT_OF[kind](current), self._parent)
        self.active_dialog = dialog
        dialog.exec()
        if dialog.choice is ConflictChoice.OVERWRITE:
            return self.workspace.update(kind, record_id, draft, row_of(current).version)
        if dialog.choice is ConflictChoice.KEEP_THEIRS:
            return _KEPT_THEIRS
        return None

    def _dialog(
        self, kind: RecordKind, title: str, draft: Any, save: Any, detail: Any
    ) -> RecordDialog:
        countries = self.workspace.countries()
        orgs, contacts, events = (
            self._find(RecordKind.ORGANIZATIONS),
            self._find(RecordKind.CONTACTS),
            self._find(RecordKind.EVENTS),
        )
        row: Any = row_of(detail) if detail is not None else None
        if kind is RecordKind.CONTACTS:
            organization = None
            if detail is not None and detail.affiliations:
                first = detail.affiliations[0]
                organization = Ref("organization", first.organization_id, first.organization)
            return ContactDialog(title, draft, save, countries, orgs, organization, self._parent)
        if kind is RecordKind.ORGANIZATIONS:
            parent_ref = (
                Ref("organization", detail.parent_id, row.parent)
                if detail is not None and detail.parent_id
                else None
            )
            return OrganizationDialog(title, draft, save, countries, orgs, parent_ref, self._parent)
        if kind is RecordKind.EVENTS:
            venue = (
                Ref("organization", detail.venue_id, row.venue)
                if detail is not None and detail.venue_id
                else None
            )
            parent_event = (
                Ref("event", detail.parent_id, row.parent)
                if detail is not None and detail.parent_id
                else None
            )
            organizers = [(o.party, o.role) for o in detail.organizers] if detail else []
            return EventDialog(
                title,
                draft,
                save,
                countries,
                orgs,
                events,
                venue,
                parent_event,
                self._find_parties,
                organizers,
                self._parent,
            )
        if kind is RecordKind.COMMITMENTS:
            maker = row.maker if row is not None else None
            return CommitmentDialog(
                title,
                draft,
                save,
                orgs,
                contacts,
                events,
                maker if maker and maker.kind == "organization" else None,
                maker if maker and maker.kind == "contact" else None,
                row.event if row is not None else None,
                self._find_parties,
                list(detail.endorsers) if detail is not None else [],
                self._parent,
            )
        if kind is RecordKind.LISTS:
            named = list(detail.members) if detail is not None else []
            return ListDialog(
                title, draft, named, save, contacts, self._contact_names, self._parent
            )
        if kind is RecordKind.DOCUMENTS:
            publisher = (
                Ref("organization", detail.publisher_id, row.publisher)
                if detail is not None and detail.publisher_id
                else None
            )
            return DocumentDialog(title, draft, save, orgs, publisher, self._parent)
        assert isinstance(draft, AttendanceDraft)
        return AttendanceDialog(title, draft, save, self._parent)

    # -- delete ------------------------------------------------------------------------------
    def delete_records(self, kind: RecordKind, record_ids: Sequence[int]) -> None:
        """Ask, saying what else goes, then delete; one undo brings everything back."""
        if len(record_ids) > 1:
            self._delete_many(kind, record_ids)
            return
        if not record_ids:
            return
        if self.counting is not None:
            return  # the Delete pressed a moment ago is still counting what goes
        row = self.workspace.row(kind, record_ids[0])
        label = record_label(row)
        # Counted on a worker: a list of 200,000 members held the window 2 s before asking.
        # The dialog shows only if the count is slow; a quick one asks at once.
        busy = self._busy(f"Counting what goes with the {NOUNS[kind]} “{label}”…")
        shown_later = QTimer(busy)
        shown_later.setSingleShot(True)
        shown_later.timeout.connect(busy.show)
        shown_later.start(COUNTING_SHOWN_AFTER_MS)

        def ended() -> None:
            self.counting = None
            shown_later.stop()
            busy.close()
            busy.deleteLater()

        def counted(effects: DeletionEffects) -> None:
            ended()
            phrases = effects.phrases
            text = "This also removes " + ", ".join(phrases) + ". " if phrases else ""
            answer = QMessageBox.question(
                self._parent,
                "Delete",
                f"Delete {NOUNS[kind]} “{label}”?\n\n{text}You can undo this with Ctrl+Z.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                # A list of 200,000 members, an event of thousands: deleted on a worker.
                slow = effects.rows > SLOW_DELETE
                self.undo_stack.push(
                    DeleteCommand(kind, row.id, label, row.version, self.context, slow)
                )

        def failed(message: str) -> None:
            ended()
            self._report(f"delete {NOUNS[kind]} “{label}”", DomainError(message))

        record_id = row.id
        self.counting = run_in_background(
            lambda: self.workspace.deletion_effects(kind, record_id), counted, failed
        )

    def _delete_many(self, kind: RecordKind, record_ids: Sequence[int]) -> None:
        """Delete a selection in one bulk delete, on a worker when it is long.

        Nothing is read of each record first: one by one, a selection of 200,000 contacts
        held the window for over half an hour.
        """
        what = f"delete {len(record_ids):,} {NOUNS[kind]}s"
        if len(record_ids) > MOST_IN_ONE_DELETE:
            self._report(
                what,
                DomainError(
                    f"Convene deletes at most {MOST_IN_ONE_DELETE:,} records at once, so "
                    "that Ctrl+Z can bring every one of them back. Select fewer, and delete "
                    "them in turns."
                ),
            )
            return
        answer = QMessageBox.question(
            self._parent,
            "Delete",
            f"{what[:1].upper()}{what[1:]}?\n\nWhat belongs to each of them goes too"
            f"{_WHAT_GOES_WITH.get(kind, '')}. You can undo this with Ctrl+Z.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_stack.push(
                DeleteManyCommand(kind, record_ids, f"{NOUNS[kind]}s", self.context)
            )

    # -- participants and follow-ups -----------------------------------------------------------
    def add_participants(self, event_id: int | None) -> None:
        """Choose contacts and organizations to add to an event in one go."""
        if event_id is None:
            self._report(
                "Add participants",
                DomainError(
                    "Choose an event first: pick it in the Event filter above the table, "
                    "or open the event and use Add participants."
                ),
            )
            return
        event = self.workspace.ref(RecordKind.EVENTS, event_id)

        def added(rows: list[AttendanceRow]) -> list[AttendanceRow]:
            ids = [r.id for r in rows]
            self.undo_stack.push(AddParticipantsCommand(ids, event.label, self.context))
            # The first one is shown, unless thousands came: finding its row among them
            # reads the event's participants a block at a time (2 s for 20,000).
            shown = ids[0] if ids and len(ids) <= SLOW_PARTICIPANTS else None
            self._notify(RecordKind.ATTENDANCES, shown)
            return rows

        def save(choice: ParticipantChoice) -> Any:
            if not choice.contact_ids and not choice.organization_ids:
                raise DomainError(
                    "Tick at least one contact or organization to add, or choose a list "
                    "with someone not yet on the event."
                )

            def add() -> list[AttendanceRow]:
                return self.workspace.add_participants(
                    event_id,
                    choice.contact_ids,
                    choice.organization_ids,
                    choice.role,
                    choice.status,
                )

            count = len(choice.contact_ids) + len(choice.organization_ids)
            if count <= SLOW_PARTICIPANTS:
                return added(add())
            # A list of thousands: 5,000 took 2.3 s at a million contacts.
            return InBackground(add, added, f"Adding {count:,} participants…")

        # Ids only: the participants' rows of an event of 5,000 took 0.4-0.8 s to read.
        present_contacts, present_organizations = self.workspace.participant_ids(event_id)
        self._open(
            AddParticipantsDialog(
                event,
                save,
                self._find(RecordKind.CONTACTS),
                self._find(RecordKind.ORGANIZATIONS),
                (present_contacts, present_organizations),
                self.workspace.find(RecordKind.LISTS, "", 500),
                self.workspace.list_member_ids,
                self._parent,
            )
        )

    def set_status(self, attendance_ids: Sequence[int], status: AttendanceStatus) -> None:
        """Move the chosen participants to one status (undoable)."""
        if attendance_ids:
            self.undo_stack.push(StatusCommand(attendance_ids, status, self.context))

    def add_to_list(self, contact_ids: Sequence[int]) -> None:
        """Put the chosen contacts on a list, existing or new (undoable).

        Thousands (a select-all of the press contacts) are written on a worker, the dialog
        saying so: 100,000 took 2.5 s at a million contacts.
        """
        if not contact_ids:
            return
        lists = self.workspace.find(RecordKind.LISTS, "", 500)
        slow = len(contact_ids) > SLOW_LIST_CHANGE

        def write(choice: ListChoice) -> tuple[Any, tuple[str, Any, Any] | None]:
            """The list's new state, and (its name, draft before, after) if it was there."""
            if choice.list_id is None:
                draft = ContactListDraft(choice.new_name or "", None, tuple(contact_ids))
                return self.workspace.create(RecordKind.LISTS, draft), None
            current = self.workspace.detail(RecordKind.LISTS, choice.list_id)
            before = editing.list_draft(current)
            after = ContactListDraft(
                before.name, before.description, (*before.contact_ids, *contact_ids)
            )
            detail = self.workspace.update(
                RecordKind.LISTS, choice.list_id, after, current.row.version
            )
            return detail, (current.row.name, before, after)

        def written(outcome: tuple[Any, tuple[str, Any, Any] | None]) -> Any:
            detail, edit = outcome
            row = detail.row
            if edit is None:
                command: WorkspaceCommand = CreateCommand(
                    RecordKind.LISTS, row.id, row.name, self.context, slow=slow
                )
            else:
                name, before, after = edit
                command = EditCommand(
                    RecordKind.LISTS, row.id, name, before, after, row.version, self.context, slow
                )
            self.undo_stack.push(command)
            self._notify(RecordKind.LISTS, row.id)
            return detail

        def save(choice: ListChoice) -> Any:
            if not slow:
                return written(write(choice))
            return InBackground(
                lambda: write(choice), written, f"Adding {len(contact_ids):,} contacts to the list…"
            )

        self._open(AddToListDialog(len(contact_ids), lists, save, self._parent))

    def manage_tags(self) -> None:
        """Open the list of tags; each rename, merge or delete goes on the undo stack."""
        from crm.ui.dialogs.tags import TagsDialog

        # As every command's, but a change shows in every list, not as one record.
        context = replace(self.context, changed=lambda _kind, _id: self.tags_changed.emit())

        def done(change: TagChange) -> None:
            self.undo_stack.push(TagCommand(change, context))
            self.tags_changed.emit()

        self._open(TagsDialog(self.workspace, done, self._parent))

    def find_duplicates(self) -> None:
        """Open the duplicates finder; its merges go on the undo stack."""
        from crm.ui.dialogs.duplicates import DuplicatesDialog  # rapidfuzz: when first used

        dialog = DuplicatesDialog(self.workspace, self.merge, self._parent)
        self._open(dialog)
        dialog.look()

    def merge(
        self,
        kind: RecordKind,
        survivor: Ref,
        absorbed: Ref,
        versions: tuple[int | None, int | None],
    ) -> bool:
        """Merge ``absorbed`` into ``survivor`` (undoable); tell whether it was done."""
        command = MergeCommand(kind, survivor, absorbed, versions, self.context)
        self.undo_stack.push(command)  # runs the merge; a refusal is reported and dropped
        return command.record is not None

    def check_in(self, attendance_ids: Sequence[int]) -> None:
        """Check the chosen participants in now (undoable)."""
        if attendance_ids:
            self.undo_stack.push(CheckInCommand(attendance_ids, self.context))

    def add_follow_up(self, commitment_id: int) -> None:
        """Record a dated follow-up and the status it brings."""
        detail = self.workspace.detail(RecordKind.COMMITMENTS, commitment_id)
        ref = Ref("commitment", commitment_id, detail.row.title)

        def save(draft: Any) -> Any:
            saved = self.workspace.add_follow_up(commitment_id, draft)
            newest = max(f.id for f in saved.follow_ups)
            self.undo_stack.push(
                FollowUpCommand(
                    commitment_id, ref.label, draft, detail.row.status, newest, self.context
                )
            )
            self._notify(RecordKind.COMMITMENTS, commitment_id)
            return saved

        self._open(FollowUpDialog(ref, detail.row.status, save, self._parent))
