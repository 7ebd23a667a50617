"""Damaged and foreign files where the journal should be, met through the commands and the app.

`tests/test_journal.py` checks that the store refuses them and leaves them byte for byte; this
file checks what a person sees: every command (the app's `serve` included) answers in one
line that names the file and offers a way forward (restore a backup), never a traceback, and
the file is still untouched afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from nextround import cli
from nextround.documents.backup import write_backup
from nextround.store.journal import Journal
from nextround.store.schema import SCHEMA_VERSION
from nextround.ui.review import ReviewAndReflect


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_journal(path: Path) -> bytes:
    with Journal.open(path, create=True) as j:
        with j.transaction():
            for i in range(200):
                j.add("processes", company=f"Company {i}", notes="n" * 300)
    return path.read_bytes()


def truncated(path: Path) -> None:
    data = a_journal(path)
    path.write_bytes(data[: len(data) // 3])


def text_file(path: Path) -> None:
    path.write_text("These are my notes about the interview at Acme.\n", encoding="utf-8")


def another_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def backup_in_its_place(path: Path) -> None:
    other = path.with_name("elsewhere.sqlite3")
    a_journal(other)
    with Journal.open(other) as j:
        write_backup(j, path)
    other.unlink()


def compressed_journal(path: Path) -> None:
    path.write_bytes(gzip.compress(a_journal(path)))


def zero_page_journal(path: Path) -> None:
    data = bytearray(a_journal(path))
    data[4096 * 3: 4096 * 6] = bytes(4096 * 3)
    path.write_bytes(bytes(data))


CASES = {
    "truncated journal": truncated,
    "text file": text_file,
    "another program's database": another_database,
    "a backup (JSON) saved as the journal": backup_in_its_place,
    "a compressed journal": compressed_journal,
    "a journal with zeroed pages": zero_page_journal,
}

COMMANDS = [
    ["serve", "--no-browser"], ["demo"], ["backup", "-o", "{tmp}/b.json"],
    ["csv", "-o", "{tmp}/csv"], ["report", "-o", "{tmp}/r.html"],
    ["restore", "{backup}"], ["restore", "{backup}", "--replace"],
]


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    with Journal.open(folder / "journal.sqlite3", create=True) as j:
        j.add("processes", company="Acme")
        return write_backup(j, folder / "backup.json")


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_names_the_file_and_the_way_forward(tmp_path, capsys, good_backup, case):
    path = tmp_path / "data" / "journal.sqlite3"
    path.parent.mkdir()
    CASES[case](path)
    before, listing = digest(path), sorted(p.name for p in path.parent.iterdir())
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path, backup=good_backup) for a in command]
        assert cli.main([*args, "--data", str(path.parent)]) == 1, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("nextround: "), (args, err)
        assert str(path) in err[0], (args, err)
        assert "restore" in err[0] and "has not been changed" in err[0], (args, err)
        assert "Traceback" not in err[0]
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(
        ("-wal", "-shm"))) == listing
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "csv").exists()


@pytest.mark.parametrize("case", list(CASES))
def test_the_workbook_says_which_file_and_what_to_do(tmp_path, case, monkeypatch):
    path = tmp_path / "data" / "journal.sqlite3"
    path.parent.mkdir()
    CASES[case](path)
    before = digest(path)
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(path.parent))
    with pytest.raises(Exception) as info:  # the notebook's first cell: `ReviewAndReflect()`
        ReviewAndReflect()
    assert str(path) in str(info.value) and "restore" in str(info.value)
    assert digest(path) == before


def newer(path: Path) -> None:
    a_journal(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def test_a_journal_from_a_newer_version(tmp_path, capsys, good_backup):
    path = tmp_path / "data" / "journal.sqlite3"
    path.parent.mkdir()
    newer(path)
    before = digest(path)
    data = str(path.parent)
    for args in (["backup", "-o", str(tmp_path / "b.json")],
                 ["restore", str(good_backup), "--replace"]):
        assert cli.main([*args, "--data", data]) == 1, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "newer version" in err[0], (args, err)
        assert "pip install -U nextround" in err[0] or "Upgrade" in err[0]
    # Reading still works: a spreadsheet export, and the workbook, read-only, saying why.
    assert cli.main(["csv", "-o", str(tmp_path / "csv"), "--data", data]) == 0
    with Journal.open(path) as journal:
        step = ReviewAndReflect(journal)
        header = step.header()
        notices = [w.value for w in header.children if "nr-notice" in w._dom_classes]
        assert notices and "newer version" in notices[0] and str(path) in notices[0]
        assert step.picker.add_button.disabled
        exercise = step.process()
        assert all(w.disabled for w in exercise.fields.values())
    assert digest(path) == before
    assert not list(path.parent.glob("*before-restore*"))
