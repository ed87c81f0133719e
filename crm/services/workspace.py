"""The façade the window talks to: each call is one unit of work, and no session leaks out."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crm.data.engine import forget_freed_pages, sqlite_path
from crm.data.file_cache import FileWarmer
from crm.data.models import set_up_mappers
from crm.data.privileges import may_change_records
from crm.data.snapshots import (
    DeletionSnapshot,
    capture_deletion,
    capture_deletions,
    restore_deletion,
)
from crm.data.unit_of_work import Database
from crm.domain.backups import BackupFacts
from crm.domain.drafts import AttendanceDraft, FollowUpDraft
from crm.domain.enums import AttendanceRole, AttendanceStatus, CommitmentStatus, RecordKind
from crm.domain.errors import DomainError, NotFoundError
from crm.domain.queries import ListQuery
from crm.domain.records import (
    AttendanceRow,
    ChangeRow,
    CommitmentDetail,
    ContactListDetail,
    ContactRow,
    DeletionEffects,
    Page,
    Ref,
    TagChange,
    TagRow,
)
from crm.domain.validation import country_names
from crm.services import attendances, commitments, events, lists, saved_searches, stats, tags
from crm.services.attendances import CheckIns
from crm.services.bulk_delete import delete_records
from crm.services.change_watch import ChangeWatcher
from crm.services.common import check_version, fetch
from crm.services.files import atomic_file
from crm.services.history import record_history
from crm.services.opening import safe_url
from crm.services.paging import Progress
from crm.services.privacy import Erasure, erase_contact, subject_access_report
from crm.services.registry import (
    OPERATIONS,
    describe_counts,
    list_order,
    list_page,
    position_in_list,
    rows_by_id,
    search_matches,
)
from crm.services.saved_searches import SavedSearchRow
from crm.services.seed import seed

if TYPE_CHECKING:  # the modules behind the occasional actions load when first used
    from crm.domain.briefing import Briefing
    from crm.domain.dashboard import Chart
    from crm.domain.exports import ContactScope, ExportOptions, ExportReport
    from crm.domain.imports import ImportOptions, ImportResult, ReadResult
    from crm.domain.intake import IntakeResult
    from crm.services.duplicates import DuplicatePair
    from crm.services.intake.commit import IntakeReport
    from crm.services.merges import MergeRecord, MergeRow


@dataclass(frozen=True)
class DeletedRecord:
    """What an undo needs to bring a deleted record back, with everything that went with it."""

    kind: RecordKind
    record_id: int
    label: str
    snapshot: DeletionSnapshot


@dataclass(frozen=True)
class DeletedRecords:
    """What an undo needs to bring back many records deleted in one go."""

    kind: RecordKind
    record_ids: tuple[int, ...]  # the ones that were there to delete
    snapshot: DeletionSnapshot


HEADER_BYTES = 64 * 1024
SUGGESTED = 6  # records on file offered for each proposal of a document taken in


class Workspace:
    """One open database, offered to the desktop app as plain calls returning plain values."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._watcher: ChangeWatcher | None = None
        self._read_only: bool | None = None
        path = sqlite_path(database.url)
        self.file_warmer = FileWarmer(path) if path is not None else None

    @property
    def location(self) -> str:
        """Say which database is open, without any password."""
        path = sqlite_path(self._database.url)
        return str(path) if path is not None else safe_url(self._database.url)

    def back_up(self, target: str) -> BackupFacts:
        """Copy the open database to ``target`` while it stays open; check the copy."""
        from crm.services.backups import back_up_database

        return back_up_database(self._database.url, Path(target))

    def counts(self) -> dict[str, int]:
        """Count the records of each kind."""
        with self._database.unit_of_work() as session:
            return stats.record_counts(session)

    def warm_up(self) -> None:
        """Set up now what the first record opened will need: the ORM's mappers (50 ms).

        The window's first rows are read without them; this runs on a worker after they
        are painted, so the first click on a record does not pay for it. A SQLite file is
        read through into the OS's cache meanwhile, on a thread of its own (crm.data.file_cache).
        """
        if self.file_warmer is not None:
            self.file_warmer.start()
        set_up_mappers()

    def is_empty(self) -> bool:
        """Tell whether the database holds no records at all."""
        with self._database.unit_of_work() as session:
            return not stats.holds_records(session)

    def load_sample_records(self) -> int:
        """Load the records drawn from the source documents; return how many were added."""
        with self._database.unit_of_work(changes=True) as session:
            return seed(session)

    def page(
        self,
        kind: RecordKind,
        query: ListQuery,
        offset: int,
        limit: int,
        count: bool = True,
        total_hint: int | None = None,
        after_id: int | None = None,
    ) -> Page[Any]:
        """Return one page of rows of ``kind`` matching ``query``, counting every match if asked.

        ``total_hint``, the count a table already has, lets a deep page be read from the end;
        ``after_id``, the record shown just above ``offset``, lets it continue from there.
        """
        with self._database.unit_of_work() as session:
            return list_page(session, kind, query, offset, limit, count, total_hint, after_id)

    def order(
        self, kind: RecordKind, query: ListQuery, progress: Progress | None = None
    ) -> Sequence[int] | None:
        """Return every id of a list in order, or None for kinds short enough to page.

        ``progress`` hears of each batch of ids read, and may stop the reading by raising.
        """
        with self._database.unit_of_work() as session:
            return list_order(session, kind, query, progress)

    def matches(self, kind: RecordKind, text: str, at_most: int) -> Sequence[int] | None:
        """Return the ids a search finds, in any order, if no more than ``at_most``.

        None when more match, or where no index gives them.
        """
        with self._database.unit_of_work() as session:
            return search_matches(session, kind, text, at_most)

    def rows(self, kind: RecordKind, ids: Sequence[int]) -> Sequence[Any]:
        """Return the rows of these records, in the order of ``ids``; deleted ones left out."""
        with self._database.unit_of_work() as session:
            return rows_by_id(session, kind, ids)

    def position(self, kind: RecordKind, query: ListQuery, record_id: int) -> int | None:
        """Return the row a record takes in a list, or None when the list does not show it."""
        with self._database.unit_of_work() as session:
            return position_in_list(session, kind, query, record_id)

    def detail(self, kind: RecordKind, record_id: int) -> Any:
        """Return one record with its relations."""
        with self._database.unit_of_work() as session:
            return OPERATIONS[kind].detail(session, record_id)

    def create(self, kind: RecordKind, draft: Any) -> Any:
        """Create a record from a draft; return its detail."""
        with self._database.unit_of_work(changes=True) as session:
            return OPERATIONS[kind].create(session, draft)

    def update(self, kind: RecordKind, record_id: int, draft: Any, version: int | None) -> Any:
        """Save a draft over a record read at ``version``; return the new detail."""
        with self._database.unit_of_work(changes=True) as session:
            return OPERATIONS[kind].update(session, record_id, draft, version)

    def deletion_effects(self, kind: RecordKind, record_id: int) -> DeletionEffects:
        """Say what else a delete of this record would remove ("2 email addresses", …)."""
        operations = OPERATIONS[kind]
        table = operations.model.__tablename__
        with self._database.unit_of_work() as session:
            snapshot = capture_deletions(session, table, [record_id], whole_rows=False)
        phrases = describe_counts(snapshot.count_by_table(), table)
        return DeletionEffects(tuple(phrases), len(snapshot.rows))

    def delete(self, kind: RecordKind, record_id: int, version: int | None) -> DeletedRecord:
        """Delete a record and everything that goes with it; return what undo needs."""
        operations = OPERATIONS[kind]
        table = operations.model.__tablename__
        with self._database.unit_of_work(changes=True) as session:
            record = fetch(session, operations.model, record_id, operations.noun)
            check_version(record, version, operations.noun)
            label = record_label(OPERATIONS[kind].detail(session, record_id))
            snapshot = capture_deletion(session, table, record_id)
            operations.delete(session, record_id, version)
        return DeletedRecord(kind, record_id, label, snapshot)

    def list_member_ids(self, list_id: int) -> list[int]:
        """The ids of a list's contacts, in the order they joined."""
        with self._database.unit_of_work() as session:
            return lists.member_ids(session, list_id)

    def participant_ids(self, event_id: int) -> tuple[set[int], set[int]]:
        """The ids of the contacts and of the organizations on an event's list."""
        with self._database.unit_of_work() as session:
            return attendances.participant_ids(session, event_id)

    def list_preview(self, list_id: int, most: int) -> ContactListDetail:
        """A list with its first ``most`` members named; its row counts them all."""
        with self._database.unit_of_work() as session:
            return lists.get_list(session, list_id, most)

    def list_to_edit(self, list_id: int, named: int) -> tuple[ContactListDetail, list[int]]:
        """A list with its first ``named`` members named, and every member's id, read at once.

        A list's form names only the members it shows: naming all 200,000 took a second.
        """
        with self._database.unit_of_work() as session:
            return lists.get_list(session, list_id, named), lists.member_ids(session, list_id)

    def restore(self, deleted: DeletedRecord) -> None:
        """Undo a delete: the record and everything that went with it come back."""
        self._restore(deleted.kind, deleted.snapshot, [deleted.record_id])

    def delete_many(
        self, kind: RecordKind, record_ids: Sequence[int], progress: Progress | None = None
    ) -> DeletedRecords:
        """Delete many records in one go, each with all that goes with it; whatever version.

        Records gone already are passed over. See crm.services.bulk_delete.
        """
        operations = OPERATIONS[kind]
        with self._database.unit_of_work(changes=True) as session:
            snapshot = delete_records(session, operations.model, record_ids, progress)
            if operations.deleted_in_bulk is not None:
                operations.deleted_in_bulk(session, snapshot)
        deleted = tuple(row.get("id") for row in snapshot.rows[: snapshot.roots])
        return DeletedRecords(kind, deleted, snapshot)

    def restore_many(self, deleted: DeletedRecords, progress: Progress | None = None) -> None:
        """Undo delete_many: every record and all that went with them come back."""
        self._restore(deleted.kind, deleted.snapshot, deleted.record_ids, progress)

    def _restore(
        self,
        kind: RecordKind,
        snapshot: DeletionSnapshot,
        ids: Sequence[int],
        progress: Progress | None = None,
    ) -> None:
        with self._database.unit_of_work(changes=True) as session:
            restore_deletion(session, snapshot, progress)
            restored = OPERATIONS[kind].restored
            if restored is not None:
                for record_id in ids:
                    restored(session, record_id)

    def briefing(self, event_id: int) -> Briefing:
        """Everything an event's briefing prints: participants, press, commitments."""
        from crm.services.briefing import build_briefing  # not a cost of every start

        with self._database.unit_of_work() as session:
            return build_briefing(session, event_id)

    def dashboard(self, event_id: int | None = None) -> list[Chart]:
        """The dashboard's charts; participants for ``event_id`` or the latest event."""
        from crm.services.dashboard import dashboard  # not a cost of every start

        with self._database.unit_of_work() as session:
            return dashboard(session, event_id)

    def read_intake(self, path: str) -> IntakeResult:
        """Read a document and propose its records, matched with those on file."""
        from crm.domain.intake import RECORD_KIND_OF, search_words
        from crm.services.intake.run import read_intake  # not a cost of every start

        with self._database.unit_of_work() as session:
            result = read_intake(session, path)
        suggestions = {
            p.key: tuple(self.find(RECORD_KIND_OF[p.kind], search_words(p.label), SUGGESTED))
            for p in result.proposals
            if p.kind in RECORD_KIND_OF
        }
        return replace(result, suggestions=suggestions)

    def commit_intake(
        self,
        result: IntakeResult,
        accepted: Collection[str] | None = None,
        links: Mapping[str, Ref] | None = None,
    ) -> IntakeReport:
        """Write the accepted proposals, all or none; each record cites the document."""
        from crm.services.intake.commit import commit_intake

        with self._database.unit_of_work(changes=True) as session:
            return commit_intake(session, result, accepted, links)

    def duplicates(self, kind: RecordKind, limit: int = 500) -> list[DuplicatePair]:
        """Return likely duplicates of contacts or organizations, the surest first."""
        from crm.services.duplicates import FINDERS  # rapidfuzz: not a cost of every start

        find = FINDERS.get(kind.value)
        if find is None:
            raise ValueError(f"{kind} are not checked for duplicates")
        with self._database.unit_of_work() as session:
            return find(session, limit)

    def merge(
        self,
        kind: RecordKind,
        survivor_id: int,
        absorbed_id: int,
        versions: tuple[int | None, int | None] = (None, None),
    ) -> MergeRecord:
        """Merge a duplicate into the record that stays; return what undo needs.

        ``versions`` are the two records' versions as the user saw them side by side.
        """
        table = OPERATIONS[kind].model.__tablename__
        from crm.services.merges import merge

        with self._database.unit_of_work(changes=True) as session:
            return merge(session, table, survivor_id, absorbed_id, *versions)

    def undo_merge(self, merge_id: int) -> MergeRecord:
        """Undo a kept merge by its number (one from the command line, or an earlier day)."""
        from crm.services.merges import undo_merge

        with self._database.unit_of_work(changes=True) as session:
            return undo_merge(session, merge_id)

    def merges(self, limit: int = 50) -> list[MergeRow]:
        """The latest merges, newest first."""
        from crm.services.merges import list_merges

        with self._database.unit_of_work() as session:
            return list_merges(session, limit)

    def unmerge(self, record: MergeRecord) -> None:
        """Undo a merge: both records back as they were, each with what was its own."""
        from crm.services.merges import unmerge

        with self._database.unit_of_work(changes=True) as session:
            unmerge(session, record)

    def find(self, kind: RecordKind, text: str, limit: int = 20) -> list[Ref]:
        """Return records whose search text matches, for pickers (typing "allm" finds ALLMEP)."""
        with self._database.unit_of_work() as session:
            page = list_page(session, kind, ListQuery(search=text or None), 0, limit)
        refs = [_ref(kind, row) for row in page.rows]
        return _told_apart(refs, page.rows) if kind is RecordKind.CONTACTS else refs

    def row(self, kind: RecordKind, record_id: int) -> Any:
        """One record's table row (its name, its version), without all its relations."""
        if kind is RecordKind.LISTS:  # a list's detail names every member
            return self.list_preview(record_id, 0).row
        return row_of(self.detail(kind, record_id))

    def ref(self, kind: RecordKind, record_id: int) -> Ref:
        """Name one record."""
        try:
            return _ref(kind, self.row(kind, record_id))
        except NotFoundError:
            return Ref(OPERATIONS[kind].noun, record_id, f"(deleted {OPERATIONS[kind].noun})")

    def add_participants(
        self,
        event_id: int,
        contact_ids: Sequence[int],
        organization_ids: Sequence[int],
        role: AttendanceRole,
        status: AttendanceStatus,
    ) -> list[AttendanceRow]:
        """Put several contacts and organizations on an event's list at once, all or none."""
        with self._database.unit_of_work(changes=True) as session:
            drafts = [
                AttendanceDraft(event_id=event_id, contact_id=i, role=role, status=status)
                for i in contact_ids
            ] + [
                AttendanceDraft(event_id=event_id, organization_id=i, role=role, status=status)
                for i in organization_ids
            ]
            return attendances.add_attendances(session, drafts)

    def set_attendance_status(
        self, attendance_ids: Sequence[int], status: AttendanceStatus
    ) -> dict[int, AttendanceStatus]:
        """Move attendances to a status; return each one's status before, for undo."""
        with self._database.unit_of_work(changes=True) as session:
            return attendances.change_statuses(session, attendance_ids, status)

    def check_in(self, attendance_ids: Sequence[int], at: datetime) -> CheckIns:
        """Mark attendances attended, checked in ``at``; return each one's state before."""
        with self._database.unit_of_work(changes=True) as session:
            return attendances.check_in(session, attendance_ids, at)

    def undo_check_in(self, before: CheckIns) -> None:
        """Give attendances back the status and check-in time they had before check_in."""
        with self._database.unit_of_work(changes=True) as session:
            attendances.undo_check_in(session, before)

    def restore_attendance_statuses(self, statuses: dict[int, AttendanceStatus]) -> None:
        """Put attendances back to the statuses they had."""
        by_status: dict[AttendanceStatus, list[int]] = {}
        for attendance_id, status in statuses.items():
            by_status.setdefault(status, []).append(attendance_id)
        with self._database.unit_of_work(changes=True) as session:
            for status, ids in by_status.items():
                attendances.change_statuses(session, ids, status)

    def add_follow_up(self, commitment_id: int, draft: FollowUpDraft) -> CommitmentDetail:
        """Record a dated follow-up on a commitment."""
        with self._database.unit_of_work(changes=True) as session:
            return commitments.add_follow_up(session, commitment_id, draft)

    def export_contacts(
        self,
        scope: ContactScope,
        options: ExportOptions,
        path: str,
        progress: Progress | None = None,
    ) -> ExportReport:
        """Write an export to ``path``, whole or not at all (also when cancelled)."""
        from crm.services.exports.run import export

        with atomic_file(path) as out, self._database.unit_of_work() as session:
            return export(session, scope, options, out, progress)

    @staticmethod
    def read_import_file(path: str, mapping: dict[str, str] | None = None) -> ReadResult:
        """Read a CSV or vCard file of contacts (by its ending); nothing is written."""
        file = Path(path)
        if not file.is_file():
            raise DomainError(f"No file at {file}.")
        data = file.read_bytes()
        if file.suffix.lower() in (".vcf", ".vcard"):
            from crm.services.imports.vcard_reader import read_vcards

            return read_vcards(data)
        from crm.services.imports.csv_reader import read_csv

        return read_csv(data, mapping)

    @staticmethod
    def csv_headers(path: str) -> list[tuple[str, str | None]]:
        """Return a CSV file's headers, each with the field Convene would map it to.

        Only the beginning of the file is read: this runs while the user waits, and a header
        row never needs the rest.
        """
        from crm.services.imports.csv_reader import headers_with_targets

        with Path(path).open("rb") as file:
            return headers_with_targets(file.read(HEADER_BYTES))

    def import_contacts(
        self,
        read: ReadResult,
        options: ImportOptions,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Import read contacts, all or none; with ``options.dry_run`` only count."""
        from crm.services.imports.run import import_contacts

        with self._database.unit_of_work(changes=True) as session:
            return import_contacts(session, read, options, progress)

    def saved_searches(self) -> list[SavedSearchRow]:
        """Return the saved contact searches."""
        with self._database.unit_of_work() as session:
            return saved_searches.saved_searches(session)

    def save_search(self, name: str, query: ListQuery) -> SavedSearchRow:
        """Keep the contacts table's search and filters under a name."""
        with self._database.unit_of_work(changes=True) as session:
            return saved_searches.save_search(session, name, query)

    def rename_search(self, search_id: int, name: str) -> SavedSearchRow:
        """Rename a saved search."""
        with self._database.unit_of_work(changes=True) as session:
            return saved_searches.rename_search(session, search_id, name)

    def delete_search(self, search_id: int) -> None:
        """Forget a saved search."""
        with self._database.unit_of_work(changes=True) as session:
            saved_searches.delete_search(session, search_id)

    def tag_names(self) -> list[str]:
        """Return the tags in use."""
        with self._database.unit_of_work() as session:
            return tags.tag_names(session)

    def tags(self) -> list[TagRow]:
        """Return every tag with how many contacts, organizations and events carry it."""
        with self._database.unit_of_work() as session:
            return tags.tag_rows(session)

    def rename_tag(self, tag_id: int, name: str) -> TagChange | None:
        """Rename a tag, or merge it into the one of that name (see tags.rename_tag)."""
        with self._database.unit_of_work(changes=True) as session:
            return tags.rename_tag(session, tag_id, name)

    def delete_tag(self, tag_id: int) -> TagChange:
        """Take a tag off every record and delete it."""
        with self._database.unit_of_work(changes=True) as session:
            return tags.delete_tag(session, tag_id)

    def undo_tag_change(self, change: TagChange) -> None:
        """Put a renamed, merged or deleted tag back as it was."""
        with self._database.unit_of_work(changes=True) as session:
            tags.undo_tag_change(session, change)

    def remove_follow_up(
        self, commitment_id: int, follow_up_id: int, status: CommitmentStatus
    ) -> CommitmentDetail:
        """Take a follow-up back, returning the commitment to its earlier status."""
        with self._database.unit_of_work(changes=True) as session:
            return commitments.remove_follow_up(session, commitment_id, follow_up_id, status)

    def people_who_made_commitments(self, limit: int) -> list[Ref]:
        """The contacts who made a commitment, by name, at most ``limit``."""
        with self._database.unit_of_work() as session:
            return commitments.people_who_made_commitments(session, limit)

    def event_years(self) -> list[int]:
        """Return the years in which events start."""
        with self._database.unit_of_work() as session:
            return events.event_years(session)

    @staticmethod
    def countries() -> dict[str, str]:
        """Return every country code with its name."""
        return country_names()

    def history(self, kind: RecordKind, record_id: int, limit: int = 100) -> list[ChangeRow]:
        """Who changed a record and its own rows, when, from what to what; newest first."""
        table = OPERATIONS[kind].model.__tablename__
        with self._database.unit_of_work() as session:
            return record_history(session, table, record_id, limit)

    def write_subject_access_report(self, contact_id: int, path: str) -> None:
        """Write everything held about one person to ``path`` as JSON (whole or not at all)."""
        with self._database.unit_of_work() as session:
            report = subject_access_report(session, contact_id)
        with atomic_file(path) as out:
            out.write(json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))

    def erase_contact(self, contact_id: int) -> Erasure:
        """Erase a person on request (see crm.services.privacy); it cannot be undone."""
        with self._database.unit_of_work(changes=True) as session:
            erased = erase_contact(session, contact_id)
        forget_freed_pages(self._database.engine)
        return erased

    @property
    def read_only(self) -> bool:
        """Tell whether the database lets this user look and export, but not change records."""
        if self._read_only is None:
            with self._database.unit_of_work() as session:
                self._read_only = not may_change_records(session.connection())
        return self._read_only

    def changed_elsewhere(self) -> frozenset[RecordKind]:
        """Name the lists that changes written since the last look touch (see ChangeWatcher).

        The first call starts watching; from then on each call is cheap enough for a timer.
        """
        if self._watcher is None:
            self._watcher = ChangeWatcher(self._database)
            return frozenset()
        return self._watcher.changed_lists()

    def all_changes_shown(self) -> None:
        """Note that the window just reloaded, so the changes written so far are shown."""
        if self._watcher is not None:
            self._watcher.all_seen()

    def close(self) -> None:
        """Release the database."""
        if self.file_warmer is not None:
            self.file_warmer.stop()
        if self._watcher is not None:
            self._watcher.close()
        self._database.dispose()


def row_of(detail_or_row: Any) -> Any:
    """Return the row inside a detail (or the row itself)."""
    return getattr(detail_or_row, "row", detail_or_row)


def record_label(detail_or_row: Any) -> str:
    """Name any record, from its row or its detail, for a title or a message."""
    row = row_of(detail_or_row)
    for name in ("display_name", "name", "title"):
        if hasattr(row, name):
            return str(getattr(row, name))
    participant = getattr(row, "participant", None)
    event = getattr(row, "event", None)
    if participant is not None and event is not None:
        return f"{participant.label} at {event.label}"
    return "record"


def _ref(kind: RecordKind, row: Any) -> Ref:
    label = record_label(row)
    acronym = getattr(row, "acronym", None)
    if acronym and acronym != label:
        label = f"{label} ({acronym})"
    start = getattr(row, "start_date", None)
    if kind is RecordKind.EVENTS and start is not None:
        label = f"{label} ({start.year})"
    return Ref(OPERATIONS[kind].noun, row.id, label)


def _told_apart(refs: list[Ref], rows: Sequence[ContactRow]) -> list[Ref]:
    """Name namesakes by what tells them apart: their organization, then email or city.

    A picker offering three "Ahmed Abbas" gave no way to choose the right one. Each
    namesake gains one fact, a second if still alike, and its number if even that fails.
    """
    labels = [ref.label for ref in refs]
    for facts in (1, 2):
        shared = _shared(labels)
        labels = [
            " — ".join([ref.label, *[f for f in (r.organization, r.email, r.city) if f][:facts]])
            if label in shared
            else label
            for label, ref, r in zip(labels, refs, rows, strict=True)
        ]
    shared = _shared(labels)
    return [
        replace(ref, label=f"{label} (#{ref.id})" if label in shared else label)
        for label, ref in zip(labels, refs, strict=True)
    ]


def _shared(labels: list[str]) -> set[str]:
    return {label for label, n in Counter(labels).items() if n > 1}
