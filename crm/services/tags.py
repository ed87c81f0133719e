"""Tags: the labels in use, what makes two names one tag, and which names a tag can have."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import QueryableAttribute, Session

from crm.data.models import Tag
from crm.data.storable import limit_of, text_too_long
from crm.domain.errors import FieldProblem


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
    key = tag_key(name)
    ids = [
        tag_id for tag_id, tag in session.execute(select(Tag.id, Tag.name)) if tag_key(tag) == key
    ]
    return tags.any(Tag.id.in_(ids)) if ids else false()


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
