"""What a save refuses (a text longer than a backup can hold) and what opening a journal tidies
(the half-made journals of starts that were killed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nextround.store import journal as journal_module
from nextround.errors import JournalError
from nextround.store.journal import Journal
from nextround.store.schema import MAX_LIST_ITEMS, MAX_TEXT_CHARS


def test_a_text_as_long_as_a_backup_allows_is_saved(journal):
    row = journal.add("processes", company="Acme", notes="n" * MAX_TEXT_CHARS)
    assert len(journal.get("processes", row["id"])["notes"]) == MAX_TEXT_CHARS


def test_a_longer_text_is_refused_and_nothing_changes(journal):
    row = journal.add("processes", company="Acme", notes="kept")
    with pytest.raises(JournalError, match=r"100,001 characters long, more than the 100,000"):
        journal.update("processes", row["id"], row["rev"], notes="n" * (MAX_TEXT_CHARS + 1))
    assert journal.get("processes", row["id"])["notes"] == "kept"
    with pytest.raises(JournalError, match="100,000"):
        journal.add("processes", company="c" * (MAX_TEXT_CHARS + 1))
    assert journal.count("processes") == 1


def test_lists_keep_the_backups_limits_too(journal):
    process = journal.add("processes", company="Acme")
    stage = journal.add("stages", process_id=process["id"])
    with pytest.raises(JournalError, match="100,000"):
        journal.add("reflections", stage_id=stage["id"], soft_skills=["s" * (MAX_TEXT_CHARS + 1)])
    with pytest.raises(JournalError, match="1,000"):
        journal.add("reflections", stage_id=stage["id"],
                    soft_skills=[str(i) for i in range(MAX_LIST_ITEMS + 1)])
    assert journal.count("reflections") == 0


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_half_made_journals_of_dead_starts_are_removed(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    pid, host = dead_pid(), journal_module._HOST
    left = [f".journal.sqlite3.{pid}.1.{host}.new", f".journal.sqlite3.{pid}.1.{host}.new-wal",
            f".journal.sqlite3.{pid}.7.new"]  # the last as older versions named it
    for name in left:
        (folder / name).write_bytes(b"half")
    Journal.open(folder / "journal.sqlite3", create=True).close()
    assert not [name for name in left if (folder / name).exists()]


def test_a_build_still_running_or_from_another_computer_is_left_alone(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    host = journal_module._HOST
    alive = [f".journal.sqlite3.{os.getpid()}.1.{host}.new",  # this very process
             f".journal.sqlite3.{os.getppid()}.1.{host}.new",  # a running one
             f".journal.sqlite3.{dead_pid()}.1.elsewhere.new",  # its pid means nothing here
             "notes.new", ".journal.sqlite3.backup"]  # not a build at all
    for name in alive:
        (folder / name).write_bytes(b"busy")
    Journal.open(folder / "journal.sqlite3", create=True).close()
    assert all((folder / name).read_bytes() == b"busy" for name in alive)
