"""Errors a person can act on. Each message names the file and says what to do.

The messages are coaching words (`[errors]` in coaching.toml). This module is the bottom
layer and imports nothing of NextRound: `nextround.words`, once loaded, hands it the words in
use (`use_words`). Until then, and always for CoachingWordsError (the coach's file may be the
one that cannot be read), the sentences come from the words that come with NextRound.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

_in_use: Callable[..., str] | None = None


def use_words(say: Callable[..., str]) -> None:
    """Read error messages ([errors] in the words file) with `say`, the words in use."""
    global _in_use
    _in_use = say


@functools.cache
def _shipped_errors() -> dict[str, str]:
    import tomllib
    from importlib.resources import files

    text = files("nextround").joinpath("coaching.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["errors"]


def shipped_sentence(name: str, /, **values) -> str:
    """The sentence [errors] `name` from the words that come with NextRound."""
    return _shipped_errors()[name].format(**values)


def sentence(name: str, /, **values) -> str:
    """The sentence [errors] `name` from the words in use. An error message must never fail
    itself: if a coach's words cannot be read, the shipped sentence is said instead."""
    if _in_use is not None:
        try:
            return _in_use(f"errors.{name}", **values)
        except CoachingWordsError:
            pass
    return shipped_sentence(name, **values)


class JournalError(Exception):
    """Base class for every problem NextRound reports to a person."""


class JournalNotFound(JournalError):
    def __init__(self, path):
        self.path = path
        super().__init__(sentence("journal_not_found", path=path, folder=path.parent))


class NotAJournal(JournalError):
    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(sentence("not_a_journal", path=path, detail=detail))


class DamagedJournal(JournalError):
    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(sentence("damaged_journal", path=path, detail=detail))


class ReadOnlyJournal(JournalError):
    """Raised on a write to a journal that was opened read-only (e.g. from a newer version)."""


class ChangedElsewhere(JournalError):
    def __init__(self, table: str, row_id: int):
        self.table = table
        self.row_id = row_id
        super().__init__(sentence("changed_elsewhere"))


class BadValue(JournalError):
    """A value a field cannot hold; `problem` says why without naming the field (a backup's
    error names it by its path instead)."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(sentence("bad_value", field=field, problem=problem))


class BackupError(JournalError):
    """A backup document that cannot be restored; `path` names the offending field and
    `problem` says what is wrong with it."""

    def __init__(self, message: str, path: str = ""):
        self.field_path, self.problem = path, message
        super().__init__(f"{path}: {message}" if path else message)


class CoachingWordsError(JournalError):
    """A coaching words file (NEXTROUND_COACHING) that NextRound cannot use: one line naming
    the file and the key. Shown as that line in a notebook too, not as a traceback."""

    def __init__(self, path, key: str, problem: str):
        self.path, self.key, self.problem = path, key, problem
        if key:
            message = shipped_sentence("coaching_words", path=path, key=key, problem=problem)
        else:
            message = shipped_sentence("coaching_words_file", path=path, problem=problem)
        super().__init__(message)

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [str(self)]
