"""A writer SIGKILLed at many points during every kind of save and during a migration.

Two ways of choosing the moment:
- *stepped*: the writer counts SQLite's virtual-machine steps (a progress handler) during one
  save, then a fresh writer repeats that save and SIGKILLs itself at step k, for k spread over
  the whole save: inside BEGIN, between the statements of a transaction, inside COMMIT;
- *timed*: a big save (a restore over a full journal, a migration rewriting every row) killed
  from outside after a random delay, which also lands inside SQLite's file writes.

After every kill the journal must pass `PRAGMA integrity_check`, open normally, and hold
exactly the state before the save or exactly the state after it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nextround.documents.backup import backup_text
from nextround.store.journal import Journal
from nextround.store.schema import SCHEMA_VERSION

import released

from .conftest import fill_every_table, journal_state, raw_integrity

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

POINTS_PER_SAVE = 10
TIMED_KILLS = 20
FIGURES: dict[str, int] = {"stepped": 0, "timed": 0, "kinds": 0}

# The second migration step a later NextRound might ship: new table, new column, a rewrite of
# every row and an index, all in the one transaction that bumps user_version.
STEP_TWO = """
CREATE TABLE interview_tags (id INTEGER PRIMARY KEY, process_id INTEGER REFERENCES processes(id)
  ON DELETE CASCADE, tag TEXT);
ALTER TABLE processes ADD COLUMN headline TEXT;
UPDATE processes SET headline = coalesce(company, '') || ' · ' || coalesce(role, '');
INSERT INTO interview_tags (process_id, tag) SELECT id, 'migrated' FROM processes;
CREATE INDEX interview_tags_process_id ON interview_tags(process_id);
"""

# A writer server: imports everything once, then forks one writer per save, so each of the
# hundreds of runs costs a fork, not a Python start (importing jsonschema alone takes seconds).
# Each request is a JSON line; the server answers "pid N", the writer's own output, then
# "exit CODE" (a negative code is the signal that ended it).
WRITER = r"""
import json, os, signal, sys
from pathlib import Path
import nextround.store.journal as journal_module
from nextround.store import processes
from nextround.documents.backup import _validator, parse_backup, restore_backup
from nextround.store.journal import Journal

_validator()  # build the backup schema validator before forking
state = {"steps": 0, "armed": False, "kill_at": 0}

def tick():
    if state["armed"]:
        state["steps"] += 1
        if state["steps"] == state["kill_at"]:
            os.kill(os.getpid(), signal.SIGKILL)
    return 0

connect = Journal._connect
def connect_and_count(p, mode):
    conn = connect(p, mode)
    if mode == "rw":
        conn.set_progress_handler(tick, 1)
    return conn
Journal._connect = staticmethod(connect_and_count)

def save(path, kind, extra):
    if kind == "migration-v2":  # the real step from journal format 1 to 2
        state["armed"] = True
        Journal.open(path).close()
        return
    if kind == "migration":
        steps_now = journal_module.migrations()
        journal_module.migrations = lambda: steps_now + [(len(steps_now) + 1, extra)]
        journal_module.SCHEMA_VERSION = len(steps_now) + 1
        state["armed"] = True
        Journal.open(path).close()
        return
    if kind == "create":
        state["armed"] = True
        Journal.open(path, create=True).close()
        return
    j = Journal.open(path)
    doc = parse_backup(Path(extra).read_bytes()) if kind == "restore" else None
    state["armed"] = True
    if kind == "add":
        j.add("processes", company="Acme 🚀", role="<b>lead</b>", notes="n" * 5000)
    elif kind == "update":
        row = j.get("processes", 1)
        j.update("processes", 1, row["rev"], role="Staff engineer", notes="changed " * 400)
    elif kind == "upsert-new":
        j.upsert("reflections", {"stage_id": 4}, rev=None, went_well="clear story",
                 soft_skills=["listening"])
    elif kind == "upsert-existing":
        row = j.find_one("preparations", process_id=1)
        j.upsert("preparations", {"process_id": 1}, rev=row["rev"], why="ran out of time")
    elif kind == "delete-cascade":
        j.delete("processes", 1)
    elif kind == "setting":
        j.set_setting("current_process", 2)
    elif kind == "move-stage":
        processes.move_stage(j, j.get("stages", 1), +1)
    elif kind == "restore":
        restore_backup(j, doc, replace=True)
    else:
        raise SystemExit(f"unknown kind {kind}")
    state["armed"] = False
    j.close()

for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            state["kill_at"] = request["kill_at"]
            save(Path(request["path"]), request["kind"], request["extra"])
            print(json.dumps({"steps": state["steps"]}), flush=True)
        except BaseException as exc:
            print(json.dumps({"error": repr(exc)}), flush=True)
            code = 1
        os._exit(code)
    print(f"pid {pid}", flush=True)
    _, status = os.waitpid(pid, 0)
    print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)
"""


class Writer:
    """The writer server: `run(...)` one save and wait; `start(...)` one to kill from outside."""

    def __init__(self, script: Path):
        self.proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start(self, path: Path, kind: str, kill_at: int = 0, extra: str = "") -> int:
        self.proc.stdin.write(json.dumps({"path": str(path), "kind": kind, "kill_at": kill_at,
                                          "extra": extra}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line.startswith("pid "), line + self.proc.stderr.read()
        return int(line.split()[1])

    def finish(self) -> tuple[int, dict]:
        out: dict = {}
        for line in self.proc.stdout:
            if line.startswith("exit "):
                return int(line.split()[1]), out
            out = json.loads(line)
        raise AssertionError("the writer server stopped: " + self.proc.stderr.read())

    def run(self, path: Path, kind: str, kill_at: int = 0, extra: str = "") -> tuple[int, dict]:
        self.start(path, kind, kill_at, extra)
        code, out = self.finish()
        if code not in (0, -signal.SIGKILL):
            raise AssertionError(f"{kind} writer failed ({code}): {out}")
        return code, out

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()


SAVES = ["add", "update", "upsert-new", "upsert-existing", "delete-cascade", "setting",
         "move-stage", "restore", "migration", "create"]


def schema_of(path: Path) -> tuple[int, bool, bool]:
    """(user_version, has the step-two table, has the step-two column), read without writing."""
    import sqlite3

    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        table = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'interview_tags'").fetchone()[0]
        column = any(r[1] == "headline" for r in conn.execute("PRAGMA table_info(processes)"))
        return version, bool(table), column
    finally:
        conn.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The journal every save starts from, a backup of another journal, and the writer."""
    root = tmp_path_factory.mktemp("crash")
    base = root / "base" / "journal.sqlite3"
    with Journal.open(base, create=True) as j:
        fill_every_table(j, lambda t, f: f"{t} {f} ✍ <i>kept</i>", rows=3)
        j.add("stages", process_id=1, position=9, kind="final")  # id 4, no reflection yet
        j.set_setting("current_process", 1)
    other = root / "other" / "journal.sqlite3"
    with Journal.open(other, create=True) as j:
        fill_every_table(j, lambda t, f: f"restored {f}", rows=5)
        backup = root / "other.json"
        backup.write_text(backup_text(j), encoding="utf-8")
    script = root / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writer = Writer(script)
    yield root, base, backup, writer
    writer.close()


def fresh_copy(base: Path, where: Path) -> Path:
    if where.parent.exists():
        shutil.rmtree(where.parent)
    where.parent.mkdir(parents=True)
    os.chmod(where.parent, 0o700)
    shutil.copy2(base, where)
    return where


def extra_for(kind: str, backup: Path) -> str:
    return {"restore": str(backup), "migration": STEP_TWO}.get(kind, "")


def check_after_kill(kind: str, path: Path, before, after) -> str:
    """Assert the journal is healthy and whole; return 'old' or 'new'."""
    if kind == "create":
        if not path.exists():
            return "old"
        assert raw_integrity(path) == "ok"
        assert journal_state(path) == after
        return "new"
    if kind == "migration":
        assert raw_integrity(path) == "ok"
        version, table, column = schema_of(path)
        if version == SCHEMA_VERSION:
            assert not table and not column, "half a migration was kept"
            assert journal_state(path) == before
            return "old"
        assert (version, table, column) == (SCHEMA_VERSION + 1, True, True)
        with Journal.open(path) as j:  # this version opens the migrated file read-only
            assert j.read_only and "newer version" in j.read_only_reason
            assert j.integrity_ok()
            assert j.query("SELECT count(*) FROM interview_tags")[0][0] == j.count("processes")
        return "new"
    assert raw_integrity(path) == "ok"
    now = journal_state(path)
    assert now in (before, after), f"{kind}: neither the old nor the new state"
    return "old" if now == before else "new"


@pytest.mark.parametrize("kind", SAVES)
def test_killed_at_every_stage_of_a_save(setup, kind):
    root, base, backup, writer = setup
    work = root / kind / "journal.sqlite3"
    extra = extra_for(kind, backup)

    # A full run: how many steps the save takes, and the state it leaves.
    start = fresh_copy(base, work) if kind != "create" else work
    if kind == "create" and work.parent.exists():
        shutil.rmtree(work.parent)
    before = journal_state(start) if kind != "create" else None
    code, out = writer.run(work, kind, 0, extra)
    assert code == 0
    total = out["steps"]
    assert total >= 5, (kind, total)
    after = journal_state(work) if kind != "migration" else None
    if kind not in ("create", "migration"):
        assert after != before, f"{kind} changed nothing: the test proves nothing"

    points = sorted({1} | {round(total * i / POINTS_PER_SAVE) for i in range(1, POINTS_PER_SAVE + 1)})
    outcomes = []
    for k in points:
        if kind == "create":
            shutil.rmtree(work.parent, ignore_errors=True)
        else:
            fresh_copy(base, work)
        code, _ = writer.run(work, kind, k, extra)
        assert code == -signal.SIGKILL, f"{kind}: the writer was not killed at step {k}"
        outcomes.append(check_after_kill(kind, work, before, after))
        FIGURES["stepped"] += 1
        if kind in ("migration", "create"):  # the next start simply finishes the job
            code, _ = writer.run(work, kind, 0, extra)
            assert code == 0
            if kind == "migration":
                assert schema_of(work) == (SCHEMA_VERSION + 1, True, True)
            else:
                assert journal_state(work) == after
        if kind == "restore":
            # Any safety copy a killed restore left behind is a whole copy of the old journal.
            for copy_ in work.parent.glob("*before-restore*.sqlite3"):
                assert raw_integrity(copy_) == "ok", copy_.name
    FIGURES["kinds"] += 1
    if kind not in ("migration", "create") and "old" in outcomes:
        # The save interrupted latest before its commit, simply done again, gives the new state.
        k = max(p for p, o in zip(points, outcomes) if o == "old")
        fresh_copy(base, work)
        assert writer.run(work, kind, k, extra)[0] == -signal.SIGKILL
        assert writer.run(work, kind, 0, extra)[0] == 0
        if kind != "add":  # adding again makes another entry with its own id
            assert journal_state(work) == after
    assert "old" in outcomes, f"{kind}: no kill landed before the commit"
    if kind != "create":  # a new journal becomes visible only in its final step
        assert "new" in outcomes or kind == "migration", f"{kind}: no kill landed after the commit"


@pytest.mark.parametrize("kind", ["restore", "migration"])
def test_killed_from_outside_during_a_big_save(setup, kind, tmp_path):
    root, base, backup, writer = setup
    big = tmp_path / "big" / "journal.sqlite3"
    with Journal.open(big, create=True) as j:
        fill_every_table(j, lambda t, f: f"{f} " * 40, rows=150)
    before = journal_state(big)
    work = tmp_path / "work" / "journal.sqlite3"
    rng = random.Random(9)
    extra = extra_for(kind, backup)

    started = time.monotonic()
    fresh_copy(big, work)
    assert writer.run(work, kind, 0, extra)[0] == 0
    full = time.monotonic() - started
    after = journal_state(work) if kind == "restore" else None

    outcomes = []
    for _ in range(TIMED_KILLS):
        fresh_copy(big, work)
        pid = writer.start(work, kind, 0, extra)
        time.sleep(rng.uniform(0.2, 1.0) * full)
        with contextlib.suppress(ProcessLookupError):  # it may just have finished
            os.kill(pid, signal.SIGKILL)
        writer.finish()
        outcomes.append(check_after_kill(kind, work, before, after))
        FIGURES["timed"] += 1
    assert len(outcomes) == TIMED_KILLS


def test_report_figures(capsys):
    """Prints how many crash points were tried (shown with -s or in the -ra summary)."""
    if FIGURES["stepped"] == 0:
        pytest.skip("run with the crash tests to see the figures")
    with capsys.disabled():
        print(f"\ncrash points: {FIGURES['stepped']} stepped kills over {FIGURES['kinds']} kinds "
              f"of save, {FIGURES['timed']} timed kills; every journal whole")


# ------------------------------------------------- the real step from journal format 1 to 2
def format_two_outcome(path: Path, before: dict) -> str:
    """After a kill during the step to format 2: 'old' (format 1, every row as it was) or
    'new' (format 2, every format-1 row kept, the new tables there and empty)."""
    import sqlite3

    assert raw_integrity(path) == "ok"
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        new_rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("contacts", "upcoming_interviews", "contact_links") if t in names}
    finally:
        conn.close()
    assert released.raw_tables(path) == before, "a format-1 row changed"
    assert dangling == []
    assert not any(n.startswith("migrating_") for n in names), "half a migration was kept"
    if version == 1:
        assert new_rows == {}, "half a migration was kept"
        return "old"
    assert version == 2 and new_rows == {"contacts": 0, "upcoming_interviews": 0, "contact_links": 0}
    return "new"


def test_the_step_to_format_two_killed_at_every_point_leaves_format_one_intact(setup):
    root, _base, _backup, writer = setup
    v1 = released.demo_v1_journal(root / "v1-base")
    before = released.raw_tables(v1)
    work = root / "migration-v2" / "journal.sqlite3"
    fresh_copy(v1, work)
    code, out = writer.run(work, "migration-v2")
    assert code == 0 and format_two_outcome(work, before) == "new"
    total = out["steps"]
    assert total >= 100, total  # the table rebuild is hundreds of steps
    points = sorted({1} | {round(total * i / POINTS_PER_SAVE) for i in range(1, POINTS_PER_SAVE + 1)})
    outcomes = []
    for k in points:
        fresh_copy(v1, work)
        code, _ = writer.run(work, "migration-v2", k)
        assert code == -signal.SIGKILL, f"the writer was not killed at step {k}"
        outcomes.append(format_two_outcome(work, before))
        FIGURES["stepped"] += 1
        code, _ = writer.run(work, "migration-v2")  # the next start finishes the job
        assert code == 0 and format_two_outcome(work, before) == "new"
    FIGURES["kinds"] += 1
    assert "old" in outcomes


def test_the_step_to_format_two_killed_from_outside_on_a_big_journal(setup, tmp_path):
    import sys

    root, _base, _backup, writer = setup
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    try:
        import synthetic_journal
    finally:
        sys.path.pop(0)
    big = released.new_v1_journal(tmp_path / "big" / "journal.sqlite3")
    with released.open_v1(big) as j:
        synthetic_journal.build(j, 1_000)
    before = released.raw_tables(big)
    work = tmp_path / "work" / "journal.sqlite3"
    started = time.monotonic()
    fresh_copy(big, work)
    assert writer.run(work, "migration-v2")[0] == 0
    full = time.monotonic() - started
    rng = random.Random(11)
    outcomes = []
    for _ in range(TIMED_KILLS):
        fresh_copy(big, work)
        pid = writer.start(work, "migration-v2")
        time.sleep(rng.uniform(0.2, 1.0) * full)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        writer.finish()
        outcomes.append(format_two_outcome(work, before))
        FIGURES["timed"] += 1
    assert len(outcomes) == TIMED_KILLS
