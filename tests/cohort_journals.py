"""Journals of different people for the coach's view: each seed a different job search, with
something in every chart (processes that stop at different steps, audits, feedback themes on
both sides, sorted reasons, practice and goals), written through the store as the workbooks
write it. Every person names a few themes in common and has a process that stopped at
screening, so any five of them have something to show in every chart.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

from nextround.rules.states import CONTROL
from nextround.store import processes as process_store
from nextround.store.journal import Journal
from nextround.words import preparation_areas, themes

KINDS = ["Screening call", "Technical test", "Competency interview", "Final interview"]
COMMON_THEIRS = ["Examples and evidence", "Technical depth"]  # every person's interviewers
COMMON_MINE = ["Preparation and research"]  # every person, about themselves
TODAY = dt.date(2026, 3, 31)


def fill(journal: Journal, seed: int) -> None:
    """A job search of its own for `seed`, in `journal` (empty or not)."""
    rng = random.Random(seed)
    vocabulary = themes()
    fields = [field for field, _ in preparation_areas()]
    with journal.transaction():
        for i in range(rng.randint(3, 6)):
            # Everyone's first process stopped at screening, as so many do; the rest vary.
            outcome = "rejected" if i == 0 else [
                "rejected", "rejected", "withdrew", "in progress", "offer"][(seed + i) % 5]
            reached = 1 if i == 0 else 1 + (seed * 7 + i) % len(KINDS)
            process = process_store.add_process(journal, f"Company {seed}-{i}", "Analyst",
                                                outcome=outcome)
            pid = process["id"]
            stage = None
            for kind in KINDS[:reached]:
                stage = process_store.add_stage(journal, pid, kind=kind)
            journal.add("reflections", stage_id=stage["id"], went_well="Fine",
                        themes=[*COMMON_MINE, rng.choice(vocabulary)])
            journal.add("preparations", process_id=pid,
                        **{field: rng.randint(0, 3) for field in fields})
            for theme in [*COMMON_THEIRS, rng.choice(vocabulary)]:
                journal.add("feedback_points", process_id=pid, text="Point", themes=[theme],
                            surprise=rng.choice([None, True, False]))
            journal.add("takeaways", process_id=pid, position=0, text="Next time",
                        theme=rng.choice(vocabulary))
            for control in CONTROL:
                journal.add("reasons", process_id=pid, text="A reason", control=control)
        for i in range(rng.randint(1, 3)):
            question = journal.add("questions", text=f"Question {i}")
            journal.add("answer_versions", question_id=question["id"], situation="At work",
                        task="A task", action="I did it", result="It took 3 days")
            journal.add("practice_reviews", question_id=question["id"], rating=3, confidence=4,
                        reviewed_at="2026-03-30T09:00:00Z")
        journal.add("goals", title="Three STAR stories", status="active", progress=20)
        journal.add("goals", title="Learn SQL windows", status="done", progress=100)


def journal_in(folder: Path, seed: int) -> Path:
    """A filled journal in `folder`; returns the journal's folder."""
    with Journal.open(folder / "journal.sqlite3", create=True) as journal:
        fill(journal, seed)
    return folder


def summary_bytes(n: int) -> bytes:
    """A small summary file of person `n`: `n` processes that stopped at screening."""
    from nextround.documents.cohort import document, summary

    counts = {"processes": [{"step": "Screening", "outcome": "rejected", "processes": n}],
              "preparation": {"audited": 0,
                              "areas": dict.fromkeys(document.preparation_fields())},
              "themes": [], "feedback_points": 0,
              "other_themes": {"expected": 0, "surprise": 0, "unmarked": 0, "mine": 0},
              "reasons": {"within my control": 0, "outside my control": 0, "can't know": 0},
              "practice": {"questions": 0, "better_answers": 0, "reviews": 0},
              "goals": {"active": 0, "done": 0, "dropped": 0}}
    doc = {"format": document.FORMAT, "format_version": 1, "participant": f"{n:032x}",
           "sequence": 1, "week": summary.iso_week(TODAY), "withdrawn": False, "counts": counts}
    return document.summary_text(doc).encode("utf-8")


def nextround(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """The `nextround` command run as a person runs it, on no journal but the one named."""
    env = {k: v for k, v in os.environ.items() if k != "NEXTROUND_DATA_DIR"}
    return subprocess.run([sys.executable, "-m", "nextround.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)
