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
            "The window can undo a merge (Ctrl+Z); from here, back up first "
            "(`convene backup FILE`) to be able to go back."
        )
    record = workspace.merge(kind, args.kept, args.absorbed)
    moved = sorted({move.table for move in record.moved})
    counts = ", ".join(f"{record.moved_count(table)} {table}" for table in moved) or "nothing"
    print(f"merged #{args.absorbed} {absorbed} into #{args.kept} {kept}; moved {counts}", file=out)
    return 0
