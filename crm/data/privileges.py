"""Whether the connected user may change records, asked of the database itself."""

from __future__ import annotations

import os

from sqlalchemy import Connection, text

from crm.data.engine import sqlite_path

# Every action that changes records writes these; a role that cannot is read-only in effect.
_WRITTEN_TABLES = ("contacts", "organizations", "events", "attendances", "changes")


def may_change_records(connection: Connection) -> bool:
    """Tell whether this connection's user can insert, update and delete records."""
    if connection.dialect.name == "postgresql":
        checks = " AND ".join(
            f"has_table_privilege(:t{n}, '{right}')"
            for n in range(len(_WRITTEN_TABLES))
            for right in ("INSERT", "UPDATE", "DELETE")
        )
        names = {f"t{n}": table for n, table in enumerate(_WRITTEN_TABLES)}
        return bool(connection.execute(text(f"SELECT {checks}"), names).scalar())
    path = sqlite_path(connection.engine.url.render_as_string(hide_password=False))
    return path is None or os.access(path, os.W_OK)
