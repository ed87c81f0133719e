"""Shared pieces of the benchmarks: a generated database per size, timing, one result line."""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(os.environ.get("CRM_BENCH_DIR", Path(tempfile.gettempdir()) / "convene-bench"))
# The generator's own source names the files it built: a database made by an older
# generator (other search texts, say) is never measured as if it were today's data.
GENERATOR = Path(__file__).resolve().parents[1] / "crm" / "services" / "generate.py"


def database(contacts: int, seed: int = 1) -> Path:
    """Return a SQLite file of ``contacts`` generated contacts, building it once per size."""
    CACHE.mkdir(parents=True, exist_ok=True)
    made_by = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:8]
    path = CACHE / f"contacts-{contacts}-seed{seed}-{made_by}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        print(f"building {path.name} with convene generate (once)…", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "crm",
                "--database",
                f"sqlite:///{partial}",
                "generate",
                "--contacts",
                str(contacts),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        partial.rename(path)
    _bring_up_to_date(path)
    return path


def _bring_up_to_date(path: Path) -> None:
    """Migrate a file built before the newest revision, here, without the app's safety copy.

    Not left to the first measured start, which would time the migration and keep a copy
    of the whole file (1.5 GB at a million) beside it.
    """
    from crm.data import migrations
    from crm.data.engine import make_engine

    engine = make_engine(f"sqlite:///{path}")
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Run ``action`` several times; return the median wall time in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Result:
    """One row of the targets table: the app's figure, the floor's, and the verdict."""

    action: str
    app_seconds: float
    floor_seconds: float | None
    target: str
    met: bool

    def line(self) -> str:
        """Print the row."""
        floor = f"{self.floor_seconds:.3f} s" if self.floor_seconds is not None else "—"
        ratio = f"{self.app_seconds / self.floor_seconds:.1f}×" if self.floor_seconds else "—"
        verdict = "met" if self.met else "MISSED"
        return (
            f"| {self.action} | {self.app_seconds:.3f} s | {floor} | {ratio} | "
            f"{self.target} | {verdict} |"
        )
