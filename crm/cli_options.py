"""The options that come before any command: which database, and how the window opens.

Kept apart from the commands so that opening the window reads its options without loading
every command's services (the exports, imports and intake behind them: about 15 ms).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from crm.domain.enums import RecordKind


def add_window_options(parser: argparse.ArgumentParser) -> None:
    """Add the database option and the window's own options to ``parser``."""
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database to open: sqlite:///FILE, postgresql+psycopg://…, or a file path "
        "(default: $CRM_DATABASE_URL, else a file in your data folder)",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window to a PNG and exit"
    )
    parser.add_argument(
        "--view",
        default="contacts",
        choices=(*(kind.value for kind in RecordKind), "participants"),
        help="view to show with --screenshot",
    )
    parser.add_argument(
        "--theme",
        default="system",
        choices=("system", "light", "dark"),
        help="colours of the window (default: follow the system)",
    )


def window_options(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Return the options when ``argv`` opens the window; None for a command, help or a mistake.

    None sends the caller to the whole command line, which runs the command or says what
    is wrong with the arguments.
    """
    parser = argparse.ArgumentParser(prog="convene", add_help=False, exit_on_error=False)
    add_window_options(parser)
    parser.set_defaults(command=None)  # as the whole command line says when none is named
    try:
        options, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else options
