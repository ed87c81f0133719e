"""Many records deleted in one go, each with everything that goes with it; undone in one go.

One record's delete (crm.services.common.delete_record) loads it through the ORM, which
then deletes it and the children it holds: 11 ms a contact at a million, so deleting the
200,000 press contacts someone selected would take over half an hour. Here the rows that
go are read a generation at a time (crm.data.snapshots, for the undo), then deleted a few
hundred per statement; the database's own foreign keys cascade to the children and null
the references, as the snapshot expects. Each row that goes has its history entry, as a
flush would write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import attrgetter

from sqlalchemy import delete
from sqlalchemy.orm import Session

from crm.data.history import record_deletions
from crm.data.in_lists import in_chunks
from crm.data.models import Base
from crm.data.search_index import contacts_in_bulk
from crm.data.snapshots import DeletionSnapshot, capture_deletions, contacts_of
from crm.services.paging import Progress


def delete_records(
    session: Session,
    model: type[Base],
    record_ids: Sequence[int],
    progress: Progress | None = None,
) -> DeletionSnapshot:
    """Delete the records ``record_ids`` of ``model`` and all that goes with them.

    Ids of records already gone are passed over. Returns what an undo needs
    (crm.data.snapshots.restore_deletion). ``progress`` hears (records deleted, records
    found) as the deleting goes, after the reading of what goes (a fifth of the time).
    """
    table = Base.metadata.tables[model.__tablename__]
    snapshot = capture_deletions(session, table.name, record_ids)
    for table_name, rows in groupby(snapshot.rows, key=attrgetter("table")):
        record_deletions(session, table_name, (row.values for row in rows))
    found = [row.get("id") for row in snapshot.rows[: snapshot.roots]]
    done = 0
    with contacts_in_bulk(session.connection(), contacts_of(snapshot)):
        for chunk in in_chunks(found):
            if progress is not None:
                progress(done, len(found))
            session.execute(delete(table).where(table.c.id.in_(chunk)))
            done += len(chunk)
    return snapshot
