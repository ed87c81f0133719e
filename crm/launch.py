"""The program's entry point: Convene's modules load with the cyclic garbage collector off.

Loading them (and SQLAlchemy) builds a hundred thousand objects that live as long as the
app, and no garbage; the collector walked them again and again. That was about 40 ms of a
0.55 s start to the first rows painted at a million contacts. It is turned back on by the
window once what start-up built is frozen (crm.ui.start), before an upgrade of the database
(crm.ui.upgrade_notice), and before a command runs (crm.app).
"""

import gc

gc.disable()

from crm.app import main  # noqa: E402  (imported with the collector off, as said above)

__all__ = ["main"]
