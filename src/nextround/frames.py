"""Journal tables as pandas DataFrames: the one place the analysis layer reads the store.

A page draws many charts from the same few tables, and every save asks each of them to look
again: each table is read once per change of the journal (`Journal.state`), and every caller
gets its own copy to work on.
"""

from __future__ import annotations

import json
import weakref
from typing import TYPE_CHECKING

from nextround.errors import JournalError
from nextround.journal import Journal
from nextround.schema import COMMON, TABLES

if TYPE_CHECKING:
    import pandas as pd

# journal → (state token, {table name: frame}); forgotten with the journal.
_read: "weakref.WeakKeyDictionary[Journal, tuple[tuple[int, int], dict]]" = (
    weakref.WeakKeyDictionary())


def _read_table(journal: Journal, name: str) -> "pd.DataFrame":
    import pandas as pd

    columns = list(COMMON) + list(TABLES[name])
    rows = journal.query(f"SELECT {', '.join(columns)} FROM {name} ORDER BY id")
    frame = pd.DataFrame.from_records([tuple(row) for row in rows], columns=columns)
    if not rows:
        return frame
    for i, column in enumerate(columns):
        kind = TABLES[name].get(column)
        if kind == "json":
            # Lists repeat a lot (themes, skills): decode each distinct text once, and give
            # every row its own list.
            texts = [row[i] for row in rows]
            decoded = {text: json.loads(text) for text in set(texts) if text}
            frame[column] = pd.Series([list(decoded[t]) if t else [] for t in texts],
                                      index=frame.index, dtype=object)
        elif kind == "bool":
            frame[column] = [None if row[i] is None else bool(row[i]) for row in rows]
    return frame


def table(journal: Journal, name: str) -> "pd.DataFrame":
    """Every row of one table, with json list columns decoded and the declared columns present
    even when the table is empty."""
    if name not in TABLES:
        raise JournalError(f"Unknown kind of entry: {name!r}")
    state = journal.state
    if state is None:  # inside a write: read afresh, keep nothing
        return _read_table(journal, name)
    seen = _read.get(journal)
    if seen is None or seen[0] != state:
        seen = (state, {})
        _read[journal] = seen
    frame = seen[1].get(name)
    if frame is None:
        frame = seen[1][name] = _read_table(journal, name)
    return frame.copy()


def tables(journal: Journal, *names: str) -> dict[str, "pd.DataFrame"]:
    return {name: table(journal, name) for name in names}
