"""Run Convene with ``python -m crm``."""

from crm.app import main

raise SystemExit(main())
