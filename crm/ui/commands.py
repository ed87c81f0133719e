"""Undoable actions: each keeps what it needs to go back and forth through the workspace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from crm.domain.drafts import FollowUpDraft
from crm.domain.enums import AttendanceStatus, CommitmentStatus, RecordKind
from crm.domain.errors import DomainError
from crm.domain.records import Ref, TagChange
from crm.services.attendances import CheckIns
from crm.services.paging import Progress
from crm.services.workspace import DeletedRecord, DeletedRecords, Workspace

if TYPE_CHECKING:
    from crm.services.merges import MergeRecord

Changed = Callable[[RecordKind, int | None], None]
Failed = Callable[[str, DomainError], None]
Step = Callable[[], tuple[RecordKind, int | None]]
# Runs a command's long step on a worker, the window kept from other changes meanwhile, and
# hands the outcome to the command's finished() or refused() (crm.ui.editing).
SlowRunner = Callable[["WorkspaceCommand", str, Step], None]

# How much each kind of change may do on the window's thread: about a page of rows' time.
SLOW_TAG_CHANGE = 2000  # records a tag change rewrites
SLOW_LIST_CHANGE = 2000  # members a list's change writes
SLOW_PARTICIPANTS = 250  # participants added to an event
SLOW_DELETE = 150  # records deleted (0.7 ms a contact at a million)
# The most records one delete takes: its undo keeps every row that goes in memory (about
# 2.5 KiB a contact, with its emails, phones and places), 125 MiB at this many.
MOST_IN_ONE_DELETE = 50_000


@dataclass(frozen=True)
class CommandContext:
    """What every command needs: the workspace, and whom to tell of a change or a refusal.

    ``run_slowly``, when given, runs the steps of a command that says they are long.
    """

    workspace: Workspace
    changed: Changed
    failed: Failed
    run_slowly: SlowRunner | None = None


class WorkspaceCommand(QUndoCommand):
    """A command whose steps run through the workspace; a refused step drops the command."""

    def __init__(
        self, text: str, context: CommandContext, done: bool = False, slow: bool = False
    ) -> None:
        """``slow``: its steps may hold the window longer than a page of rows takes."""
        super().__init__(text)
        self.workspace = context.workspace
        self._changed = context.changed
        self._failed = context.failed
        self._run_slowly = context.run_slowly
        # Where a step run on a worker may say how far it is (set by the runner meanwhile).
        self.progress: Progress | None = None
        self._skip_first_redo = done  # the dialog already did it, and showed any refusal
        self._done_once = done
        self._slow = slow

    def redo(self) -> None:
        """Do (or do again) the action."""
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        # The first time (on push) it is no redo: "Could not delete 3 contacts".
        verb = "Redo" if self._done_once else ""
        self._done_once = True
        self._guarded(self.do, verb)

    def undo(self) -> None:
        """Take the action back."""
        self._guarded(self.undo_step, "Undo")

    def is_slow(self) -> bool:
        """Tell whether a step may hold the window longer than a page of rows takes."""
        return self._slow

    def _guarded(self, step: Step, verb: str) -> None:
        if self._run_slowly is not None and self.is_slow():
            self._run_slowly(self, verb, step)
            return
        try:
            outcome = step()
        except DomainError as error:
            self.refused(verb, error)
            return
        self.finished(outcome)

    def finished(self, outcome: tuple[RecordKind, int | None]) -> None:
        """Show what a step changed."""
        self._changed(*outcome)

    def refused(self, verb: str, error: DomainError) -> None:
        """Report a step refused; the command is dropped (marked obsolete for its stack)."""
        self.setObsolete(True)
        self._failed(f"{verb} {self.text()}" if verb else self.text(), error)

    def do(self) -> tuple[RecordKind, int | None]:
        """Run the action; return what to show afterwards."""
        raise NotImplementedError

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Reverse the action; return what to show afterwards."""
        raise NotImplementedError


class CreateCommand(WorkspaceCommand):
    """A record was created; undo deletes it, redo brings the very same record back."""

    def __init__(
        self,
        kind: RecordKind,
        record_id: int,
        label: str,
        context: CommandContext,
        slow: bool = False,
    ) -> None:
        super().__init__(f"add {label}", context, done=True, slow=slow)
        self.kind = kind
        self.record_id = record_id
        self._deleted: DeletedRecord | None = None

    def do(self) -> tuple[RecordKind, int | None]:
        """Restore the record the undo removed."""
        assert self._deleted is not None
        self.workspace.restore(self._deleted)
        return self.kind, self.record_id

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Delete the record again, keeping it for redo."""
        self._deleted = self.workspace.delete(self.kind, self.record_id, None)
        return self.kind, None


class EditCommand(WorkspaceCommand):
    """A record was edited; undo writes the earlier draft back, refusing if changed since."""

    def __init__(
        self,
        kind: RecordKind,
        record_id: int,
        label: str,
        before: Any,
        after: Any,
        version: int,
        context: CommandContext,
        slow: bool = False,
    ) -> None:
        super().__init__(f"edit {label}", context, done=True, slow=slow)
        self.kind = kind
        self.record_id = record_id
        self._before = before
        self._after = after
        self._version = version

    def _write(self, draft: Any) -> tuple[RecordKind, int | None]:
        detail = self.workspace.update(self.kind, self.record_id, draft, self._version)
        self._version = getattr(detail, "row", detail).version
        return self.kind, self.record_id

    def do(self) -> tuple[RecordKind, int | None]:
        """Write the edited draft again."""
        return self._write(self._after)

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Write the draft from before the edit."""
        return self._write(self._before)


class DeleteCommand(WorkspaceCommand):
    """Delete a record and all that goes with it; undo puts everything back."""

    def __init__(
        self,
        kind: RecordKind,
        record_id: int,
        label: str,
        version: int | None,
        context: CommandContext,
        slow: bool = False,
    ) -> None:
        super().__init__(f"delete {label}", context, slow=slow)
        self.kind = kind
        self.record_id = record_id
        self._version = version
        self._deleted: DeletedRecord | None = None

    def do(self) -> tuple[RecordKind, int | None]:
        """Delete, keeping what undo needs."""
        self._deleted = self.workspace.delete(self.kind, self.record_id, self._version)
        self._version = None  # after an undo the restored record is the one we deleted
        return self.kind, None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Bring the record back."""
        assert self._deleted is not None
        self.workspace.restore(self._deleted)
        return self.kind, self.record_id


class DeleteManyCommand(WorkspaceCommand):
    """Delete many records in one go (a selection); undo puts every one of them back."""

    def __init__(
        self, kind: RecordKind, record_ids: Sequence[int], nouns: str, context: CommandContext
    ) -> None:
        # A few hundred take longer than a page of rows (0.7 ms a contact at a million).
        slow = len(record_ids) > SLOW_DELETE
        super().__init__(f"delete {len(record_ids):,} {nouns}", context, slow=slow)
        self.kind = kind
        self._ids = list(record_ids)
        self._deleted: DeletedRecords | None = None

    def do(self) -> tuple[RecordKind, int | None]:
        """Delete them, keeping what undo needs."""
        self._deleted = self.workspace.delete_many(self.kind, self._ids, self.progress)
        return self.kind, None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Bring them back, with all that went with them."""
        assert self._deleted is not None
        self.workspace.restore_many(self._deleted, self.progress)
        restored = self._deleted.record_ids
        return self.kind, restored[0] if restored else None


class StatusCommand(WorkspaceCommand):
    """Move participants to one status; undo gives each its own status back."""

    def __init__(
        self, attendance_ids: Sequence[int], status: AttendanceStatus, context: CommandContext
    ) -> None:
        count = len(attendance_ids)
        super().__init__(
            f"mark {count:,} participant{'s' if count != 1 else ''} {status.value}", context
        )
        self._ids = list(attendance_ids)
        self._status = status
        self._before: dict[int, AttendanceStatus] = {}

    def do(self) -> tuple[RecordKind, int | None]:
        """Set the new status."""
        self._before = self.workspace.set_attendance_status(self._ids, self._status)
        return RecordKind.ATTENDANCES, self._ids[0] if self._ids else None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Restore each participant's former status."""
        self.workspace.restore_attendance_statuses(self._before)
        return RecordKind.ATTENDANCES, self._ids[0] if self._ids else None


class AddParticipantsCommand(WorkspaceCommand):
    """Participants were added to an event; undo takes them off, redo puts them back."""

    def __init__(
        self, attendance_ids: Sequence[int], event_label: str, context: CommandContext
    ) -> None:
        super().__init__(
            f"add {len(attendance_ids):,} participants to {event_label}",
            context,
            done=True,
            slow=len(attendance_ids) > SLOW_DELETE,  # taking them off is a bulk delete's work
        )
        self._ids = list(attendance_ids)
        self._deleted: DeletedRecords | None = None

    def do(self) -> tuple[RecordKind, int | None]:
        """Restore the participants the undo removed."""
        assert self._deleted is not None
        self.workspace.restore_many(self._deleted)
        return RecordKind.ATTENDANCES, self._ids[0] if self._ids else None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Take the added participants off the list again (one bulk delete, not one each)."""
        self._deleted = self.workspace.delete_many(RecordKind.ATTENDANCES, self._ids)
        return RecordKind.ATTENDANCES, None


class CheckInCommand(WorkspaceCommand):
    """Check participants in now (status attended, time noted); undo restores them as were."""

    def __init__(self, attendance_ids: Sequence[int], context: CommandContext) -> None:
        count = len(attendance_ids)
        super().__init__(f"check in {count:,} participant{'s' if count != 1 else ''}", context)
        self._ids = list(attendance_ids)
        self._before: CheckIns = {}

    def do(self) -> tuple[RecordKind, int | None]:
        """Mark each participant attended and checked in at this moment."""
        self._before = self.workspace.check_in(self._ids, datetime.now(UTC))
        return RecordKind.ATTENDANCES, self._ids[0] if self._ids else None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Put each participant back as they were."""
        self.workspace.undo_check_in(self._before)
        return RecordKind.ATTENDANCES, self._ids[0] if self._ids else None


class FollowUpCommand(WorkspaceCommand):
    """A follow-up was recorded; undo takes it back and restores the earlier status."""

    def __init__(
        self,
        commitment_id: int,
        title: str,
        draft: FollowUpDraft,
        status_before: CommitmentStatus,
        follow_up_id: int,
        context: CommandContext,
    ) -> None:
        super().__init__(f"follow-up on {title}", context, done=True)
        self._commitment_id = commitment_id
        self._draft = draft
        self._status_before = status_before
        self._follow_up_id = follow_up_id

    def do(self) -> tuple[RecordKind, int | None]:
        """Record the follow-up again."""
        detail = self.workspace.add_follow_up(self._commitment_id, self._draft)
        self._follow_up_id = max(f.id for f in detail.follow_ups)
        return RecordKind.COMMITMENTS, self._commitment_id

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Take the follow-up back."""
        self.workspace.remove_follow_up(
            self._commitment_id, self._follow_up_id, self._status_before
        )
        return RecordKind.COMMITMENTS, self._commitment_id


class MergeCommand(WorkspaceCommand):
    """Merge a duplicate into the record that stays; undo gives both back as they were."""

    def __init__(
        self,
        kind: RecordKind,
        survivor: Ref,
        absorbed: Ref,
        versions: tuple[int | None, int | None],
        context: CommandContext,
    ) -> None:
        super().__init__(f"merge {absorbed.label} into {survivor.label}", context)
        self.kind = kind
        self.survivor = survivor
        self.absorbed = absorbed
        self._versions = versions
        self.record: MergeRecord | None = None  # set once merged: what undo needs

    def do(self) -> tuple[RecordKind, int | None]:
        """Merge (again)."""
        self.record = self.workspace.merge(
            self.kind, self.survivor.id, self.absorbed.id, self._versions
        )
        self._versions = (None, None)  # a redo follows its own undo: nothing else moved them
        return self.kind, self.survivor.id

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Take the merge back."""
        assert self.record is not None
        self.workspace.unmerge(self.record)
        return self.kind, self.survivor.id


class TagCommand(WorkspaceCommand):
    """A tag was renamed, merged into another or deleted; undo puts it back as it was."""

    def __init__(self, change: TagChange, context: CommandContext) -> None:
        if change.new_name is None:
            text = f"delete the tag {change.name}"
        elif change.merged_into is not None:
            text = f"merge the tag {change.name} into {change.new_name}"
        else:
            text = f"rename the tag {change.name} to {change.new_name}"
        super().__init__(text, context, done=True)
        self.change = change

    def is_slow(self) -> bool:
        """A tag on thousands of records takes seconds to put back (1.4-2.9 s on 50,000)."""
        return self.change.records_touched() > SLOW_TAG_CHANGE

    def do(self) -> tuple[RecordKind, int | None]:
        """Make the change again (its undo brought the tag back under its own id)."""
        change = self.change
        if change.new_name is None:
            self.change = self.workspace.delete_tag(change.tag_id)
        else:
            again = self.workspace.rename_tag(change.tag_id, change.new_name)
            if again is not None:
                self.change = again
        return RecordKind.CONTACTS, None

    def undo_step(self) -> tuple[RecordKind, int | None]:
        """Put the tag back, on the records that carried it."""
        self.workspace.undo_tag_change(self.change)
        return RecordKind.CONTACTS, None
