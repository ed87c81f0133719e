"""Where the contact and calendar files written by other programs are (../shared/fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def fixtures_dir() -> Path:
    """Return the fixtures folder, or skip (fail in CI) when it is not beside the project."""
    configured = os.environ.get("CRM_FIXTURES")
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "fixtures")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    message = (
        "the shared fixtures (files from Outlook, Gmail, iPhone…) are not beside this "
        "checkout; set CRM_FIXTURES to their folder"
    )
    if os.environ.get("CRM_REQUIRE_FIXTURES"):
        pytest.fail(message)
    pytest.skip(message)
