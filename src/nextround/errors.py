"""Errors a person can act on. Each message names the file and says what to do."""


class JournalError(Exception):
    """Base class for every problem NextRound reports to a person."""


class JournalNotFound(JournalError):
    def __init__(self, path):
        self.path = path
        super().__init__(
            f"No journal at {path}. Check the folder, or start a new journal there with "
            f"`nextround serve --data {path.parent}`."
        )


class NotAJournal(JournalError):
    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(
            f"{path} is not a NextRound journal ({detail}). It has not been changed. "
            "Choose another folder with --data, or move the file away and restore a backup "
            "with `nextround restore`."
        )


class DamagedJournal(JournalError):
    def __init__(self, path, detail: str):
        self.path = path
        super().__init__(
            f"The journal {path} is damaged ({detail}). It has not been changed. Keep a copy "
            "of it, then restore your latest backup into a new folder with "
            "`nextround restore BACKUP.json --data NEW_FOLDER`."
        )


class ReadOnlyJournal(JournalError):
    """Raised on a write to a journal that was opened read-only (e.g. from a newer version)."""


class ChangedElsewhere(JournalError):
    def __init__(self, table: str, row_id: int):
        self.table = table
        self.row_id = row_id
        super().__init__(
            "This entry was changed elsewhere (another tab or window) — reload to see the "
            "latest version. What you typed has not been saved and is still in the form."
        )


class BackupError(JournalError):
    """A backup document that cannot be restored; `path` names the offending field."""

    def __init__(self, message: str, path: str = ""):
        self.field_path = path
        super().__init__(f"{path}: {message}" if path else message)


class CoachingWordsError(JournalError):
    """A coaching words file (NEXTROUND_COACHING) that NextRound cannot use: one line naming
    the file and the key. Shown as that line in a notebook too, not as a traceback."""

    def __init__(self, path, key: str, problem: str):
        self.path, self.key, self.problem = path, key, problem
        where = f"{path}: {key} {problem}" if key else f"{path}: {problem}"
        super().__init__(f"The coaching words in {where}. Fix the file, or unset "
                         "NEXTROUND_COACHING to use the words that come with NextRound.")

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [str(self)]
