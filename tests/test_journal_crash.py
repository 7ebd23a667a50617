"""A kernel killed in the middle of a write leaves a healthy journal with whole transactions.

A worker process loops over multi-row transactions (a process, its five stages, and a counter
bumped in the same transaction) and is SIGKILLed at random moments; after each kill the journal
must open normally, pass SQLite's integrity check, and hold only complete transactions.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from nextround.store.journal import Journal

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

KILLS = 30
STAGES = 5

WRITER = r"""
import sys
from nextround.store.journal import Journal

j = Journal.open(sys.argv[1])
print("ready", flush=True)
while True:
    with j.transaction():
        n = j.setting("counter", 0)
        process = j.add("processes", company=f"Company {n}", notes="x" * 500)
        for position in range(%d):
            j.add("stages", process_id=process["id"], position=position, kind="interview")
        j.set_setting("counter", n + 1)
""" % STAGES


def check_whole(j: Journal) -> int:
    """Assert the journal holds only complete transactions; return how many there are."""
    assert j.integrity_ok()
    assert j.query("PRAGMA foreign_key_check") == []
    counter = j.setting("counter", 0)
    assert j.count("processes") == counter
    per_process = j.query(
        "SELECT p.id, count(s.id) FROM processes p LEFT JOIN stages s ON s.process_id = p.id "
        "GROUP BY p.id")
    assert all(n == STAGES for _, n in per_process), per_process
    assert j.count("stages") == STAGES * counter
    positions = j.query("SELECT DISTINCT position FROM stages ORDER BY position")
    assert [r[0] for r in positions] == (list(range(STAGES)) if counter else [])
    return counter


def test_writer_killed_mid_transaction_leaves_whole_transactions(journal, journal_file):
    journal.close()
    rng = random.Random(20260331)
    deadline = time.monotonic() + 25
    committed, kills = 0, 0
    for _ in range(KILLS):
        if time.monotonic() > deadline:
            break
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(journal_file)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ready = proc.stdout.readline().strip()
            assert ready == "ready", proc.stderr.read()
            time.sleep(rng.uniform(0, 0.2))
            assert proc.poll() is None, proc.stderr.read()  # still writing: no error escaped
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        kills += 1
        # The crashed writer left a hot WAL behind; opening must recover it, not call it damaged.
        with Journal.open(journal_file) as j:
            assert not j.read_only
            now = check_whole(j)
        assert now >= committed  # nothing already committed was lost
        committed = now
    assert kills >= 10
    assert committed > kills  # the writer really was writing when it was killed
