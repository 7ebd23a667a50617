"""The demo journal: Sam, a data person eleven processes into a job search.

Written only through the same public functions the workbooks use, one module per step, so
every chart has something worth looking at. Dates are relative to `today`, so the demo
always has follow-ups, practice and goals coming due.
"""

from __future__ import annotations

import datetime as dt

from nextround.store import processes
from nextround.store.journal import Journal

# The process the workbooks open on: the one with the richest story.
FEATURED = "Northwind Data"


def write_demo(journal: Journal, today: dt.date | None = None) -> None:
    from nextround.demo import feedback, fit, learning, next_interview, review

    today = today or dt.date.today()
    with journal.transaction():
        made = review.write(journal, today)
        for step in (feedback, fit, learning, next_interview):
            step.write(journal, today, made)
        processes.choose_process(journal, made[FEATURED]["id"])
