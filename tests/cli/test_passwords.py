"""Team databases' passwords: kept in the system keyring, used in memory, never shown."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from keyring.errors import PasswordDeleteError

from crm import app
from crm.app import main
from crm.credentials import KEYRING_SERVICE, with_saved_password
from crm.data.unit_of_work import Database
from crm.domain.errors import DomainError

URL = "postgresql+psycopg://ana@db.example.org:5433/convene"
SECRET = "s3cr3t-Pa55"


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: what the system's would be, without touching the user's."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """Return what was saved."""
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Keep it."""
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Forget it."""
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError("not saved")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Stand in for the system keyring during one test."""
    before = keyring.get_keyring()
    stand_in = MemoryKeyring()
    keyring.set_keyring(stand_in)
    yield stand_in
    keyring.set_keyring(before)


def test_a_saved_password_is_used_and_never_shown(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Asked for once, kept in the keyring, joined to the URL in memory when connecting."""
    monkeypatch.setattr("getpass.getpass", lambda prompt: SECRET)
    assert main(["--database", URL, "password", "save"]) == 0
    printed = capsys.readouterr()
    assert memory_keyring.saved == {(KEYRING_SERVICE, "ana@db.example.org:5433/convene"): SECRET}
    assert SECRET not in printed.out + printed.err

    opened: list[str] = []

    def open_database(url: str, seed_when_new: bool = False, upgrading: object = None) -> Database:
        opened.append(url)
        raise DomainError("stop here")

    monkeypatch.setattr(app, "open_database", open_database)
    assert main(["--database", URL, "stats"]) == 1
    assert opened == [with_saved_password(URL)] and SECRET in opened[0]
    assert SECRET not in capsys.readouterr().err

    assert main(["--database", URL, "password", "forget"]) == 0
    assert memory_keyring.saved == {}
    assert with_saved_password(URL) == URL


def test_a_password_in_the_url_is_refused_for_saving(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    """A URL holding its password is not saved from: the password is asked for instead."""
    with_password = URL.replace("ana@", f"ana:{SECRET}@")
    assert main(["--database", with_password, "password", "save"]) == 1
    error = capsys.readouterr().err
    assert "Take the password out of the database URL" in error and SECRET not in error
    assert memory_keyring.saved == {}


def test_without_a_keyring_the_user_is_told_what_to_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No system keyring (a bare server): ~/.pgpass is named, nothing is written anywhere."""
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        monkeypatch.setattr("getpass.getpass", lambda prompt: SECRET)
        assert main(["--database", URL, "password", "save"]) == 1
        assert "~/.pgpass" in capsys.readouterr().err
        assert with_saved_password(URL) == URL
    finally:
        keyring.set_keyring(before)


def test_a_sqlite_database_never_loads_the_keyring() -> None:
    """The keyring and its cryptography take 0.4 s to import: a SQLite start pays nothing."""
    program = (
        "import sys\n"
        "from crm.credentials import with_saved_password\n"
        "with_saved_password('sqlite:///convene.sqlite3')\n"
        "print('keyring' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
