"""Bringing your history: past applications imported from a spreadsheet or another tracker.

The steps, each in its own module, used alike by Start here and `nextround import`:

    table = read_table(name, data)        # reading: CSV or .xlsx, sizes checked first
    mapping = propose(table)              # mapping: columns, statuses, stages guessed
    plan = check(table, mapping)          # checking: every row, nothing written
    result = write(journal, plan)         # writing: one transaction, re-imports add nothing

A person may change the mapping between `propose` and `check` (Start here's dropdowns, or
a mapping file given with `--mapping`, read by `parse_mapping` and `apply_mapping`).
"""

from nextround.documents.history_import.checking import Draft, Plan, check, process_key
from nextround.documents.history_import.known_exports import KNOWN_EXPORTS, KnownExport, recognise
from nextround.documents.history_import.mapping import (
    DATE_ORDERS, Mapping, apply_mapping, mapping_text, parse_mapping, propose,
)
from nextround.documents.history_import.reading import (
    MAX_BYTES, MAX_ROWS, ImportFileError, Table, file_name, read_table, size_text,
)
from nextround.documents.history_import.writing import Result, preview, result_text, write

__all__ = [
    "DATE_ORDERS", "Draft", "ImportFileError", "KNOWN_EXPORTS", "KnownExport", "MAX_BYTES",
    "MAX_ROWS", "Mapping", "Plan", "Result", "Table", "apply_mapping", "check", "file_name",
    "mapping_text", "parse_mapping", "preview", "process_key", "propose", "read_table",
    "recognise", "result_text", "size_text", "write",
]
