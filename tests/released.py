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
    """Every row of these tables as stored, read by plain SQLite."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    finally:
        conn.close()
