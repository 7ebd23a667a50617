"""An import killed at any point leaves the journal healthy and as it was, or fully imported:
it is one transaction. The importing process is SIGKILLed after a chosen number of SQLite
steps (a progress handler counts them), as the reliability suite does for every other save."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import history_rows
from nextround.store.journal import Journal

WRITER = r"""
import os, signal, sys
from pathlib import Path
from nextround.documents.history_import import check, propose, read_table, write
from nextround.store.journal import Journal

path, source, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
table = read_table(source.name, source.read_bytes())
plan = check(table, propose(table))
journal = Journal.open(path)
steps = [0]

def tick():
    steps[0] += 1
    if steps[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return 0

journal._conn.set_progress_handler(tick, 1)
write(journal, plan)
print(steps[0])
"""

POINTS = 12


def run(path: Path, source: Path, kill_at: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-c", WRITER, str(path), str(source), str(kill_at)],
                          capture_output=True, text=True, env=env, timeout=120)


def state(path: Path) -> tuple[str, int, int, int]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                *(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("processes", "process_events", "stages")))
    finally:
        conn.close()


def test_an_import_killed_anywhere_leaves_all_of_it_or_none(tmp_path):
    source = tmp_path / "applications.csv"
    source.write_bytes(history_rows.csv_bytes(200))
    base = tmp_path / "base.sqlite3"
    with Journal.open(base, create=True) as journal:
        journal.add("processes", company="Mine", outcome="rejected")
    before = state(base)
    work = tmp_path / "work" / "journal.sqlite3"
    work.parent.mkdir()

    def fresh() -> None:
        for leftover in work.parent.iterdir():
            leftover.unlink()
        work.write_bytes(base.read_bytes())

    fresh()
    whole = run(work, source, 0)
    assert whole.returncode == 0, whole.stderr
    total = int(whole.stdout.strip())
    after = state(work)
    assert after[1:3] != before[1:3]
    outcomes = []
    for k in sorted({1, *(round(total * i / POINTS) for i in range(1, POINTS))}):
        fresh()
        killed = run(work, source, k)
        assert killed.returncode == -signal.SIGKILL, (k, killed.stderr)
        now = state(work)
        assert now[0] == "ok", k
        assert now in (before, after), (k, now)
        outcomes.append("old" if now == before else "new")
    assert outcomes[0] == "old"
