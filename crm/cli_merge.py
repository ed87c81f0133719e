"""`convene duplicates` and `convene merge`: find records that are one, and make them one."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.services.workspace import Workspace

MERGED_KINDS = {"contacts": RecordKind.CONTACTS, "organizations": RecordKind.ORGANIZATIONS}


def add_merge_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Describe `convene duplicates` and `convene merge`."""
    duplicates = commands.add_parser(
        "duplicates", help="list likely duplicate contacts or organizations, with the reasons"
    )
    duplicates.add_argument("kind", choices=tuple(MERGED_KINDS))
    duplicates.add_argument("--limit", type=int, default=100, metavar="N")
    duplicates.add_argument("--json", action="store_true", help="print one JSON array")
    merge = commands.add_parser(
        "merge",
        help="merge ABSORBED into KEPT: everything ABSORBED had moves to KEPT, then it goes",
    )
    merge.add_argument("kind", choices=tuple(MERGED_KINDS))
    merge.add_argument("kept", type=int, metavar="KEPT")
    merge.add_argument("absorbed", type=int, metavar="ABSORBED")
    merge.add_argument("--yes", action="store_true", help="confirm the merge")
    merges = commands.add_parser("merges", help="list the latest merges, with their numbers")
    merges.add_argument("--limit", type=int, default=50, metavar="N")
    unmerge = commands.add_parser(
        "unmerge", help="undo a merge by its number: both records back as they were"
    )
    unmerge.add_argument("merge_id", type=int, metavar="MERGE_ID")


def run_duplicates(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Print the likely duplicates, the surest first."""
    pairs = workspace.duplicates(MERGED_KINDS[args.kind], args.limit)
    if args.json:
        plain = [
            {
                "first": {"id": p.first.id, "name": p.first.label},
                "second": {"id": p.second.id, "name": p.second.label},
                "reasons": list(p.reasons),
                "score": p.score,
            }
            for p in pairs
        ]
        print(json.dumps(plain, ensure_ascii=False, indent=2), file=out)
        return 0
    if not pairs:
        print(f"no likely duplicate {args.kind} found", file=out)
    for pair in pairs:
        print(
            f"{pair.score:>3}  #{pair.first.id} {pair.first.label}  ⇄  "
            f"#{pair.second.id} {pair.second.label}  ({'; '.join(pair.reasons)})",
            file=out,
        )
    return 0


def run_merge(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Merge two records after confirmation; say what moved."""
    kind = MERGED_KINDS[args.kind]
    kept = workspace.ref(kind, args.kept).label
    absorbed = workspace.ref(kind, args.absorbed).label
    if not args.yes:
        raise DomainError(
            f"Merging #{args.absorbed} {absorbed} into #{args.kept} {kept}: everything "
            f"{absorbed} has moves to {kept}, and {absorbed} goes. Add --yes to merge. "
            "`convene unmerge` undoes it later."
        )
    record = workspace.merge(kind, args.kept, args.absorbed)
    moved = sorted({move.table for move in record.moved})
    counts = ", ".join(f"{record.moved_count(table)} {table}" for table in moved) or "nothing"
    print(
        f"merged #{args.absorbed} {absorbed} into #{args.kept} {kept}; moved {counts} "
        f"(merge {record.merge_id}: `convene unmerge {record.merge_id}` undoes it)",
        file=out,
    )
    return 0


def run_merges(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """List the latest merges."""
    rows = workspace.merges(args.limit)
    if not rows:
        print("no merges yet", file=out)
    for row in rows:
        undone = "  (undone)" if row.undone else ""
        print(
            f"{row.id:>5}  {row.at.astimezone():%Y-%m-%d %H:%M}  "
            f"{row.record_type}: {row.summary}{undone}",
            file=out,
        )
    return 0


def run_unmerge(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Undo one merge by its number."""
    record = workspace.undo_merge(args.merge_id)
    print(
        f"merge {args.merge_id} undone: #{record.absorbed_id} {record.absorbed_label} and "
        f"#{record.survivor_id} {record.survivor_label} are two records again",
        file=out,
    )
    return 0
