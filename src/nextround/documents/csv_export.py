"""CSV export: one spreadsheet-friendly file per kind of entry.

- UTF-8 with a byte order mark, so spreadsheet programs detect the encoding;
- lists of texts are joined with "; ";
- text that a spreadsheet would run as a formula is prefixed with a single quote (OWASP
  CSV injection advice); numbers, including negative ones, are left as numbers;
- each file is written atomically and readable only by its owner.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from nextround.documents.backup import atomic_write_bytes, columns, consistent_read
from nextround.store.schema import COMMON, TABLE_ORDER, TABLES

LIST_SEPARATOR = "; "
# Characters that make a spreadsheet cell a formula (OWASP), plus their full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet would treat as a formula with a single quote."""
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _cell(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind == "json":
        return neutralise(LIST_SEPARATOR.join(value))
    if kind == "text":
        return neutralise(value)
    if kind == "bool":
        return "true" if value else "false"
    return value  # numbers, dates and times as they are


def table_csv(journal, table: str) -> str:
    """One table as CSV text (without the byte order mark)."""
    cols = columns(table)
    kinds = [COMMON.get(c) or TABLES[table][c] for c in cols]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(cols)
    for row in journal.rows(table):
        writer.writerow([_cell(k, row[c]) for c, k in zip(cols, kinds)])
    return out.getvalue()


def export_csv(journal, folder: str | os.PathLike) -> list[Path]:
    """Write `<table>.csv` into `folder` for every table that has entries (not settings).

    The folder is created (0700) if missing. Returns the files written, in table order.
    Files of tables that are now empty, left by an earlier export, are not touched.
    """
    folder = Path(folder).expanduser().absolute()
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    contents = {}
    with consistent_read(journal):
        for table in TABLE_ORDER:
            if table != "settings" and journal.count(table):
                contents[table] = table_csv(journal, table).encode("utf-8-sig")
    return [atomic_write_bytes(folder / f"{table}.csv", data) for table, data in contents.items()]
