"""The coach's drop box: participants add a summary but cannot list or read anyone else's; the
coach reads them all. Tried for real with OS users made for the test (tests run as root in
CI), and on its own rules: the folders it refuses, the mode of what it writes, what a failed
write leaves behind."""

from __future__ import annotations

import contextlib
import errno
import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from cohort_journals import summary_bytes

from nextround.documents.cohort import document, drop_box, reading
from nextround.documents.cohort.drop_box import DropBoxError

DROP_BOX_MODE = 0o3733


@pytest.fixture
def box(tmp_path):
    folder = tmp_path / "box"
    folder.mkdir()
    os.chmod(folder, DROP_BOX_MODE)
    return folder


# ------------------------------------------------------------------ its own rules
@pytest.mark.parametrize("mode, words", [
    (0o3737, "can be listed by everyone"),
    (0o1733, "not set up for sharing"),
])
def test_a_folder_that_is_not_a_drop_box_is_refused_before_anything_is_written(
        tmp_path, mode, words):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, mode)
    with pytest.raises(DropBoxError, match=words):
        drop_box.add(folder, summary_bytes(1))
    assert list(folder.iterdir()) == []


def test_a_missing_drop_box_is_named(tmp_path):
    with pytest.raises(DropBoxError, match="does not exist"):
        drop_box.add(tmp_path / "nowhere", summary_bytes(1))


def test_a_summary_is_0640_whatever_the_umask(box):
    for umask in (0o077, 0o000, 0o027):
        old = os.umask(umask)
        try:
            name = drop_box.add(box, summary_bytes(1))
        finally:
            os.umask(old)
        assert stat.S_IMODE(os.stat(box / name).st_mode) == 0o640, oct(umask)


def test_a_summary_gets_a_random_name_of_the_drop_box_form(box):
    names = {drop_box.add(box, summary_bytes(1)) for _ in range(3)}
    assert len(names) == 3 and all(drop_box.is_summary_name(n) for n in names)
    assert sorted(p.name for p in box.iterdir()) == sorted(names)


def test_a_write_that_fails_midway_leaves_no_file_behind(box, monkeypatch):
    def full(_fd, _data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(DropBoxError, match="the disk is full"):
        drop_box.add(box, summary_bytes(1))
    monkeypatch.undo()
    assert list(box.iterdir()) == []


def test_taking_back_removes_only_files_of_the_drop_box_form(box, tmp_path):
    mine = drop_box.add(box, summary_bytes(1))
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    removed = drop_box.remove(box, [mine, "../precious.txt", str(precious), 42])
    assert removed == 1 and precious.exists() and list(box.iterdir()) == []


# ------------------------------------------------------------------ real OS users
@dataclass
class User:
    name: str
    uid: int
    gid: int
    umask: int = 0o022


def _useradd(name: str) -> User:
    subprocess.run(["useradd", "--no-create-home", "--user-group", "--shell",
                    "/usr/sbin/nologin", name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    return User(name, entry.pw_uid, entry.pw_gid)


def _userdel(name: str) -> None:
    subprocess.run(["userdel", name], capture_output=True)
    with contextlib.suppress(KeyError):
        grp.getgrnam(name)
        subprocess.run(["groupdel", name], capture_output=True)


@pytest.fixture
def people():
    """A coach and two participants, real accounts of this machine, removed afterwards."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making OS users needs root (CI runs the tests as root)")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed")
    tag = secrets.token_hex(3)
    names = [f"nrcoach{tag}", f"nrpa{tag}", f"nrpb{tag}"]
    made = []
    try:
        for name in names:
            made.append(_useradd(name))
        coach, a, b = made
        a.umask = 0o077  # a strict umask must not keep the coach out
        yield coach, a, b
    finally:
        for name in names:
            _userdel(name)


@pytest.fixture
def shared_box(people):
    """The drop box as a coach sets it up: theirs, their group, 3733, on a path all can reach."""
    coach = people[0]
    parent = Path(tempfile.mkdtemp(prefix="nextround-cohort-"))
    os.chmod(parent, 0o755)
    folder = parent / "cohort"
    folder.mkdir()
    os.chown(folder, coach.uid, coach.gid)
    os.chmod(folder, DROP_BOX_MODE)
    try:
        yield folder
    finally:
        shutil.rmtree(parent)


def as_user(user: User, action):
    """Run `action()` in a child process that is `user` (uid, gid, no other groups, umask),
    and return what it returned, or the error it raised as (type name, errno)."""
    # Everything the child needs is loaded first: as another user it cannot read the
    # Python installation under /root.
    document._validator()
    document.parse(summary_bytes(1))  # the codecs, the words, the schema's checks
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(user.gid)
            os.setuid(user.uid)
            os.umask(user.umask)
            try:
                payload = {"value": action()}
            except OSError as exc:
                payload = {"error": type(exc).__name__, "errno": exc.errno}
            except Exception as exc:  # noqa: BLE001  (reported to the parent)
                payload = {"error": type(exc).__name__, "message": str(exc)}
            os.write(write_fd, json.dumps(payload).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def test_each_participant_adds_a_summary_neither_reads_the_others_and_the_coach_reads_both(
        people, shared_box):
    from nextround.analysis import cohort  # noqa: F401  (loaded before the children run)

    coach, a, b = people
    added_a = as_user(a, lambda: drop_box.add(shared_box, summary_bytes(1)))
    added_b = as_user(b, lambda: drop_box.add(shared_box, summary_bytes(2)))
    assert set(added_a) == set(added_b) == {"value"}, (added_a, added_b)
    name_a, name_b = added_a["value"], added_b["value"]

    # Neither can list the folder, nor read, rename or remove the other's file.
    for user, other in ((a, name_b), (b, name_a)):
        assert as_user(user, lambda: os.listdir(shared_box)) == {
            "error": "PermissionError", "errno": errno.EACCES}
        assert as_user(user, lambda: (shared_box / other).read_bytes().decode()) == {
            "error": "PermissionError", "errno": errno.EACCES}
        assert as_user(user, lambda: os.unlink(shared_box / other))["error"] == "PermissionError"

    # Each file is its author's, in the coach's group, 0640; nothing else is left there.
    for name, author in ((name_a, a), (name_b, b)):
        info = os.stat(shared_box / name)
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (
            author.uid, coach.gid, 0o640)
    assert sorted(os.listdir(shared_box)) == sorted([name_a, name_b])

    # The coach reads both.
    read = as_user(coach, lambda: [reading.read_paths([shared_box]).people,
                                   [r.reason for r in reading.read_paths([shared_box]).refused]])
    assert read == {"value": [2, []]}


def test_a_participant_can_take_back_their_own_file(people, shared_box):
    _coach, a, _b = people
    name = as_user(a, lambda: drop_box.add(shared_box, summary_bytes(1)))["value"]
    assert as_user(a, lambda: drop_box.remove(shared_box, [name])) == {"value": 1}
    assert os.listdir(shared_box) == []


def test_a_participant_cannot_read_the_box_from_the_coachs_page(people, shared_box):
    _coach, a, b = people
    as_user(b, lambda: drop_box.add(shared_box, summary_bytes(2)))
    seen = as_user(a, lambda: [(r.reason) for r in reading.read_paths([shared_box]).refused])
    assert seen == {"value": ["this folder cannot be listed by your account. The coach's page "
                              "reads the drop box as the coach's user."]}
