"""Journal tables as pandas DataFrames: the one place the analysis layer reads the store.

A page draws many charts from the same few tables, and every save asks each of them to look
again: each table is read once per change of the journal (`Journal.state`), and every caller
gets its own copy to work on.

Most charts need a few short columns of a big table (a stage's process and kind, not its
notes), and fetching text no chart uses is most of a read: a caller may name the `columns`
it needs. A table read with more columns serves a narrower request; a wider one fetches only
the columns not read yet.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from nextround.errors import JournalError
from nextround.rules.funnel import funnel_steps
from nextround.store import processes
from nextround.store.journal import Journal
from nextround.store.schema import COMMON, TABLES

if TYPE_CHECKING:
    import pandas as pd

# journal → (state token, {table name: frame}); forgotten with the journal.
_read: "weakref.WeakKeyDictionary[Journal, tuple[tuple[int, int], dict]]" = (
    weakref.WeakKeyDictionary())


def _declared(name: str) -> list[str]:
    return list(COMMON) + list(TABLES[name])


def _wanted(name: str, columns: Iterable[str] | None) -> list[str]:
    """The columns to hand out, in the table's own order; `id` always comes along."""
    declared = _declared(name)
    if columns is None:
        return declared
    asked = set(columns)
    unknown = asked - set(declared)
    if unknown:
        raise JournalError(f"{name} has no field {sorted(unknown)[0]!r}")
    asked.add("id")
    return [column for column in declared if column in asked]


def _read_table(journal: Journal, name: str, columns: list[str] | None = None) -> "pd.DataFrame":
    import pandas as pd

    columns = columns or _declared(name)
    rows = journal.records(f"SELECT {', '.join(columns)} FROM {name} ORDER BY id")
    frame = pd.DataFrame.from_records(rows, columns=columns)
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


def _widened(journal: Journal, name: str, frame: "pd.DataFrame | None", wanted: list[str],
             state: tuple[int, int]) -> "pd.DataFrame | None":
    """`frame` with the columns of `wanted` it lacks read beside it (or `wanted` read afresh
    when nothing is kept yet); None when the journal changed meanwhile, as columns read at
    two moments must never be put side by side."""
    import pandas as pd

    if frame is None:
        fresh = _read_table(journal, name, wanted)
    else:
        missing = [c for c in wanted if c not in frame.columns]
        extra = _read_table(journal, name, ["id", *missing])
        if not extra["id"].equals(frame["id"]):
            return None
        both = pd.concat([frame, extra.drop(columns="id")], axis=1)
        fresh = both[[c for c in _declared(name) if c in both.columns]]
    return fresh if journal.state == state else None


Columns = Iterable[str] | Mapping[str, Iterable[str]]


def table(journal: Journal, name: str, columns: Columns | None = None) -> "pd.DataFrame":
    """The rows of one table, in id order, with json list columns decoded and the declared
    columns present even when the table is empty: every column, or only `columns` (and `id`).

    `columns` may also map table names to columns (what an analysis says it reads); a table
    it does not name is read whole."""
    if name not in TABLES:
        raise JournalError(f"Unknown kind of entry: {name!r}")
    if isinstance(columns, Mapping):
        columns = columns.get(name)
    wanted = _wanted(name, columns)
    state = journal.state
    if state is None:  # inside a write: read afresh, keep nothing
        return _read_table(journal, name, wanted)
    seen = _read.get(journal)
    if seen is None or seen[0] != state:
        seen = (state, {})
        _read[journal] = seen
    frame = seen[1].get(name)
    if frame is None or not set(wanted) <= set(frame.columns):
        frame = _widened(journal, name, frame, wanted, state)
        if frame is None:  # changed while reading: one read of its own, kept for nobody
            return _read_table(journal, name, wanted)
        seen[1][name] = frame
    if len(wanted) == len(frame.columns):
        return frame.copy()
    return frame[wanted].copy()


def tables(journal: Journal, *names: str,
           columns: Mapping[str, Iterable[str]] | None = None) -> dict[str, "pd.DataFrame"]:
    """Several tables at once; `columns` names the columns needed of some of them (the
    others are read whole)."""
    return {name: table(journal, name, columns) for name in names}


REACHED = "reached"  # kept beside the tables, under a name no table has


def reached(journal: Journal) -> "pd.DataFrame":
    """How far each process got, by id: `process_id`, `reached` (funnel index) and
    `reached_name` (`store.processes.reached`, the one rule), read once per change."""
    import pandas as pd

    state = journal.state
    seen = _read.get(journal) if state is not None else None
    if seen is not None and seen[0] == state and REACHED in seen[1]:
        return seen[1][REACHED].copy()
    steps = funnel_steps()
    records = processes.reached(journal)
    frame = pd.DataFrame({"process_id": pd.Series([r[0] for r in records], dtype="int64"),
                          "reached": pd.Series([r[1] for r in records], dtype="int64")})
    frame["reached_name"] = [steps[i] for i in frame["reached"]]
    if state is not None and journal.state == state:
        if seen is None or seen[0] != state:
            seen = (state, {})
            _read[journal] = seen
        seen[1][REACHED] = frame
    return frame.copy()


def tag_counts(journal: Journal, name: str, column: str) -> "pd.Series":
    """How many rows of table `name` name each tag in the list column `column` (a tag named
    twice in one row counts once), counted by SQLite: no row is read into Python. The same
    answer as `analysis.feedback.tag_counts(table(journal, name)[column])`."""
    import pandas as pd

    if TABLES.get(name, {}).get(column) != "json":
        raise JournalError(f"{name}.{column} is not a list of tags")
    records = journal.records(
        f"SELECT tag.value, COUNT(DISTINCT row.id) FROM {name} AS row, json_each(row.{column}) "
        f"AS tag WHERE json_valid(row.{column}) AND tag.type = 'text' GROUP BY tag.value")
    counts = pd.Series({tag: count for tag, count in records}, dtype="int64")
    return counts.sort_values(ascending=False, kind="stable")
