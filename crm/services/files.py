"""Files that appear whole or not at all."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path`` and put it in place only when all went well.

    Only a file is replaced: the rename would put a file in place of a device (/dev/null) or
    a pipe, which for a user allowed to (root) breaks the system; a folder it cannot replace.
    """
    target = Path(path)
    if target.exists() and not target.is_file():
        raise OSError(
            errno.EISDIR if target.is_dir() else errno.EINVAL,
            "not a file: choose a file name to write to",
            str(target),
        )
    if not target.parent.is_dir():
        raise OSError(errno.ENOENT, "no such folder", str(target.parent))
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
