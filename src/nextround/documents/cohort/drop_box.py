"""The coach's drop box: a shared folder participants can add a summary to, but not list or read.

It is the design of nbgrader's exchange inbound folder. The coach (or the server's admin) makes
it once, owned by the coach's user and by a group only the coach is in:

    mkdir -p /srv/nextround/cohort
    chown coach:coach /srv/nextround/cohort
    chmod 3733 /srv/nextround/cohort

- 0733: the coach may list and read it; everyone else may add a file (write and search) but
  not list it (no read), so nobody sees what anyone else added, or even that they did;
- set-group-id (2000): a file added takes the folder's group, the coach's, whoever adds it;
- sticky (1000): a file can be removed or renamed only by whoever added it (and the coach).

A summary is written 0640 whatever the person's umask (set with fchmod after creating it):
readable by its author and by the folder's group, the coach, and by no other participant.
Its name is random (128 bits), so nobody can guess it to look for it. It is written under a
hidden temporary name and renamed into place, so the coach never reads half a file; a write
that fails removes its temporary file (the writer cannot list the folder to find it later),
and the coach's reader skips hidden names, so a write killed midway leaves nothing counted.

NEXTROUND_COHORT_DIR names the folder. A folder that anyone may list, or that is not
set-group-id, is refused before anything is written into it: a summary there could be read
by others, or not by the coach.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from nextround.errors import JournalError
from nextround.words import say

ENV_VAR = "NEXTROUND_COHORT_DIR"
FILE_MODE = 0o640
PREFIX = "nextround-summary-"
SUFFIX = ".json"
_NAME = re.compile(rf"^{re.escape(PREFIX)}[0-9a-f]{{32}}{re.escape(SUFFIX)}$")


class DropBoxError(JournalError):
    """The drop box cannot take a summary (or be read); the message says what to do."""


def configured() -> Path | None:
    """The drop box this server offers (NEXTROUND_COHORT_DIR), or None (hand in a file)."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else None


def is_summary_name(name: str) -> bool:
    return bool(_NAME.match(name))


def _error(key: str, folder: Path, **values) -> DropBoxError:
    return DropBoxError(say(f"cohort.drop_box.{key}", folder=str(folder), **values))


def check_folder(folder: Path) -> None:
    """Refuse a folder that is not a drop box a summary can safely go into."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise _error("missing", folder) from None
    except OSError as exc:
        raise _error("unusable", folder, reason=exc.strerror or str(exc)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise _error("not_a_folder", folder)
    if info.st_mode & stat.S_IROTH:
        raise _error("listable", folder)
    if not info.st_mode & stat.S_ISGID:
        raise _error("not_set_group_id", folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _error("not_writable", folder)


def add(folder: Path, data: bytes) -> str:
    """Put `data` into the drop box under a new random name; return the name."""
    folder = Path(folder)
    check_folder(folder)
    name = f"{PREFIX}{secrets.token_hex(16)}{SUFFIX}"
    temporary = folder / f".{PREFIX}{secrets.token_hex(16)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    except OSError as exc:
        raise _error("not_written", folder, reason=_reason(exc)) from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have taken the group's read away
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        # A new random name: the rename can only ever replace a file nobody could know of.
        os.rename(temporary, folder / name)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _error("not_written", folder, reason=_reason(exc)) from None
        raise
    # Make the rename durable where the folder can be opened (participants may not read it).
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return name


def remove(folder: Path, names) -> int:
    """Remove the summaries `names` this person put into the drop box; how many went.

    Only names of the drop box's own form are touched: the list comes from the journal, and
    a journal restored from an edited backup must not point this at any other file."""
    removed = 0
    for name in names:
        if not isinstance(name, str) or not is_summary_name(name):
            continue
        try:
            os.unlink(Path(folder) / name)
            removed += 1
        except OSError:  # gone already, or the coach moved it: the withdrawal still counts
            continue
    return removed


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return say("cohort.drop_box.full")
    return exc.strerror or str(exc)
