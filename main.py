"""Start Convene: the desktop app, or a sub-command given on the command line."""

from crm.launch import main

raise SystemExit(main())
