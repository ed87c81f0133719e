"""`convene tags` and `convene tag rename|delete`: the tags in use, tidied from a script."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TextIO

from crm.domain.errors import DomainError
from crm.domain.records import TagRow
from crm.services.tags import tag_key
from crm.services.workspace import Workspace


def add_tag_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Describe `convene tags` and `convene tag`."""
    listing = commands.add_parser(
        "tags", help="list the tags with the contacts, organizations and events carrying each"
    )
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    tag = commands.add_parser("tag", help="rename, merge or delete a tag")
    actions = tag.add_subparsers(dest="tag_command", required=True)
    rename = actions.add_parser(
        "rename", help="rename a tag; another tag's name (in any letter case) merges the two"
    )
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    delete = actions.add_parser("delete", help="take a tag off every record and delete it")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")


def run_tags(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Print every tag with what carries it."""
    rows = workspace.tags()
    if args.json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2), file=out)
        return 0
    if not rows:
        print("no tags yet", file=out)
    for row in rows:
        print(f"{row.name}  ({row.carried_by()})", file=out)
    return 0


def _named(workspace: Workspace, name: str) -> TagRow:
    """The tag called ``name``, in any letter case."""
    found = next((row for row in workspace.tags() if tag_key(row.name) == tag_key(name)), None)
    if found is None:
        raise DomainError(f"No tag is called “{name.strip()}”; `convene tags` lists them.")
    return found


def run_tag(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Rename, merge or delete one tag, and say what it did."""
    tag = _named(workspace, args.name)
    if args.tag_command == "rename":
        change = workspace.rename_tag(tag.id, args.new_name)
        if change is None:
            print(f"“{tag.name}” already has that name", file=out)
        elif change.merged_into is not None:
            print(f"merged “{tag.name}” into “{change.new_name}” ({tag.carried_by()})", file=out)
        else:
            print(f"renamed “{tag.name}” to “{change.new_name}”", file=out)
        return 0
    if not args.yes:
        raise DomainError(
            f"Deleting “{tag.name}” takes it off {tag.carried_by()}. Add --yes to delete it."
        )
    workspace.delete_tag(tag.id)
    print(f"deleted “{tag.name}”, which {tag.carried_by()} carried", file=out)
    return 0
