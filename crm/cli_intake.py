"""`convene intake FILE`: read a press release or article and take its records in."""

from __future__ import annotations

import argparse
import json
from datetime import date
from enum import Enum
from typing import Any, TextIO

from crm.domain.intake import IntakeResult, Proposal, ProposalKind
from crm.services.workspace import Workspace

HEADINGS = {
    ProposalKind.ORGANIZATION: "Organizations",
    ProposalKind.PERSON: "People",
    ProposalKind.EVENT: "Events",
    ProposalKind.ATTENDANCE: "Taking part",
    ProposalKind.COMMITMENT: "Commitments and calls",
}
SHOWN_FIELDS = (
    "acronym",
    "kind",
    "country",
    "job_title",
    "emails",
    "phones",
    "is_press",
    "start_date",
    "city",
    "role",
    "status",
    "endorser_count",
    "made_on",
)


def add_intake_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Describe `convene intake`."""
    parser = commands.add_parser(
        "intake",
        help="read a press release or article (text, Markdown, HTML, PDF, .eml) and take in the "
        "people, organizations, events and commitments it names, each citing it",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="print the proposals, write nothing")
    parser.add_argument(
        "--json", action="store_true", help="print the proposals as JSON (with --dry-run or not)"
    )


def run_intake(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Propose, print, and (without --dry-run) write every proposal, linking known records."""
    result = workspace.read_intake(args.file)
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2), file=out)
    else:
        _print(result, out)
    if args.dry_run:
        return 0
    report = workspace.commit_intake(result)
    print(f"taken in: {report.summary()}", file=out if not args.json else _stderr())
    return 0


def _stderr() -> TextIO:
    import sys

    return sys.stderr


def as_json(result: IntakeResult) -> dict[str, Any]:
    """The document and its proposals as JSON-ready values."""
    document = result.document
    return {
        "document": {
            "title": document.title,
            "kind": document.kind.value,
            "published_on": _plain(document.published_on),
            "publisher": document.publisher,
            "city": document.city,
            "country": document.country,
            "url": document.url,
        },
        "proposals": [_proposal(p) for p in result.proposals],
    }


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "key": proposal.key,
        "kind": proposal.kind.value,
        "label": proposal.label,
        "fields": {name: _plain(value) for name, value in proposal.fields.items()},
        "quote": {
            "text": proposal.quote.text,
            "start": proposal.quote.start,
            "end": proposal.quote.end,
        },
        "match": (
            {
                "kind": proposal.match.kind,
                "id": proposal.match.id,
                "label": proposal.match.label,
                "reason": proposal.match_reason,
            }
            if proposal.match
            else None
        ),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v).split("\t")[-1] if isinstance(v, str) else _plain(v) for v in value]
    return value


def _print(result: IntakeResult, out: TextIO) -> None:
    document = result.document
    when = f", {document.published_on.isoformat()}" if document.published_on else ""
    print(f"{document.title} ({document.kind.value}{when})", file=out)
    for kind, heading in HEADINGS.items():
        proposals = result.of_kind(kind)
        if not proposals:
            continue
        print(f"\n{heading} ({len(proposals)})", file=out)
        for proposal in proposals:
            details = "; ".join(
                f"{name.replace('_', ' ')} {_plain(proposal.fields[name])}"
                for name in SHOWN_FIELDS
                if proposal.fields.get(name) not in (None, "", [], False)
            )
            known = (
                f"  = #{proposal.match.id} {proposal.match.label} ({proposal.match_reason})"
                if proposal.match
                else ""
            )
            print(f"  {proposal.label}" + (f" — {details}" if details else "") + known, file=out)
            print(f"      “{_short(proposal.quote.text)}”", file=out)


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
