#!/usr/bin/env python3
"""Print document intake's precision and recall on every document with a hand-written key.

The keys are in tests/intake/answer_keys; the documents are the two source documents and
those in tests/intake/documents. Which of them the rules were tuned on is said in each
key's "about". Not a speed benchmark: it reads each document once and prints the table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm.services.intake.propose import propose
from crm.services.intake.reading import read_document
from crm.shipped import shipped_dir
from tests.intake.scoring import KEYS, answer_key, score

KINDS = ("people", "organizations", "events", "commitments", "emails", "phones")


def documents() -> list[Path]:
    """Every document that has an answer key, the source documents first."""
    places = [shipped_dir("crm.resources") / "documents", KEYS.parent / "documents"]
    found = [p for place in places for p in sorted(place.iterdir()) if p.is_file()]
    return [p for p in found if (KEYS / f"{p.stem}.json").exists()]


def main() -> int:
    """Print one row per document and kind: precision and recall, right/proposed, found/wanted."""
    print("| document | kind | precision | recall |")
    print("| --- | --- | --- | --- |")
    for path in documents():
        started = time.perf_counter()
        proposals = propose(read_document(path))
        took = time.perf_counter() - started
        for kind, got in score(proposals, answer_key(path.name)).items():
            if kind in KINDS and got.wanted + got.proposed:
                print(
                    f"| {path.name} | {kind} | {got.precision:.2f} ({got.right}/{got.proposed})"
                    f" | {got.recall:.2f} ({got.found}/{got.wanted}) |"
                )
        print(f"| {path.name} | read and proposed in | {took * 1000:.0f} ms | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
