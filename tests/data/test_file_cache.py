"""Reading the database file through ahead of the window's queries (crm.data.file_cache)."""

from __future__ import annotations

import threading
from pathlib import Path

from crm.data.engine import sqlite_path
from crm.data.file_cache import CHUNK_BYTES, FileWarmer, largest_worth_reading, read_through
from crm.data.unit_of_work import Database
from crm.services.workspace import Workspace


def _file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "contacts.sqlite3"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    return path


def test_every_byte_of_a_file_of_several_chunks_is_read(tmp_path: Path) -> None:
    size = 2 * CHUNK_BYTES + 12_345
    assert read_through(_file(tmp_path, size), threading.Event(), largest=size) == size


def test_a_stopped_reading_ends_before_the_end(tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    assert read_through(_file(tmp_path, 3 * CHUNK_BYTES), stop, largest=4 * CHUNK_BYTES) == 0


def test_a_file_larger_than_the_limit_is_left_alone(tmp_path: Path) -> None:
    path = _file(tmp_path, CHUNK_BYTES + 1)
    assert read_through(path, threading.Event(), largest=CHUNK_BYTES) == 0


def test_a_file_that_is_gone_costs_nothing_but_the_reading(tmp_path: Path) -> None:
    assert read_through(tmp_path / "gone.sqlite3", threading.Event(), largest=1 << 30) == 0


def test_the_limit_is_a_share_of_the_machines_memory() -> None:
    assert 64 << 20 < largest_worth_reading() < 1 << 50


def test_a_warmer_stopped_while_reading_ends_its_thread(tmp_path: Path) -> None:
    path = _file(tmp_path, 64 * CHUNK_BYTES)
    warmer = FileWarmer(path, largest=1 << 40)
    warmer.start()
    warmer.stop(wait_seconds=10)
    assert warmer.bytes_read <= path.stat().st_size
    assert not any(t.name == "convene-read-ahead" for t in threading.enumerate())


def test_the_workspaces_warm_up_reads_its_sqlite_file_through(db: Database) -> None:
    workspace = Workspace(db)
    if workspace.file_warmer is None:  # PostgreSQL: the server keeps its own cache
        assert not db.url.startswith("sqlite")
        return
    workspace.warm_up()
    assert workspace.file_warmer.wait(10)
    path = sqlite_path(db.url)
    assert path is not None
    assert workspace.file_warmer.bytes_read == path.stat().st_size > 0
