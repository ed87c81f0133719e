"""Passwords for team databases, kept in the system's keyring, never in a file of ours.

A PostgreSQL URL is given without its password (on the command line, in CRM_DATABASE_URL);
`convene password save` asks for it once and hands it to the keyring (macOS Keychain,
Windows Credential Locker, the Secret Service on Linux); each start then takes it from
there into memory only. Where no keyring exists, libpq's own ~/.pgpass (owner-only) serves,
and Convene says so. A password never reaches a log, a message or the window's settings:
every URL shown goes through crm.services.opening.safe_url.
"""

from __future__ import annotations

from types import ModuleType

from sqlalchemy.engine import make_url

from crm.domain.errors import DomainError

KEYRING_SERVICE = "Convene"
NO_KEYRING = (
    "This machine has no system keyring to keep the password in. Put it in ~/.pgpass "
    "instead (one line: host:port:database:user:password, the file readable by you only); "
    "PostgreSQL's client reads it by itself."
)


def account_of(url: str) -> str | None:
    """Name the keyring entry of a PostgreSQL URL (user@host:port/database), else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    host = parsed.host or str(parsed.query.get("host") or "local")
    port = parsed.port or parsed.query.get("port") or 5432
    return f"{parsed.username or ''}@{host}:{port}/{parsed.database or ''}"


def with_saved_password(url: str) -> str:
    """Return ``url`` with the keyring's password for it, if it has none and one is saved."""
    parsed = make_url(url)
    account = account_of(url)
    if account is None or parsed.password:
        return url  # a SQLite file: the keyring is not even imported (it costs start-up)
    keyring = _keyring()
    if keyring is None:
        return url
    try:
        password = keyring.get_password(KEYRING_SERVICE, account)
    except keyring.errors.KeyringError:
        return url  # a locked or broken keyring: connect without, and let the server say
    if not password:
        return url
    return parsed.set(password=password).render_as_string(hide_password=False)


def save_password(url: str, password: str) -> str:
    """Keep ``password`` for the database at ``url`` in the keyring; return the entry's name."""
    account = account_for_saving(url)
    if not password:
        raise DomainError("No password given; nothing was saved.")
    keyring = _keyring()
    if keyring is None:
        raise DomainError(NO_KEYRING)
    try:
        keyring.set_password(KEYRING_SERVICE, account, password)
    except keyring.errors.KeyringError as error:
        raise DomainError(f"The system keyring refused to keep it: {error}") from error
    return account


def forget_password(url: str) -> bool:
    """Remove the saved password for ``url``; return whether there was one."""
    account = account_for_saving(url)
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return False
    return True


def account_for_saving(url: str) -> str:
    """Name the keyring entry a password for ``url`` goes in; refuse URLs that cannot have one."""
    parsed = make_url(url)
    account = account_of(url)
    if account is None:
        raise DomainError("Only PostgreSQL databases have passwords; a SQLite file has none.")
    if parsed.password:
        raise DomainError(
            "Take the password out of the database URL first: a URL is seen in shell "
            "histories and process lists. The password is asked for instead."
        )
    return account


def _keyring() -> ModuleType | None:
    """Return the keyring module when this machine has a real keyring behind it."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None
    # The "fail" backend (priority 0) is what keyring picks when the system has none.
    return keyring if keyring.get_keyring().priority > 0 else None
