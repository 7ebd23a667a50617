"""Backups: deterministic export, atomic writes, a strict reader and an all-or-nothing restore."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from nextround.documents import backup
from nextround.documents.backup import (
    MAX_BACKUP_BYTES,
    backup_text,
    export_backup,
    generate_schema,
    parse_backup,
    restore_backup,
    write_backup,
)
from nextround.errors import BackupError, JournalError
from nextround.store.journal import Journal
from nextround.store.schema import COMMON, TABLE_ORDER, TABLES

LONG_NOTE = "long note ✍ " * (100_000 // 12) + "x" * (100_000 % 12)
assert len(LONG_NOTE) == 100_000


def fill(j: Journal) -> None:
    """At least one entry in every table, with text that has tripped up exporters before."""
    j.set_setting("theme", "dark 🌙")
    p1 = j.add("processes", company="Acme 🚀", role="Data engineer", applied_on="2026-01-15",
               outcome="rejected", notes=LONG_NOTE, fit_note="<script>alert(1)</script>")
    p2 = j.add("processes", company="شركة المستقبل", role="مهندس",
               category="=SUM(A1)",
               applied_via="+44 20 7946 0958", notes="$80k base\nline two\r\n\"quoted\", comma")
    p3 = j.add("processes", company="Zed", outcome="in progress")
    j.update("processes", p3["id"], p3["rev"], role="-lead", company=None)  # rev 2, no company
    j.add("process_events", process_id=p1["id"], happened_on="2026-02-01", outcome="rejected",
          note="@channel")
    s1 = j.add("stages", process_id=p1["id"], position=1, kind="phone screen",
               held_on="2026-01-20", interviewers="Ana, Bo", format="video", outcome="passed")
    s2 = j.add("stages", process_id=p1["id"], position=2, kind="onsite", notes="\tindented")
    j.add("preparations", process_id=p1["id"], company_research=3, role_requirements=-1,
          interviewers=0, examples=4, technical_practice=2, questions_to_ask=1, logistics=5,
          enough="mostly", why="ran out of time")
    j.add("reflections", stage_id=s1["id"], went_well="rapport", do_differently="=1+1",
          technical_share=60, soft_skills=["listening", "=cmd|' /C calc'!A0"], self_rating=3,
          themes=["system design", "נושא"])
    j.add("takeaways", process_id=p1["id"], position=1, text="Practise SQL", theme="technical")
    req = j.add("feedback_requests", process_id=p1["id"], person_name="Ana", person_role="HR",
                channel="email", address="ana@example.com", tone="warm", message="Hi 👋",
                status="sent", sent_on="2026-02-02", follow_up_on="2026-02-09")
    j.add("feedback_points", process_id=p1["id"], request_id=req["id"], received_on="2026-02-10",
          text="More depth on trade-offs", themes=["system design"], surprise=True, action="read")
    j.add("feedback_points", process_id=p1["id"], text="nothing", surprise=False)
    j.add("reasons", process_id=p1["id"], text="went with an internal candidate",
          source="recruiter", control="outside my control")
    j.add("reasons", text="no process")
    v = j.add("work_values", name="autonomy", weight=5, position=1)
    j.add("fit_ratings", process_id=p2["id"], value_id=v["id"], rating=-2)
    j.add("target_roles", role="Staff engineer", must_haves=["remote", "$80k"],
          deal_breakers=[])
    q = j.add("questions", process_id=p1["id"], stage_id=s2["id"], text="Tell me about a conflict",
              category="behavioural", answered_then="rambled")
    j.add("questions", text="Why us?")
    j.add("answer_versions", question_id=q["id"], situation="S", task="T", action="A",
          result="-20% latency", learned="x")
    j.add("practice_cards", question_id=q["id"], card='{"due": 1}', due_at="2026-03-01T09:00:00Z")
    j.add("practice_reviews", question_id=q["id"], reviewed_at="2026-03-01T09:05:00Z", rating=3,
          confidence=4)
    g = j.add("goals", title="SQL window functions", deadline="2026-04-30", source="takeaway",
              source_id=1, progress=40, status="active")
    j.add("learning_sessions", goal_id=g["id"], held_on="2026-03-02", minutes=45, note="ok")
    t = j.add("topics", name="Caching", sources="DDIA ch. 5")
    j.add("topic_notes", topic_id=t["id"], noted_on="2026-03-03", text="write-through vs back")
    c = j.add("contacts", name="Ana 👋", name_key="ana 👋", kind="=HR", company="Acme 🚀",
              address="ana@example.com", notes="<b>met twice</b>")
    u = j.add("upcoming_interviews", company="شركة المستقبل", role="-lead", held_on="2026-03-10",
              starts_at="09:30", timezone="Asia/Dubai", minutes=45, kind="onsite",
              format="video", people="Ana, Bo", notes="$80k", ticked=["logistics"],
              status="upcoming", process_id=p2["id"])
    j.add("contact_links", contact_id=c["id"], process_id=p1["id"], stage_id=s1["id"],
          request_id=req["id"], upcoming_id=u["id"], role="interviewer")
    j.delete("stages", j.add("stages", process_id=p2["id"])["id"])  # leaves a gap in the ids


@pytest.fixture
def journal(tmp_path):
    j = Journal.open(tmp_path / "a" / "journal.sqlite3", create=True)
    fill(j)
    yield j
    j.close()


@pytest.fixture
def empty(tmp_path):
    j = Journal.open(tmp_path / "b" / "journal.sqlite3", create=True)
    yield j
    j.close()


def without_time(doc):
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    return doc


def state(j: Journal) -> dict:
    return {t: j.rows(t) for t in TABLE_ORDER}


# ---------------------------------------------------------------- schema
def test_shipped_schema_is_generated_from_the_tables():
    shipped = Path(backup.__file__).with_name("backup.schema.json")
    assert json.loads(shipped.read_text(encoding="utf-8")) == generate_schema()
    assert shipped.read_text(encoding="utf-8") == backup.schema_text(), (
        "run `python -m nextround.documents.backup` to regenerate backup.schema.json")
    Draft202012Validator.check_schema(generate_schema())


def test_columns_match_the_database(journal):
    for table in TABLE_ORDER:
        info = [r["name"] for r in journal.query(f"PRAGMA table_info({table})")]
        assert info == backup.columns(table)


# ---------------------------------------------------------------- export
def test_backup_has_every_table_and_column_in_order(journal):
    doc = export_backup(journal)
    assert list(doc) == ["format", "format_version", "schema_version", "exported_at", "tables"]
    assert doc["format"] == "nextround-backup" and doc["format_version"] == 1
    assert doc["schema_version"] == journal.schema_version
    assert list(doc["tables"]) == TABLE_ORDER
    for table in TABLE_ORDER:
        rows = doc["tables"][table]
        assert rows, f"fill() should put an entry in {table}"
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
        for row in rows:
            assert list(row) == [*COMMON, *TABLES[table]]
    refl = doc["tables"]["reflections"][0]
    assert refl["themes"] == ["system design", "נושא"]
    assert doc["tables"]["feedback_points"][0]["surprise"] is True
    assert doc["tables"]["processes"][0]["applied_on"] == "2026-01-15"
    assert doc["tables"]["processes"][0]["notes"] == LONG_NOTE


def test_backup_text_is_readable_json(journal):
    text = backup_text(journal)
    assert "Acme 🚀" in text and "\\ud83d" not in text  # ensure_ascii=False
    assert text.startswith('{\n  "format": "nextround-backup"')
    assert parse_backup(text)["tables"] == export_backup(journal)["tables"]


def test_round_trip_is_identical(journal, empty):
    before = export_backup(journal)
    data = backup_text(journal).encode("utf-8")
    assert restore_backup(empty, parse_backup(data)) is None
    after = export_backup(empty)
    assert without_time(after) == without_time(before)
    assert state(empty) == state(journal)
    # new entries continue after the restored ids
    new = empty.add("processes", company="next")
    assert new["id"] > max(r["id"] for r in before["tables"]["processes"])


def test_write_backup_is_private_and_atomic(journal, tmp_path, monkeypatch):
    target = tmp_path / "out" / "backup.json"
    target.parent.mkdir()
    write_backup(journal, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_bytes()
    assert without_time(parse_backup(first)) == without_time(export_backup(journal))

    journal.add("processes", company="later")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", broken_replace)
    with pytest.raises(BackupError, match="unchanged"):
        write_backup(journal, target)
    assert target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.json"]


def test_a_backup_that_could_not_be_restored_is_refused(journal, tmp_path):
    # Saves refuse such a text now; a journal written before they did may still hold one.
    row = journal.add("processes", company="x")
    with journal.transaction() as conn:
        conn.execute("UPDATE processes SET company = ? WHERE id = ?", ("x" * 100_001, row["id"]))
    with pytest.raises(BackupError, match=r"tables\.processes\[\d+\]\.company"):
        write_backup(journal, tmp_path / "b.json")
    assert not (tmp_path / "b.json").exists()


# ---------------------------------------------------------------- restore
def test_restore_refuses_a_journal_with_entries(journal, tmp_path):
    doc = export_backup(journal)
    before = state(journal)
    with pytest.raises(BackupError, match="already has entries"):
        restore_backup(journal, doc)
    assert state(journal) == before
    assert not list(journal.path.parent.glob("*before-restore*"))


def test_restore_into_a_journal_with_only_settings(journal, empty):
    empty.set_setting("theme", "light")
    restore_backup(empty, export_backup(journal))
    assert empty.setting("theme") == "dark 🌙"


def test_replace_keeps_a_safety_copy(journal, tmp_path):
    other = Journal.open(tmp_path / "c" / "journal.sqlite3", create=True)
    other.add("processes", company="Other Co")
    doc = export_backup(other)
    before = without_time(export_backup(journal))
    seen = []
    journal.subscribe(seen.append)

    safety = restore_backup(journal, doc, replace=True)

    assert safety is not None and safety.parent == journal.path.parent
    assert safety.name.startswith("journal-before-restore-") and safety.suffix == ".sqlite3"
    assert stat.S_IMODE(safety.stat().st_mode) == 0o600
    assert [r["company"] for r in journal.rows("processes")] == ["Other Co"]
    assert journal.count("stages") == 0
    assert seen and "processes" in seen[-1] and "stages" in seen[-1]
    with Journal.open(safety) as copy_:
        assert without_time(export_backup(copy_)) == before
    # a second replace within the same second gets its own copy
    second = restore_backup(journal, doc, replace=True)
    assert second != safety and second.exists() and safety.exists()
    other.close()


def test_failed_restore_changes_nothing_and_keeps_no_copy(journal, monkeypatch):
    doc = export_backup(journal)
    doc["tables"]["preparations"].append(
        dict(doc["tables"]["preparations"][0], id=999))  # same process_id: UNIQUE fails
    before = state(journal)
    with pytest.raises(BackupError) as info:
        restore_backup(journal, doc, replace=True)
    assert info.value.field_path == "tables.preparations[1]"
    assert state(journal) == before
    assert not list(journal.path.parent.glob("*before-restore*"))


def test_journal_copy_inside_a_write_is_refused_not_hung(journal, tmp_path):
    with journal.transaction():
        with pytest.raises(JournalError, match="middle of a write"):
            journal.backup_to(tmp_path / "copy.sqlite3")
    journal.backup_to(tmp_path / "copy.sqlite3")
    assert stat.S_IMODE((tmp_path / "copy.sqlite3").stat().st_mode) == 0o600


def test_restore_into_read_only_journal(journal, empty, monkeypatch):
    monkeypatch.setattr(empty, "read_only_reason", "opened read-only for the test")
    with pytest.raises(BackupError, match="read-only"):
        restore_backup(empty, export_backup(journal))


# ---------------------------------------------------------------- adversarial input
@pytest.fixture(scope="module")
def good_doc(tmp_path_factory):
    j = Journal.open(tmp_path_factory.mktemp("good") / "journal.sqlite3", create=True)
    fill(j)
    doc = export_backup(j)
    j.close()
    return doc


def mutated(doc, change):
    doc = copy.deepcopy(doc)
    change(doc)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def setitem(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def delitem(path):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _text(good_doc):
    return json.dumps(good_doc, ensure_ascii=False)


P = ("tables", "processes", 0)

CASES = {
    # name: (make bytes from the good document, expected field path or None, words in message)
    "truncated": (lambda d: _text(d)[:-40].encode(), "", "cut off"),
    "not json": (lambda d: b"company,role\nAcme,engineer\n", "", "not valid JSON"),
    "empty": (lambda d: b"", "", "empty"),
    "not utf-8": (lambda d: _text(d).encode("latin-1", "replace").replace(b"Acme", b"Acm\xe9"),
                  "", "not UTF-8"),
    "utf-16": (lambda d: _text(d).encode("utf-16"), "", "UTF-16"),
    "json array": (lambda d: b"[1, 2]", "", "must be a JSON object"),
    "wrong format": (lambda d: mutated(d, setitem(("format",), "something-else")), "format",
                     "not a NextRound backup"),
    "missing format": (lambda d: mutated(d, delitem(("format",))), "format",
                       "not a NextRound backup"),
    "newer format_version": (lambda d: mutated(d, setitem(("format_version",), 2)),
                             "format_version", "made by a newer version"),
    "newer schema_version": (lambda d: mutated(d, setitem(("schema_version",), 99)),
                             "schema_version", "made by a newer version"),
    "format_version as text": (lambda d: mutated(d, setitem(("format_version",), "1")),
                               "format_version", "must be 1"),
    "NaN": (lambda d: _text(d).replace('"rating": -2', '"rating": NaN').encode(),
            "tables.fit_ratings[0].rating", "NaN"),
    "Infinity": (lambda d: _text(d).replace('"rating": -2', '"rating": -Infinity').encode(),
                 "tables.fit_ratings[0].rating", "Infinity"),
    "huge float": (lambda d: _text(d).replace('"rating": -2', '"rating": 1e400').encode(),
                   "tables.fit_ratings[0].rating", "too large"),
    "huge integer": (lambda d: mutated(d, setitem(("tables", "fit_ratings", 0, "rating"), 10**30)),
                     "tables.fit_ratings[0].rating", "out of range"),
    "duplicate top-level key": (
        lambda d: _text(d).replace('"format": "nextround-backup"',
                                   '"format": "nextround-backup", "format": "nextround-backup"',
                                   1).encode(), "format", "appears twice"),
    "duplicate nested key": (
        lambda d: _text(d).replace('"role": "Data engineer"',
                                   '"role": "Data engineer", "role": "Evil"', 1).encode(),
        "tables.processes[0].role", "appears twice"),
    "10,000-deep nesting": (lambda d: b"[" * 10_000 + b"]" * 10_000, "", "nested"),
    "50-deep nesting": (lambda d: mutated(d, setitem(P + ("notes",), json.loads(
        "[" * 50 + "]" * 50))), None, "nested"),
    "over the size limit": (lambda d: b" " * (MAX_BACKUP_BYTES + 1), "", "20 MiB"),
    "200,000-char string": (lambda d: mutated(d, setitem(P + ("notes",), "a" * 200_000)),
                            "tables.processes[0].notes", "too long"),
    "long list item": (lambda d: mutated(d, setitem(("tables", "reflections", 0, "themes"),
                                                    ["b" * 100_001])),
                       "tables.reflections[0].themes[0]", "too long"),
    "unknown top-level field": (lambda d: mutated(d, setitem(("extra",), 1)), "extra",
                                "unknown field"),
    "unknown table": (lambda d: mutated(d, setitem(("tables", "passwords"), [])),
                      "tables.passwords", "unknown field"),
    "unknown column": (lambda d: mutated(d, setitem(P + ("salary",), 1)),
                       "tables.processes[0].salary", "unknown field"),
    "missing column": (lambda d: mutated(d, delitem(P + ("role",))), "tables.processes[0]",
                       "'role' is missing"),
    "missing table": (lambda d: mutated(d, delitem(("tables", "stages"))), "tables",
                      "'stages' is missing"),
    "row not an object": (lambda d: mutated(d, setitem(("tables", "processes", 1), "Acme")),
                          "tables.processes[1]", "must be one processes entry"),
    "table not a list": (lambda d: mutated(d, setitem(("tables", "processes"), {})),
                         "tables.processes", "must be a list of processes entries"),
    # one wrong type for every kind of field
    "text gets a number": (lambda d: mutated(d, setitem(P + ("company",), 5)),
                           "tables.processes[0].company", "must be text"),
    "int gets text": (lambda d: mutated(d, setitem(("tables", "stages", 0, "position"), "1")),
                      "tables.stages[0].position", "must be a whole number"),
    "int gets a fraction": (lambda d: mutated(d, setitem(("tables", "stages", 0, "position"),
                                                         1.5)),
                            "tables.stages[0].position", "must be a whole number"),
    "int gets 1.0": (lambda d: mutated(d, setitem(("tables", "stages", 0, "position"), 1.0)),
                     "tables.stages[0].position", "whole number"),
    "int gets true": (lambda d: mutated(d, setitem(("tables", "stages", 0, "position"), True)),
                      "tables.stages[0].position", "must be a whole number"),
    "ref gets text": (lambda d: mutated(d, setitem(("tables", "stages", 0, "process_id"), "1")),
                      "tables.stages[0].process_id", "id of a processes entry"),
    "bool gets 1": (lambda d: mutated(d, setitem(("tables", "feedback_points", 0, "surprise"), 1)),
                    "tables.feedback_points[0].surprise", "true or false"),
    "date gets a number": (lambda d: mutated(d, setitem(P + ("applied_on",), 20260115)),
                           "tables.processes[0].applied_on", "must be a date like 2026-03-31"),
    "date in another style": (lambda d: mutated(d, setitem(P + ("applied_on",), "15/01/2026")),
                              "tables.processes[0].applied_on", "must be a date like"),
    "impossible date": (lambda d: mutated(d, setitem(P + ("applied_on",), "2026-02-30")),
                        "tables.processes[0].applied_on", "real calendar date"),
    "datetime gets garbage": (lambda d: mutated(d, setitem(P + ("created_at",), "yesterday")),
                              "tables.processes[0].created_at", "date and time"),
    "datetime null": (lambda d: mutated(d, setitem(P + ("updated_at",), None)),
                      "tables.processes[0].updated_at", "date and time"),
    "json gets text": (lambda d: mutated(d, setitem(("tables", "reflections", 0, "themes"), "a")),
                       "tables.reflections[0].themes", "list of texts"),
    "json item not text": (lambda d: mutated(d, setitem(("tables", "reflections", 0, "themes"),
                                                         ["a", 3])),
                           "tables.reflections[0].themes[1]", "must be text"),
    "id gets null": (lambda d: mutated(d, setitem(P + ("id",), None)), "tables.processes[0].id",
                     "whole number"),
    "id zero": (lambda d: mutated(d, setitem(P + ("id",), 0)), "tables.processes[0].id",
                "out of range"),
    "lone surrogate": (lambda d: _text(d).replace('"Data engineer"', '"Data\\ud800engineer"')
                       .encode(), "tables.processes[0].role", "broken character"),
    "dangling reference": (lambda d: mutated(d, setitem(("tables", "stages", 1, "process_id"),
                                                        4242)),
                           "tables.stages[1].process_id", "not in the backup"),
    "duplicate id": (lambda d: mutated(d, setitem(("tables", "processes", 2, "id"),
                                                  d["tables"]["processes"][0]["id"])),
                     "tables.processes[2].id", "used twice"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_backup_is_refused_and_changes_nothing(name, good_doc, journal, empty):
    make, where, words = CASES[name]
    data = make(good_doc)
    before_full, before_empty = state(journal), state(empty)
    with pytest.raises(BackupError) as info:
        doc = parse_backup(data)
        restore_backup(empty, doc)
    message = str(info.value)
    assert words in message, message
    if where is not None:
        assert info.value.field_path == where, message
    # also refused when handed over as already-parsed data (where that is possible)
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        parsed = None
    if parsed is not None and name not in ("duplicate top-level key", "duplicate nested key"):
        with pytest.raises(BackupError):
            restore_backup(empty, parsed)
        with pytest.raises(BackupError):
            restore_backup(journal, parsed, replace=True)
    assert state(journal) == before_full
    assert state(empty) == before_empty
    assert not list(journal.path.parent.glob("*before-restore*"))


def test_duplicate_nested_key_names_its_path(good_doc):
    text = _text(good_doc).replace('"role": "Data engineer"',
                                   '"role": "Data engineer", "role": "x"', 1)
    with pytest.raises(BackupError) as info:
        parse_backup(text)
    assert info.value.field_path == "tables.processes[0].role"


def test_good_backup_passes_with_bom_and_as_str(good_doc):
    text = json.dumps(good_doc, ensure_ascii=False, indent=2)
    assert parse_backup(b"\xef\xbb\xbf" + text.encode()) == good_doc
    assert parse_backup("\ufeff" + text) == good_doc


def test_error_messages_say_the_limit(good_doc):
    with pytest.raises(BackupError, match="20 MiB"):
        parse_backup("x" * (MAX_BACKUP_BYTES + 1))
    with pytest.raises(BackupError, match="100,000"):
        parse_backup(mutated(good_doc, setitem(P + ("notes",), "a" * 200_000)))


def test_restore_a_file_from_disk(journal, empty, tmp_path):
    path = write_backup(journal, tmp_path / "backup.json")
    restore_backup(empty, backup.read_backup(path))
    assert without_time(export_backup(empty)) == without_time(export_backup(journal))
    os.chmod(path, 0o000)
    if not os.access(path, os.R_OK):  # root can read anyway
        with pytest.raises(BackupError, match="Cannot read"):
            backup.read_backup(path)
