"""Journal tables as pandas DataFrames: the one place the analysis layer reads the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nextround.journal import Journal
from nextround.schema import COMMON, TABLES

if TYPE_CHECKING:
    import pandas as pd


def table(journal: Journal, name: str) -> "pd.DataFrame":
    """Every row of one table, with json list columns decoded and the declared columns present
    even when the table is empty."""
    import pandas as pd

    columns = list(COMMON) + list(TABLES[name])
    rows = journal.rows(name)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame


def tables(journal: Journal, *names: str) -> dict[str, "pd.DataFrame"]:
    return {name: table(journal, name) for name in names}
