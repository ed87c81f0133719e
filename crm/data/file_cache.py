"""Read a database file through once, in the background, so that the OS keeps it in memory.

Opened after a restart, none of a large file is in the OS's cache. At a million contacts
(1.6 GB) each jump, search and filter then waits on reads scattered over the file, a page
at a time, until the pages it needs have come in. Read from start to end, the same pages
come in at the disk's sequential speed, and every later query finds them there. Measured
with `bench/gui.py --cold` (the file dropped from the cache after the start-up's runs), two
runs each: the press filter's exact count 118 and 125 ms before, 27 ms after; the worst of
33 jumps 28 and 31 ms before, 15 and 12 ms after. The reading holds no lock and no memory of
the process's own (one buffer, used again for each chunk); the OS drops the cached pages
first when memory runs low.

Hints to the OS (posix_fadvise or madvise WILLNEED) would cost nothing, but kernels may
ignore them: on the virtual machine this was measured on, neither brought a page in.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20
# Without the machine's memory size (Windows has no sysconf), a file larger than this is left
# to be read as it is used.
UNKNOWN_MEMORY_LIMIT = 2 << 30


def largest_worth_reading() -> int:
    """The largest file to read through: a quarter of the machine's memory.

    A larger file would push out of the cache what other programs are using, and much of it
    would be dropped again before the window asked for it.
    """
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 4
    except (AttributeError, ValueError, OSError):
        return UNKNOWN_MEMORY_LIMIT


def read_through(path: Path, stop: threading.Event, largest: int) -> int:
    """Read ``path`` from start to end; return how many bytes were read.

    Nothing is read of a file larger than ``largest``, or of one that cannot be opened
    (it costs speed, never data). Stops soon after ``stop`` is set.
    """
    try:
        with path.open("rb", buffering=0) as file:
            if os.fstat(file.fileno()).st_size > largest:
                return 0
            buffer = bytearray(CHUNK_BYTES)
            done = 0
            while not stop.is_set():
                count = file.readinto(buffer)  # the interpreter lock is let go meanwhile
                if not count:
                    break
                done += count
            return done
    except OSError as error:
        log.info("database file not read ahead: %s", error)
        return 0


class FileWarmer:
    """Reads one file through on a thread of its own, once; ``stop`` ends it early.

    Not on the window's thread pool: its two threads are for the work a user waits for
    (a list's order, an export), and a pool's thread is waited for when the app quits.
    """

    def __init__(self, path: Path, largest: int | None = None) -> None:
        self._path = path
        self._largest = largest_worth_reading() if largest is None else largest
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.bytes_read = 0

    def start(self) -> None:
        """Begin reading, unless it has begun already."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="convene-read-ahead", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        self.bytes_read = read_through(self._path, self._stop, self._largest)

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the reading to end; tell whether it has."""
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(seconds)
        return self._thread is not None and not self._thread.is_alive()

    def stop(self, wait_seconds: float = 1.0) -> None:
        """Stop reading, and wait for the thread to end."""
        self._stop.set()
        # Only a thread that runs: join() raises for one that never started (seen once, in
        # a test run on a loaded machine), and closing must not fail for that.
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(wait_seconds)
