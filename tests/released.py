"""The previous release (NextRound 0.1.0, journal format 1), run as it was released.

`tests/fixtures/release_0_1_0/` holds its modules for backup, restore and opening a journal,
copied unchanged, and a backup of its demo journal. They run in a separate Python with that
folder first on the path, so nothing of today's code leaks in.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from nextround.store.journal import Journal

RELEASE = Path(__file__).parent / "fixtures" / "release_0_1_0"
DEMO_BACKUP = RELEASE / "demo_backup.json"
V1_TABLES = ["settings", "processes", "process_events", "stages", "preparations", "reflections",
             "takeaways", "feedback_requests", "feedback_points", "reasons", "work_values",
             "fit_ratings", "target_roles", "questions", "answer_versions", "practice_cards",
             "practice_reviews", "goals", "learning_sessions", "topics", "topic_notes"]


# Every column of format 1, in its order (as `0001_initial.sql` of the release makes them).
V1_COLUMNS = {t: ["id", "rev", "created_at", "updated_at", *fields]
              for t, fields in {
                  "settings": ["key", "value"],
                  "processes": ["company", "role", "category", "seniority", "company_type",
                                "applied_via", "applied_on", "outcome", "ended_on", "notes",
                                "fit_note"],
                  "process_events": ["process_id", "happened_on", "outcome", "note"],
                  "stages": ["process_id", "position", "kind", "held_on", "interviewers",
                             "format", "outcome", "notes"],
                  "preparations": ["process_id", "company_research", "role_requirements",
                                   "interviewers", "examples", "technical_practice",
                                   "questions_to_ask", "logistics", "enough", "why"],
                  "reflections": ["stage_id", "went_well", "do_differently", "technical_share",
                                  "soft_skills", "self_rating", "themes"],
                  "takeaways": ["process_id", "position", "text", "theme"],
                  "feedback_requests": ["process_id", "person_name", "person_role", "channel",
                                        "address", "tone", "message", "status", "sent_on",
                                        "follow_up_on", "answered_on"],
                  "feedback_points": ["process_id", "request_id", "received_on", "text",
                                      "themes", "surprise", "action"],
                  "reasons": ["process_id", "text", "source", "control"],
                  "work_values": ["name", "weight", "position"],
                  "fit_ratings": ["process_id", "value_id", "rating"],
                  "target_roles": ["role", "category", "seniority", "company_type",
                                   "must_haves", "deal_breakers"],
                  "questions": ["process_id", "stage_id", "text", "category", "answered_then"],
                  "answer_versions": ["question_id", "situation", "task", "action", "result",
                                      "learned"],
                  "practice_cards": ["question_id", "card", "due_at"],
                  "practice_reviews": ["question_id", "reviewed_at", "rating", "confidence"],
                  "goals": ["title", "specific", "measure", "deadline", "source", "source_id",
                            "resources", "progress", "status"],
                  "learning_sessions": ["goal_id", "held_on", "minutes", "note"],
                  "topics": ["name", "sources"],
                  "topic_notes": ["topic_id", "noted_on", "text"],
              }.items()}


def run(*args: str, code: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m nextround.cli ARGS` (or `python -c CODE`) on the released modules."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEXTROUND_DATA_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(RELEASE)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "nextround.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)


def new_v1_journal(path: Path) -> Path:
    """An empty journal made by the released code."""
    done = run(code=f"from nextround.journal import Journal; Journal.open({str(path)!r}, create=True).close()")
    assert done.returncode == 0, done.stderr
    return path


def demo_v1_journal(folder: Path) -> Path:
    """The released demo journal: the released `nextround restore` of its demo backup."""
    done = run("restore", str(DEMO_BACKUP), "--data", str(folder))
    assert done.returncode == 0, done.stderr
    return folder / "journal.sqlite3"


class V1Journal(Journal):
    """Today's journal API on a format-1 file, for writing only format-1 tables."""

    def is_empty(self) -> bool:
        return all(self.count(t) == 0 for t in V1_TABLES if t != "settings")

    def count(self, table: str) -> int:
        return super().count(table) if table in V1_TABLES else 0


def open_v1(path: Path) -> Journal:
    """A format-1 journal opened for writing without being migrated (to fill it as the
    released code would: only format-1 tables)."""
    conn = Journal._connect(path, "rw")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    journal = V1Journal(path, conn)
    journal._configure()
    return journal


def raw_tables(path: Path, tables=V1_TABLES) -> dict[str, list[tuple]]:
    """Every row of these tables as stored, read by plain SQLite: the columns format 1 has
    (a later format may add columns beside them)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT {', '.join(V1_COLUMNS[t])} FROM {t} ORDER BY id")
                .fetchall() for t in tables}
    finally:
        conn.close()
