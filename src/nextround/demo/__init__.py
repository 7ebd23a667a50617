"""The demo journal: Sam, a data person eleven processes into a job search.

Written only through the same public functions the workbooks use, one module per step, so
every chart has something worth looking at. Dates are relative to `today`, so the demo
always has follow-ups, practice and goals coming due.
"""

from __future__ import annotations

import datetime as dt

from nextround.journal import Journal


def write_demo(journal: Journal, today: dt.date | None = None) -> None:
    from nextround.demo import review

    today = today or dt.date.today()
    with journal.transaction():
        made = review.write(journal, today)
        for step in _later_steps():
            step.write(journal, today, made)


def _later_steps():
    """Steps 2–4 add to what step 1 wrote (the processes, by company)."""
    import importlib

    modules = []
    for name in ("feedback", "fit", "learning"):
        try:
            modules.append(importlib.import_module(f"nextround.demo.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"nextround.demo.{name}":
                raise
    return modules
