"""Where the journal lives: --data, then NEXTROUND_DATA_DIR, then the per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NEXTROUND_DATA_DIR"
JOURNAL_FILE = "journal.sqlite3"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().absolute()
    from platformdirs import user_data_dir

    return Path(user_data_dir("nextround", appauthor=False))


def journal_path(explicit: str | os.PathLike | None = None) -> Path:
    return data_dir(explicit) / JOURNAL_FILE


def make_private_dir(path: Path) -> None:
    """Create the folder (and parents) and make the journal folder itself 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def on_temporary_server() -> bool:
    """True on Binder-like servers, where the session and its files vanish when idle."""
    return bool(os.environ.get("BINDER_SERVICE_HOST") or os.environ.get("BINDER_REPO_URL")
                or os.environ.get("NEXTROUND_TEMPORARY"))
