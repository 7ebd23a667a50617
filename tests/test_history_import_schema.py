"""The journal's second format: where an imported process came from, kept by every backup,
with journals and backups of the first format still read."""

from __future__ import annotations

import copy
import json
import sqlite3

import pytest

from nextround.documents.backup import export_backup, parse_backup, restore_backup, shipped_schema
from nextround.errors import BackupError
from nextround.store.journal import Journal
from nextround.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations
from nextround.store.schema import ADDED_TABLES


def test_the_second_format_adds_where_a_process_was_imported_from():
    assert SCHEMA_VERSION == 2
    assert [n for n, _ in migrations()] == [1, 2]
    defs = shipped_schema()["$defs"]["processes"]
    assert "imported_from" in defs["required"]
    assert defs["properties"]["imported_from"] == {"type": ["string", "null"],
                                                   "maxLength": 100000,
                                                   "description": "text (or null)"}


def test_a_first_format_journal_is_migrated_and_keeps_its_processes(tmp_path):
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.executescript(migrations()[0][1])
    conn.execute("INSERT INTO processes (company, created_at, updated_at) VALUES "
                 "('Acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Journal.open(path) as journal:
        assert journal.schema_version == 2
        assert [(p["company"], p["imported_from"]) for p in journal.rows("processes")] == [
            ("Acme", None)]


def backup_with_import(journal) -> dict:
    journal.add("processes", company="Acme", imported_from="applications.csv")
    return export_backup(journal)


def test_where_a_process_came_from_round_trips_through_a_backup(journal, tmp_path):
    doc = backup_with_import(journal)
    assert doc["tables"]["processes"][0]["imported_from"] == "applications.csv"
    with Journal.open(tmp_path / "other" / "journal.sqlite3", create=True) as other:
        restore_backup(other, parse_backup(json.dumps(doc)))
        assert other.rows("processes")[0]["imported_from"] == "applications.csv"


def first_format(doc: dict) -> dict:
    old = copy.deepcopy(doc)
    old["schema_version"] = 1
    for row in old["tables"]["processes"]:
        del row["imported_from"]
    for table in ADDED_TABLES[2]:
        del old["tables"][table]
    return old


def test_a_first_format_backup_still_restores(journal, tmp_path):
    old = first_format(backup_with_import(journal))
    with Journal.open(tmp_path / "other" / "journal.sqlite3", create=True) as other:
        restore_backup(other, parse_backup(json.dumps(old)))
        assert [(p["company"], p["imported_from"]) for p in other.rows("processes")] == [
            ("Acme", None)]
        assert export_backup(other)["schema_version"] == 2


def test_a_first_format_backup_with_the_new_field_is_refused(journal):
    old = first_format(backup_with_import(journal))
    old["tables"]["processes"][0]["imported_from"] = "sneaked.csv"
    with pytest.raises(BackupError) as caught:
        parse_backup(json.dumps(old))
    assert str(caught.value) == ("tables.processes[0].imported_from: unknown field "
                                 "'imported_from' (a backup of journal format 1 has no such field)")


def test_a_second_format_backup_missing_the_field_is_refused(journal):
    doc = backup_with_import(journal)
    del doc["tables"]["processes"][0]["imported_from"]
    with pytest.raises(BackupError) as caught:
        parse_backup(json.dumps(doc))
    assert str(caught.value) == "tables.processes[0]: the field 'imported_from' is missing"
