"""NextRound: a coaching workbook that turns an interview rejection into a plan for the next round.

The package is deliberately light to import: pandas, plotly and ipywidgets load only when a
chart, an analysis or a workbook asks for them.
"""

from nextround.errors import (
    BackupError,
    ChangedElsewhere,
    DamagedJournal,
    JournalError,
    JournalNotFound,
    NotAJournal,
    ReadOnlyJournal,
)
from nextround.paths import journal_path
from nextround.store.journal import Journal, open_journal

__version__ = "0.1.0"

__all__ = [
    "BackupError",
    "ChangedElsewhere",
    "DamagedJournal",
    "Journal",
    "JournalError",
    "JournalNotFound",
    "NotAJournal",
    "ReadOnlyJournal",
    "journal_path",
    "open_journal",
]
