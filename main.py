"""Start Convene: the desktop app, or a sub-command given on the command line."""

from crm.app import main

raise SystemExit(main())
