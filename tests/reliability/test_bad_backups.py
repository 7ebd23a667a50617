"""Bad backups, generated from the schema: every field of every table gets every wrong type.

`tests/test_backup.py` has one hand-written case per kind of mistake; this file makes sure no
field was forgotten. Each bad document must be refused with the path of the field at fault
(`tables.<table>[1].<field>`), both from the file's bytes and when handed over already parsed,
and nothing may be written to the journal: not a row, not even an attempt.
"""

from __future__ import annotations

import copy
import json

import pytest

from nextround.documents.backup import MAX_LIST_ITEMS, MAX_TEXT_CHARS, export_backup, parse_backup, restore_backup
from nextround.errors import BackupError
from nextround.store.journal import Journal
from nextround.store.schema import COMMON, TABLE_ORDER, TABLES

from .conftest import fill_every_table

ROW = 1  # the second entry of each table, so the index in the path is checked too

WRONG = {
    "text": [5, 1.5, True, [], {}, ["a list"]],
    "int": ["1", 1.5, True, [], {}, "one"],
    "ref": ["1", 1.5, True, [], {}, 0, -3],
    "real": ["1.5", True, [], {}],
    "bool": [1, 0, "true", [], {}],
    "date": [20260115, "15/01/2026", "2026-02-30", "2026-3-2", True, [], {}],
    "datetime": [5, "yesterday", "2026-03-02 25:00", True, [], {}],
    "stamp": [None, 5, "yesterday", "2026-03-02 25:00", True, []],
    "json": ["a", 5, {}, [5], [None], [["nested"]], [{"a": 1}]],
    "id": [None, 0, -1, "1", 1.5, True, 2**63],
    "rev": [None, 0, "1", 1.5, False],
}

FIGURES = {"documents": 0}


def kind_of(table: str, field: str) -> str:
    if field in ("id", "rev"):
        return field
    if field in COMMON:
        return "stamp"  # created_at, updated_at: never empty
    kind = COMMON.get(field) or TABLES[table][field]
    return "ref" if kind.startswith("ref:") else kind


def every_field():
    return [(t, f) for t in TABLE_ORDER for f in [*COMMON, *TABLES[t]]]


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    with Journal.open(tmp_path_factory.mktemp("good") / "journal.sqlite3", create=True) as j:
        fill_every_table(j, rows=2)
        j.set_setting("current_process", 1)
        j.set_setting("name", "Sam")
        doc = export_backup(j)
    assert all(len(doc["tables"][t]) >= 2 for t in TABLE_ORDER)
    parse_backup(json.dumps(doc))  # the starting point itself is fine
    return doc


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """One journal with entries, that every refused restore must leave alone."""
    with Journal.open(tmp_path_factory.mktemp("target") / "journal.sqlite3", create=True) as j:
        fill_every_table(j, lambda t, f: f"mine: {f}")
        before = {t: j.rows(t) for t in TABLE_ORDER}
        yield j, before


def refused(doc: dict, target, where: str, raw: bytes | None = None,
            as_data: bool = True) -> BackupError:
    """Assert `doc` is refused from bytes (and as parsed data), naming `where`; nothing written."""
    journal, before = target
    changes = journal._conn.total_changes
    data = raw if raw is not None else json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with pytest.raises(BackupError) as from_bytes:
        parse_backup(data)
    assert from_bytes.value.field_path.startswith(where), (where, str(from_bytes.value))
    assert str(from_bytes.value).startswith(where)
    if raw is None and as_data:
        with pytest.raises(BackupError) as from_data:
            restore_backup(journal, copy.deepcopy(doc), replace=True)
        assert from_data.value.field_path.startswith(where), str(from_data.value)
    assert journal._conn.total_changes == changes, "a refused backup wrote something"
    assert not list(journal.path.parent.glob("*before-restore*"))
    FIGURES["documents"] += 1
    return from_bytes.value


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_every_wrong_type_in_every_field_is_refused_with_its_path(good, target, table):
    tried = 0
    for field in [*COMMON, *TABLES[table]]:
        for n, value in enumerate(WRONG[kind_of(table, field)]):
            doc = copy.deepcopy(good)
            doc["tables"][table][ROW][field] = value
            where = f"tables.{table}[{ROW}].{field}"
            # Restoring already-parsed data runs the same checks: tried once per field.
            error = refused(doc, target, where, as_data=n == 0)
            assert "must" in str(error) or "range" in str(error) or "calendar" in str(error), (
                where, value, str(error))
            tried += 1
    assert tried >= 4 * (len(TABLES[table]) + len(COMMON))
    journal, before = target
    assert {t: journal.rows(t) for t in TABLE_ORDER} == before


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_every_field_missing_or_unknown_is_refused(good, target, table):
    for field in [*COMMON, *TABLES[table]]:
        doc = copy.deepcopy(good)
        del doc["tables"][table][ROW][field]
        error = refused(doc, target, f"tables.{table}[{ROW}]")
        assert repr(field) in str(error) and "missing" in str(error)
    doc = copy.deepcopy(good)
    doc["tables"][table][ROW]["salary"] = 100_000
    refused(doc, target, f"tables.{table}[{ROW}].salary")


def test_every_text_too_long_and_every_list_too_long(good, target):
    for table, field in every_field():
        kind = kind_of(table, field)
        if kind == "text":
            value = "é" * (MAX_TEXT_CHARS + 1)
            where = f"tables.{table}[{ROW}].{field}"
        elif kind == "json":
            value = ["x"] * (MAX_LIST_ITEMS + 1)
            where = f"tables.{table}[{ROW}].{field}"
        else:
            continue
        doc = copy.deepcopy(good)
        doc["tables"][table][ROW][field] = value
        error = refused(doc, target, where)
        assert "too long" in str(error) or "too many" in str(error)
    # and a list item that is too long, in every list field
    for table, field in every_field():
        if kind_of(table, field) == "json":
            doc = copy.deepcopy(good)
            doc["tables"][table][ROW][field] = ["ok", "b" * (MAX_TEXT_CHARS + 1)]
            refused(doc, target, f"tables.{table}[{ROW}].{field}[1]")


def test_a_duplicate_key_in_every_table_names_its_field(good, target):
    for table in TABLE_ORDER:
        field = list(TABLES[table])[-1]
        text = json.dumps(good, ensure_ascii=False)
        row = json.dumps(good["tables"][table][ROW], ensure_ascii=False)
        assert text.count(row) == 1
        doubled = row[:-1] + f", {json.dumps(field)}: null}}"
        raw = text.replace(row, doubled).encode("utf-8")
        error = refused(good, target, f"tables.{table}[{ROW}].{field}", raw=raw)
        assert "appears twice" in str(error)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_does_not_allow_name_their_field(good, target, literal):
    for table, field in every_field():
        if kind_of(table, field) not in ("int", "real", "ref"):
            continue
        marker = "__number_here__"
        doc = copy.deepcopy(good)
        doc["tables"][table][ROW][field] = marker
        raw = json.dumps(doc, ensure_ascii=False).replace(f'"{marker}"', literal).encode()
        error = refused(good, target, f"tables.{table}[{ROW}].{field}", raw=raw)
        assert literal.lstrip("-").replace("1e400", "too large") in str(error)


def test_deep_nesting_and_huge_documents_inside_a_field(good, target):
    doc = copy.deepcopy(good)
    text = json.dumps(doc)
    deep = "[" * 10_000 + "]" * 10_000
    assert '"processes.company"' in text
    raw = text.replace('"processes.company"', deep, 1).encode()
    with pytest.raises(BackupError, match="nested"):
        parse_backup(raw)
    doc["tables"]["processes"][ROW]["notes"] = json.loads("[" * 40 + "]" * 40)
    refused(doc, target, "tables.processes")
    FIGURES["documents"] += 1


def test_report_figures(capsys):
    if not FIGURES["documents"]:
        pytest.skip("run with the other tests of this file to see the figures")
    with capsys.disabled():
        print(f"\nbad backups: {FIGURES['documents']} documents refused, each naming its field; "
              "nothing written")
