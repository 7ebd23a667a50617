"""The journal folder stays 0700 and every file NextRound writes 0600, whatever the umask.

Checked after each command that writes: a new journal, a backup, a restore into a new
folder, a restore that replaces a journal (and the safety copy it keeps), a CSV export.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nextround import cli
from nextround.store.journal import Journal

from .conftest import fill_every_table


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(folder: Path) -> None:
    assert mode(folder) == 0o700, f"{folder} is {oct(mode(folder))}"
    for item in folder.iterdir():
        if item.is_dir():
            assert_private(item)
        else:
            assert mode(item) == 0o600, f"{item.name} is {oct(mode(item))}"


@pytest.fixture(params=[0o022, 0o000, 0o002], ids=["umask 022", "umask 000", "umask 002"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def run(*args: str) -> None:
    assert cli.main(list(args)) == 0, args


def test_every_file_written_is_private(tmp_path, umask):
    data = tmp_path / "data"
    run("demo", "--data", str(data))
    assert_private(data)

    with Journal.open(data / "journal.sqlite3") as j:  # open in WAL mode: -wal and -shm exist
        j.add("processes", company="Open while checking")
        assert_private(data)

    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    run("backup", "-o", str(out / "backup.json"), "--data", str(data))
    assert mode(out / "backup.json") == 0o600
    run("backup", "-o", str(data / "backup.json"), "--data", str(data))  # next to the journal
    assert_private(data)

    run("csv", "-o", str(tmp_path / "csv"), "--data", str(data))
    assert_private(tmp_path / "csv")

    fresh = tmp_path / "fresh"
    run("restore", str(out / "backup.json"), "--data", str(fresh))
    assert_private(fresh)

    other = tmp_path / "other"
    with Journal.open(other / "journal.sqlite3", create=True) as j:
        fill_every_table(j)
    run("restore", str(out / "backup.json"), "--data", str(other), "--replace")
    kept = list(other.glob("*before-restore*"))
    assert len(kept) == 1
    assert_private(other)


def test_a_loose_folder_made_beforehand_is_made_private(tmp_path, umask):
    # People often make the folder themselves (mkdir) before pointing --data at it.
    data = tmp_path / "mine"
    data.mkdir(mode=0o777)
    os.chmod(data, 0o777)
    run("demo", "--data", str(data))
    assert_private(data)
