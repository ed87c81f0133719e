"""A throwaway PostgreSQL server for the test session: initdb in a temporary folder, a socket."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import psycopg

SUPERUSER = "convene_test"


def find_server_binaries() -> Path | None:
    """Return the folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    # Debian installs the server outside PATH.
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _locale_options() -> list[str]:
    """Sort bytewise (C), but classify characters as Unicode does where the system can.

    pg_trgm takes its trigrams from the letters of the server's character classification:
    under plain C, Arabic and Hebrew have none, the trigram index cannot serve a search for
    محمد and PostgreSQL reads every row (134 ms at 100,000 against 1-3 ms for Latin names).
    Teams' servers are UTF-8 almost everywhere; the tests' should be too.
    """
    try:
        available = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False
        ).stdout.split()
    except OSError:
        available = []
    for name in available:
        if name.lower().replace("-", "") == "c.utf8":
            return ["--lc-collate=C", f"--lc-ctype={name}", "--lc-messages=C"]
    return ["--no-locale"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _demoter(uid: int, gid: int) -> Callable[[], None]:
    def demote() -> None:
        os.setgid(gid)
        os.setuid(uid)

    return demote


def _demote_if_root() -> tuple[Callable[[], None] | None, int | None, int | None]:
    """PostgreSQL refuses to run as root: run it as the postgres (or nobody) user instead."""
    if os.geteuid() != 0:
        return None, None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return _demoter(entry.pw_uid, entry.pw_gid), entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root with neither a postgres nor a nobody user")


class PostgresServer:
    """A private PostgreSQL cluster listening on a Unix socket in a temporary folder."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="convene-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._demote, uid, gid = _demote_if_root()
        if uid is not None and gid is not None:
            os.chown(self.root, uid, gid)

    def _run(self, *args: str) -> None:
        subprocess.run(
            args,
            check=True,
            preexec_fn=self._demote,
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def start(self) -> None:
        """Create the cluster and start the server."""
        self._run(
            str(self.binaries / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            *_locale_options(),
            "--no-sync",
        )
        options = (
            f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self._run(
                str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of one database on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.root}&port={self.port}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) as the superuser."""
        with psycopg.connect(
            host=str(self.root), port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)
