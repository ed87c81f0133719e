"""Run Convene with ``python -m crm``."""

from crm.launch import main

raise SystemExit(main())
