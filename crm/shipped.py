"""Find the folders that ship inside the package: migrations (db/) and resources/.

An installed wheel holds them as crm.migrations and crm.resources (pyproject.toml maps them);
a source checkout keeps them at the top of the tree, beside crm/. Both must work, because the
tests import crm from the checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_SOURCE_FOLDERS = {"crm.migrations": "db", "crm.resources": "resources"}


def shipped_dir(package: str) -> Path:
    """Return the folder of ``package`` (crm.migrations or crm.resources)."""
    try:
        found = Path(str(files(package)))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    source = Path(__file__).resolve().parent.parent / _SOURCE_FOLDERS[package]
    if not source.is_dir():
        raise FileNotFoundError(f"{package} is missing from this installation of Convene")
    return source
