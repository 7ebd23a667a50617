"""Several kernels writing one journal: WAL, BEGIN IMMEDIATE and a busy timeout.

Every Voila page is its own kernel (its own OS process) writing the same file, so these tests
use real processes, started together, each doing read-modify-write transactions.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from nextround.store.journal import BUSY_TIMEOUT_MS, Journal

# A worker: open the journal, say "ready", wait for "go", then do N read-modify-write
# transactions (read a counter, write counter + 1, log a row naming the worker).
WORKER = r"""
import random
import sys
import time
from nextround.store.journal import Journal

path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
j = Journal.open(path)
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    with j.transaction():
        value = j.setting("counter", 0)
        j.add("process_events", process_id=1, outcome=name, note=str(value))
        j.set_setting("counter", value + 1)
    time.sleep(random.uniform(0, 0.003))  # a person's pace, compressed; lets the other in
j.close()
print("done", flush=True)
"""

# A worker that opens (creating if needed) the journal as soon as it is told to.
OPENER = r"""
import sys
from nextround.store.journal import Journal

print("ready", flush=True)
sys.stdin.readline()
with Journal.open(sys.argv[1], create=True) as j:
    j.add("topics", name=sys.argv[2])
print("done", flush=True)
"""


def start(script: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def go_and_wait(procs: list[subprocess.Popen], timeout: float = 60) -> None:
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        assert "locked" not in err and "busy" not in err, err
        assert out.strip() == "done", (out, err)


def test_journal_runs_in_wal_mode_with_a_busy_timeout(journal):
    assert journal.query("PRAGMA journal_mode")[0][0] == "wal"
    assert journal.query("PRAGMA busy_timeout")[0][0] == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS >= 5_000  # a second tab's save waits rather than fails
    assert journal.query("PRAGMA foreign_keys")[0][0] == 1
    assert journal.query("PRAGMA synchronous")[0][0] == 2  # FULL


def test_two_processes_read_modify_write_without_losing_a_write(journal, journal_file):
    per_worker = 200
    journal.add("processes", company="Acme")
    journal.set_setting("counter", 0)
    journal.close()

    workers = [start(WORKER, str(journal_file), name, str(per_worker)) for name in ("A", "B")]
    go_and_wait(workers)

    with Journal.open(journal_file) as j:
        assert j.setting("counter") == 2 * per_worker
        log = j.rows("process_events", order_by="id")
        assert len(log) == 2 * per_worker
        # Each transaction saw the value the previous one wrote: no read was stale.
        assert [int(r["note"]) for r in log] == list(range(2 * per_worker))
        assert sorted(r["outcome"] for r in log).count("A") == per_worker
        # The two really did run at the same time (their transactions interleave).
        switches = sum(1 for x, y in zip(log, log[1:]) if x["outcome"] != y["outcome"])
        assert switches >= 2, "the workers ran one after the other; the test proves nothing"
        assert j.integrity_ok()


def test_a_writer_waits_for_the_other_instead_of_failing(journal, journal_file):
    journal.add("processes", company="Acme")
    other = Journal.open(journal_file)
    result: dict[str, object] = {}

    def write_from_other_kernel():
        started = time.monotonic()
        try:
            other.add("processes", company="Waited")
        except Exception as exc:  # noqa: BLE001 - reported below
            result["error"] = exc
        result["waited"] = time.monotonic() - started

    try:
        with journal.transaction():
            journal.add("processes", company="Held")
            thread = threading.Thread(target=write_from_other_kernel)
            thread.start()
            time.sleep(0.5)
            # Meanwhile a reader is not blocked and sees the last committed state (WAL).
            with Journal.open(journal_file) as reader:
                assert [r["company"] for r in reader.rows("processes")] == ["Acme"]
        thread.join(20)
        assert "error" not in result, result.get("error")
        assert result["waited"] >= 0.4
        assert [r["company"] for r in journal.rows("processes")] == ["Acme", "Held", "Waited"]
    finally:
        other.close()


def test_many_kernels_opening_a_new_journal_at_once(tmp_path):
    path = tmp_path / "data" / "journal.sqlite3"
    names = [f"kernel {i}" for i in range(4)]
    openers = [start(OPENER, str(path), name) for name in names]
    go_and_wait(openers)
    with Journal.open(path) as j:
        assert sorted(r["name"] for r in j.rows("topics")) == names
        assert j.integrity_ok()
