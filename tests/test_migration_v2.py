"""Journal format 2 on every earlier form: journals and backups of the previous release.

The previous release is run from `tests/fixtures/release_0_1_0` (see `released.py`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import released
from nextround.store import contacts, upcoming
from nextround.documents.backup import backup_text, parse_backup, restore_backup
from nextround.errors import BackupError
from nextround.store.journal import Journal
from nextround.store.schema import SCHEMA_VERSION, TABLE_ORDER

NEW_TABLES = ["contacts", "upcoming_interviews", "contact_links"]


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def assert_migrated_intact(path: Path, before: dict) -> None:
    with Journal.open(path) as j:
        assert not j.read_only and j.schema_version == SCHEMA_VERSION == 2
        assert j.integrity_ok() and j.query("PRAGMA foreign_key_check") == []
        for table in NEW_TABLES:
            assert j.count(table) == 0
    assert released.raw_tables(path) == before  # every row, every id, every value


def test_the_previous_releases_demo_journal_migrates_with_every_row_kept(tmp_path):
    path = released.demo_v1_journal(tmp_path / "v1")
    assert user_version(path) == 1
    before = released.raw_tables(path)
    assert len(before["questions"]) == 4 and len(before["practice_reviews"]) == 8
    assert_migrated_intact(path, before)


def test_after_the_migration_a_removed_stage_leaves_its_questions(tmp_path):
    path = released.demo_v1_journal(tmp_path / "v1")
    with Journal.open(path) as j:
        linked = j.query("SELECT id, stage_id FROM questions WHERE stage_id IS NOT NULL")
        assert linked, "the demo has questions logged against a stage"
        question_id, stage_id = linked[0]
        answers = j.count("answer_versions")
        j.delete("stages", stage_id)
        assert j.get("questions", question_id)["stage_id"] is None
        assert j.count("answer_versions") == answers


def test_a_migrated_journal_has_the_same_schema_as_a_new_one(tmp_path):
    old = released.demo_v1_journal(tmp_path / "v1")
    Journal.open(old).close()
    Journal.open(tmp_path / "new" / "journal.sqlite3", create=True).close()

    def schema(path):
        conn = sqlite3.connect(path)
        try:
            return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                       "WHERE name NOT LIKE 'sqlite_%'").fetchall())
        finally:
            conn.close()

    assert schema(old) == schema(tmp_path / "new" / "journal.sqlite3")


@pytest.mark.slow
def test_a_ten_thousand_process_journal_of_the_previous_release_migrates_intact(tmp_path):
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        import synthetic_journal
    finally:
        sys.path.pop(0)
    path = released.new_v1_journal(tmp_path / "big" / "journal.sqlite3")
    with released.open_v1(path) as j:
        counts = synthetic_journal.build(j, 10_000, today=dt.date(2026, 3, 1))
    assert counts["processes"] == 10_000 and user_version(path) == 1
    before = released.raw_tables(path)
    assert sum(map(len, before.values())) > 100_000
    assert_migrated_intact(path, before)


# ----------------------------------------------------------------------- backups
def test_a_backup_of_the_previous_release_restores_into_format_two(journal):
    doc = parse_backup(released.DEMO_BACKUP.read_bytes())
    assert doc["schema_version"] == 2 and all(doc["tables"][t] == [] for t in NEW_TABLES)
    restore_backup(journal, doc)
    original = json.loads(released.DEMO_BACKUP.read_text(encoding="utf-8"))
    for table in released.V1_TABLES:
        rows = journal.rows(table)
        assert len(rows) == len(original["tables"][table]), table
        for stored, row in zip(rows, original["tables"][table]):
            assert {k: stored[k] for k in row} == row, table  # every field as written


def test_nextround_restore_of_a_backup_written_by_the_previous_release(tmp_path):
    done = subprocess.run([sys.executable, "-m", "nextround.cli", "restore",
                           str(released.DEMO_BACKUP), "--data", str(tmp_path / "d")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Restored {released.DEMO_BACKUP} into ")
    path = tmp_path / "d" / "journal.sqlite3"
    assert user_version(path) == SCHEMA_VERSION
    original = json.loads(released.DEMO_BACKUP.read_text(encoding="utf-8"))
    with Journal.open(path) as j:
        for table in released.V1_TABLES:
            assert [r["id"] for r in j.rows(table)] == [r["id"] for r in original["tables"][table]]
        assert j.rows("processes")[0]["company"] == original["tables"]["processes"][0]["company"]


def test_a_format_one_backup_that_has_a_format_two_table_is_refused(journal):
    doc = json.loads(released.DEMO_BACKUP.read_text(encoding="utf-8"))
    doc["tables"]["contacts"] = []
    with pytest.raises(BackupError) as caught:
        restore_backup(journal, doc)
    assert caught.value.field_path == "tables.contacts"
    assert journal.is_empty()


def _filled_v2(journal) -> None:
    from nextround.demo import write_demo

    write_demo(journal, today=dt.date(2026, 3, 1))
    contacts.add_contact(journal, "<script>alert(1)</script>", notes="=SUM(A1:A9) $80k")


def test_contacts_and_upcoming_interviews_round_trip_through_a_backup(journal, tmp_path):
    _filled_v2(journal)
    assert all(journal.count(t) for t in NEW_TABLES)
    text = backup_text(journal)
    other = Journal.open(tmp_path / "other" / "journal.sqlite3", create=True)
    try:
        restore_backup(other, parse_backup(text))
        for table in TABLE_ORDER:
            assert other.rows(table) == journal.rows(table), table
    finally:
        other.close()


def test_a_format_two_backup_is_refused_by_the_previous_release_with_a_clear_message(journal, tmp_path):
    _filled_v2(journal)
    backup = tmp_path / "v2.json"
    backup.write_text(backup_text(journal), encoding="utf-8")
    done = released.run("restore", str(backup), "--data", str(tmp_path / "old"))
    assert done.returncode != 0
    assert done.stderr.strip() == (
        "nextround: schema_version: This backup was made by a newer version of NextRound (journal "
        "format 2; this "
        "version reads up to 1). Upgrade NextRound (pip install -U nextround) to restore it.")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "old" / "journal.sqlite3").exists()  # refused before anything was made


def test_a_format_two_journal_opens_read_only_in_the_previous_release(journal):
    _filled_v2(journal)
    path = journal.path
    journal.close()
    code = (f"from nextround.journal import Journal\n"
            f"j = Journal.open({str(path)!r})\n"
            f"print(j.read_only, j.read_only_reason)\n"
            f"print(j.count('processes'))")
    done = released.run(code=code)
    assert done.returncode == 0, done.stderr
    first, count = done.stdout.strip().splitlines()
    assert first.startswith("True ")
    assert "written by a newer version of NextRound (journal format 2; this version reads up to 1)" in first
    assert count == "11"
    assert user_version(path) == 2
