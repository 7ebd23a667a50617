"""A full disk and a read-only folder, during saves, backups and restores.

Every case checks the same three things a person relies on: a clear message, the journal and
any earlier backup intact, and what they typed still in the form.

The full disk is real where it can be (a tiny tmpfs, when running as root); a failing file
layer that needs no privileges always runs too: the store's own connection limited with
`PRAGMA max_page_count`, so SQLite answers SQLITE_FULL exactly as on a full disk.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nextround import cli
from nextround.documents.backup import export_backup, restore_backup, write_backup
from nextround.errors import BackupError, JournalError
from nextround.store.journal import Journal
from nextround.store.schema import TABLE_ORDER
from nextround.ui.review import ReviewAndReflect

from .conftest import fill_every_table, raw_integrity

TYPED = "What I would do differently: 🙂 prepare the system-design story. " * 300


def can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path("/tmp") / f"nr-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], check=True)
        return ok
    finally:
        probe.rmdir()


MOUNT = can_mount()
needs_mount = pytest.mark.skipif(not MOUNT, reason="needs root and `mount -t tmpfs` for a real "
                                 "full disk / read-only folder; the failing-file-layer tests "
                                 "below cover the same paths without it")


@contextlib.contextmanager
def tmpfs(where: Path, size: str, *options: str):
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs",
                    str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill_disk(folder: Path) -> Path:
    """Take every free byte of the file system `folder` is on; return the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    os.close(fd)
    return filler


def workbook_one(journal: Journal, company: str = "Acme"):
    """Workbook 1's widgets on `journal`, with one process added through them."""
    step = ReviewAndReflect(journal)
    step.header()
    step.picker.company.value = company
    step.picker.add_button.click()
    assert step.picker.status.state == "saved"
    return step, step.process(), step.preparation()


def state(journal: Journal) -> dict:
    return {t: journal.rows(t) for t in TABLE_ORDER}


def assert_typed_text_kept(exercise, message: str) -> None:
    assert exercise.form.status.state == "error"
    assert message in exercise.form.status.value
    assert "still here" in exercise.form.status.value
    assert exercise.fields["notes"].value == TYPED


def bigger_backup(folder: Path) -> dict:
    """A backup with more in it than the journal under test, so restoring it needs room."""
    with Journal.open(folder / "journal.sqlite3", create=True) as other:
        fill_every_table(other, lambda t, f: f"{f} " * 200, rows=20)
        return export_backup(other)


def full_disk_checks(journal: Journal, folder: Path, make_room, doc: dict,
                     small_writes_fail: bool = True) -> None:
    """The checks every full-disk variant runs; `make_room()` frees space again."""
    step, process, prep = workbook_one(journal)
    old_backup = write_backup(journal, folder / "backup.json").read_bytes()
    before = state(journal)

    with make_room() as free_again:
        # A save as you type: refused with plain words, the text stays in the form.
        process.fields["notes"].value = TYPED
        assert_typed_text_kept(process, "the disk is full")
        # Another kind of save (a keyed upsert) in another exercise: the same.
        prep.fields["why"].value = TYPED
        assert prep.form.status.state == "error" and "disk is full" in prep.form.status.value
        assert prep.fields["why"].value == TYPED
        if small_writes_fail:  # (a page limit still lets a tiny entry into a half-empty page)
            # Adding an entry (a button, not typing): the message shows next to the button.
            process.stage_list.add_button.click()
            assert "disk is full" in process.stage_list.error.value
        # A backup over an old one: refused, the old one unchanged, no temporary file left.
        with pytest.raises(BackupError, match="unchanged"):
            write_backup(journal, folder / "backup.json")
        assert (folder / "backup.json").read_bytes() == old_backup
        assert not list(folder.glob(".backup.json.*"))
        # A restore that replaces the journal: refused in words, nothing changed, no copy.
        with pytest.raises(JournalError) as info:
            restore_backup(journal, doc, replace=True)
        assert "Nothing was restored" in str(info.value) and "full" in str(info.value)
        assert not list(journal.path.parent.glob("*before-restore*"))
        # The journal is whole and holds exactly what it held before.
        assert journal.integrity_ok()
        assert state(journal) == before
        free_again()
        # With room again, the same form saves what is still on screen.
        assert process.form.save()
        assert prep.form.save()
    assert journal.get("processes", step.picker.process_id)["notes"] == TYPED
    assert journal.find_one("preparations", process_id=step.picker.process_id)["why"] == TYPED
    assert journal.integrity_ok()
    journal.close()
    assert raw_integrity(journal.path) == "ok"


# ------------------------------------------------------------------ a real full disk
@needs_mount
def test_full_disk_on_a_tiny_tmpfs(tmp_path):
    doc = bigger_backup(tmp_path / "other")
    with tmpfs(tmp_path / "disk", "1200k") as disk:
        journal = Journal.open(disk / "data" / "journal.sqlite3", create=True)

        @contextlib.contextmanager
        def make_room():
            filler = fill_disk(disk)
            yield lambda: filler.unlink()

        full_disk_checks(journal, disk, make_room, doc)


@needs_mount
def test_a_new_journal_on_a_nearly_full_disk_is_never_left_damaged(tmp_path, capsys):
    # Too little room for a new journal and its write-ahead log: the first start must say the
    # disk is full and leave nothing behind, not leave a half-written journal that every later
    # start calls damaged.
    with tmpfs(tmp_path / "disk", "300k") as disk:
        path = disk / "data" / "journal.sqlite3"
        with pytest.raises(JournalError) as info:
            Journal.open(path, create=True)
        assert "full" in str(info.value) and str(path.parent) in str(info.value)
        assert not path.exists()
        assert list(path.parent.iterdir()) == []
        # The command line says so in one line; a later start on a bigger disk is fine.
        assert cli.main(["demo", "--data", str(path.parent)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "full" in err[0], err
        assert not path.exists()
    with tmpfs(tmp_path / "disk", "2m") as disk:
        with Journal.open(disk / "data" / "journal.sqlite3", create=True) as j:
            assert j.integrity_ok()


@needs_mount
def test_backup_and_csv_into_a_read_only_folder(tmp_path, capsys):
    with Journal.open(tmp_path / "data" / "journal.sqlite3", create=True) as journal:
        workbook_one(journal)
        with tmpfs(tmp_path / "usb", "1m") as usb:
            old = write_backup(journal, usb / "backup.json").read_bytes()
            subprocess.run(["mount", "-o", "remount,ro", str(usb)], check=True)
            with pytest.raises(BackupError) as info:
                write_backup(journal, usb / "backup.json")
            assert "Read-only file system" in str(info.value) and "unchanged" in str(info.value)
            assert (usb / "backup.json").read_bytes() == old
            # The commands say it in one line, with the file.
            data = str(journal.path.parent)
            assert cli.main(["backup", "-o", str(usb / "backup.json"), "--data", data]) == 1
            assert cli.main(["csv", "-o", str(usb / "csv"), "--data", data]) == 1
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 2 and all(line.startswith("nextround: ") for line in err)
            assert "Read-only" in err[0] and str(usb / "csv") in err[1]
            assert (usb / "backup.json").read_bytes() == old
            subprocess.run(["mount", "-o", "remount,rw", str(usb)], check=True)
        assert journal.integrity_ok()


@needs_mount
def test_journal_in_a_read_only_folder_opens_read_only_and_says_so(tmp_path):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        path = disk / "data" / "journal.sqlite3"
        with Journal.open(path, create=True) as j:
            j.add("processes", company="Acme")
        before = path.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with Journal.open(path) as journal:
            assert journal.read_only and str(path) in journal.read_only_reason
            step = ReviewAndReflect(journal)
            header = step.header()
            notices = [w.value for w in header.children if "nr-notice" in w._dom_classes]
            assert notices and "cannot be written" in notices[0]
            assert step.picker.add_button.disabled
            assert all(w.disabled for w in step.process().fields.values())
        assert path.read_bytes() == before
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)


# ------------------------------------------------------ a failing file layer (no root)
def test_full_disk_through_a_failing_file_layer(tmp_path):
    journal = Journal.open(tmp_path / "data" / "journal.sqlite3", create=True)
    out = tmp_path / "out"
    out.mkdir()

    @contextlib.contextmanager
    def make_room():
        # SQLite cannot grow the journal past its current size: SQLITE_FULL on the next write.
        # (Free pages first: a new journal has some, from the step that rebuilt a table.)
        journal.query("VACUUM")
        pages = journal.query("PRAGMA page_count")[0][0]
        journal.query(f"PRAGMA max_page_count = {pages}")
        real_replace = os.replace

        def no_space(src, dst):  # the backup's final rename hits a full disk too
            raise OSError(28, "No space left on device")

        os.replace = no_space
        try:
            yield lambda: (journal.query("PRAGMA max_page_count = 1073741823"),
                           setattr(os, "replace", real_replace))
        finally:
            os.replace = real_replace

    full_disk_checks(journal, out, make_room, bigger_backup(tmp_path / "other"),
                     small_writes_fail=False)
