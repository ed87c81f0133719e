"""Tags: the labels in use, what makes two names one tag, and which names a tag can have."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, bindparam, delete, false, func, insert, select
from sqlalchemy.orm import QueryableAttribute, Session

from crm.data.models import Tag
from crm.data.models.reference import contact_tags, event_tags, organization_tags
from crm.data.storable import limit_of, text_too_long
from crm.domain.errors import DomainError, FieldProblem, ValidationError
from crm.domain.records import TagCarriers, TagChange, TagRow
from crm.services.common import fetch


def tag_names(session: Session) -> list[str]:
    """Return every tag's name, alphabetically."""
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


# Tabs, line breaks and other control characters do not show in a tag's name, and the unit
# separator (U+001F) is what a contact's tag names are stored joined by (contact_summary).
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAG_LIMIT = limit_of(Tag.__table__.c.name) or 0


def check_tag_names(names: Iterable[str]) -> FieldProblem | None:
    """Return a problem when a tag's name is too long or holds a control character."""
    for name in names:
        tag = name.strip()
        if _CONTROL_CHARACTER.search(tag):
            return FieldProblem(
                "tags",
                "control_character",
                f"The tag {tag!r} holds a tab, a line break or another control character.",
            )
        if len(tag) > _TAG_LIMIT:
            return text_too_long("tags", f"The tag {tag[:30]}…", tag, _TAG_LIMIT)
    return None


def tag_key(name: str) -> str:
    """What makes two tag names one tag: letter case does not ("Press", "press", "PRESS").

    An address book's import brings "Press" where a colleague typed "press"; two tags would
    split every filter and export by tag in two.
    """
    return name.strip().casefold()


def tag_ids_by_key(session: Session) -> dict[str, tuple[int, str]]:
    """Map each tag's key to its id and name; of tags spelt differently, the oldest."""
    known: dict[str, tuple[int, str]] = {}
    for tag_id, name in session.execute(select(Tag.id, Tag.name).order_by(Tag.id)):
        known.setdefault(tag_key(name), (tag_id, name))
    return known


def carrying_tag(session: Session, tags: QueryableAttribute[Any], name: str) -> ColumnElement[bool]:
    """The condition that a record's ``tags`` (a relationship) hold ``name``, in any letter case.

    A filter typed as "press" finds the contacts tagged "Press", as a save files it there.
    """
    found = _tag_id(session, name)
    return tags.any(Tag.id == found) if found is not None else false()


def tagged_ids(session: Session, link: Table, name: str) -> Select[Any]:
    """The ids of the records ``link`` (a tag link table) gives the tag ``name``, in any case.

    One row per tagged record, as the table's key holds: counted, they count the records.
    """
    found = _tag_id(session, name)
    record_id = next(column for column in link.c if column.name != "tag_id")
    condition = link.c.tag_id == found if found is not None else false()
    return select(record_id).where(condition)


def _tag_id(session: Session, name: str) -> int | None:
    """The id of the tag ``name`` in any letter case, or None where there is none."""
    found = tag_ids_by_key(session).get(tag_key(name))
    return found[0] if found is not None else None


def resolve_tags(session: Session, names: Iterable[str]) -> list[Tag]:
    """Return the tags with these names (in any letter case), making the ones not there yet."""
    wanted: dict[str, str] = {}  # the first spelling of each, in the order given
    for name in names:
        if name.strip():
            wanted.setdefault(tag_key(name), name.strip())
    if not wanted:
        return []
    known = tag_ids_by_key(session)
    tags = []
    for key, name in wanted.items():
        if key in known:
            tag = session.get_one(Tag, known[key][0])
        else:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


# Each kind of record that carries tags: its link table and the column naming the record.
_LINKS: tuple[tuple[Table, str], ...] = (
    (contact_tags, "contact_id"),
    (organization_tags, "organization_id"),
    (event_tags, "event_id"),
)
_KIND = "tag"


def tag_rows(session: Session) -> list[TagRow]:
    """Return every tag, alphabetically in any letter case, with the records carrying it."""
    counts = [
        select(func.count()).select_from(table).where(table.c.tag_id == Tag.id).scalar_subquery()
        for table, _owner in _LINKS
    ]
    rows = [TagRow(*row) for row in session.execute(select(Tag.id, Tag.name, *counts))]
    return sorted(rows, key=lambda row: (tag_key(row.name), row.name))  # "press" beside "Pres"


def rename_tag(session: Session, tag_id: int, new_name: str) -> TagChange | None:
    """Give a tag a new name; None when the name is the same.

    A name that is another tag's in some letter case (tag_key) merges the two: every record
    carrying this tag carries that one instead, and this tag goes.
    """
    tag = fetch(session, Tag, tag_id, _KIND)
    name = _checked_name(new_name)
    if name == tag.name:
        return None
    other = tag_ids_by_key(session).get(tag_key(name))
    carriers = _carriers(session, tag_id)
    if other is None or other[0] == tag_id:
        change = TagChange(tag_id, tag.name, name, None, carriers)
        tag.name = name
        session.flush()
        return change
    target = other[0]
    already = _carriers(session, target)
    _move(session, carriers, tag_id, target, already)
    session.delete(tag)
    session.flush()
    return TagChange(tag_id, tag.name, other[1], target, carriers, already)


def delete_tag(session: Session, tag_id: int) -> TagChange:
    """Take a tag off every record that carries it, and delete it."""
    tag = fetch(session, Tag, tag_id, _KIND)
    change = TagChange(tag_id, tag.name, None, None, _carriers(session, tag_id))
    for table, _owner in _LINKS:
        session.execute(delete(table).where(table.c.tag_id == tag_id))
    session.delete(tag)
    session.flush()
    return change


def undo_tag_change(session: Session, change: TagChange) -> None:
    """Put a tag back as it was before ``change``, on the records that carried it.

    A record deleted since is left out. One statement per record, run as one batch: a tag
    on fifty thousand contacts would pass the number of values one statement may hold.
    """
    if change.new_name is not None and change.merged_into is None:
        fetch(session, Tag, change.tag_id, _KIND).name = _free_name(session, change)
        session.flush()
        return
    session.add(Tag(id=change.tag_id, name=_free_name(session, change)))
    session.flush()
    connection = session.connection()
    carried = dict(change.carriers)
    had_both = dict(change.already_there)
    for table, owner in _LINKS:
        owners = carried.get(table.name, ())
        if owners:
            records = next(iter(table.c[owner].foreign_keys)).column.table
            still_there = select(records.c.id, bindparam("tag")).where(
                records.c.id == bindparam("owner")
            )
            connection.execute(
                insert(table).from_select([owner, "tag_id"], still_there),
                [{"owner": owner_id, "tag": change.tag_id} for owner_id in owners],
            )
        if change.merged_into is not None:
            # The records the merge gave the other tag lose it again; those with both keep it.
            gave = sorted(set(owners) - set(had_both.get(table.name, ())))
            if gave:
                connection.execute(
                    delete(table).where(
                        table.c.tag_id == bindparam("tag"), table.c[owner] == bindparam("owner")
                    ),
                    [{"owner": owner_id, "tag": change.merged_into} for owner_id in gave],
                )


def _checked_name(new_name: str) -> str:
    name = new_name.strip()
    problem = (
        FieldProblem("name", "required", "A tag needs a name.")
        if not name
        else check_tag_names([name])
    )
    if problem is not None:
        raise ValidationError([problem])
    return name


def _free_name(session: Session, change: TagChange) -> str:
    """The tag's old name, unless another tag took it (in any letter case) since."""
    taken = tag_ids_by_key(session).get(tag_key(change.name))
    if taken is not None and taken[0] not in (change.tag_id, change.merged_into):
        raise DomainError(f"the tag “{taken[1]}” has the name “{change.name}” now.")
    if change.merged_into is not None and taken is not None and taken[0] == change.merged_into:
        # The tag it went into was renamed to its name since: both cannot be there at once.
        raise DomainError(
            f"“{change.name}” and “{taken[1]}” are one tag in any letter case; rename "
            f"“{taken[1]}” first."
        )
    return change.name


def _carriers(session: Session, tag_id: int) -> TagCarriers:
    return tuple(
        (
            table.name,
            tuple(
                session.scalars(
                    select(table.c[owner]).where(table.c.tag_id == tag_id).order_by(table.c[owner])
                )
            ),
        )
        for table, owner in _LINKS
    )


def _move(
    session: Session, carriers: TagCarriers, tag_id: int, target: int, already: TagCarriers
) -> None:
    """Give ``target`` to every record carrying ``tag_id`` and not it yet; drop ``tag_id``."""
    had_both = dict(already)
    for table, owner in _LINKS:
        moving = set(dict(carriers).get(table.name, ())) - set(had_both.get(table.name, ()))
        if moving:
            rows = [{owner: owner_id, "tag_id": target} for owner_id in sorted(moving)]
            session.execute(insert(table), rows)
        session.execute(delete(table).where(table.c.tag_id == tag_id))
