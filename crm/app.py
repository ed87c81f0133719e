"""The composition root: command line → settings → database → services → window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from crm.cli_options import window_options
from crm.config import choose_database
from crm.credentials import with_saved_password
from crm.data.unit_of_work import Database
from crm.domain.errors import DomainError
from crm.services.opening import Upgrader, open_database
from crm.services.workspace import Workspace


def main(argv: Sequence[str] | None = None) -> int:
    """Run Convene: the desktop app, or the sub-command named on the command line."""
    args = window_options(argv)  # the window's start leaves the commands' modules unloaded
    if args is None:
        from crm import cli

        args = cli.build_parser().parse_args(argv)
    if args.command is not None:
        gc.enable()  # off while the modules loaded (crm.launch); a command runs with it
    choice = choose_database(args.database)

    def open_chosen(upgrading: Upgrader | None = None) -> Database:
        # The keyring's password joins the URL here, in memory, and goes no further.
        url = with_saved_password(choice.url)
        return open_database(url, seed_when_new=choice.is_default, upgrading=upgrading)

    try:
        if args.command is None:
            from crm.ui.start import run_desktop

            return run_desktop(
                lambda upgrading: Workspace(open_chosen(upgrading)),
                screenshot=args.screenshot,
                view=args.view,
                theme=args.theme,
            )
        if args.command == "briefing":  # drawn with Qt: the window's layer writes it
            from crm.ui.briefing_pdf import run_briefing

            return run_briefing(args, Workspace(open_chosen()), sys.stdout)
        from crm import cli

        if args.command in cli.UNOPENED_COMMANDS:
            return cli.execute_unopened(args, choice.url)
        return cli.execute(args, open_chosen)
    except DomainError as error:
        print(f"convene: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # a file that cannot be read or written: the system says why
        where = f" {error.filename}" if error.filename else ""
        print(f"convene: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return 1
    except Exception as error:  # a last resort: one line for the user, the trace on request
        if os.environ.get("CRM_DEBUG"):
            raise
        print(f"convene: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
