"""The journal store: opening, schema, revisions, validation, text, listeners, paths.

Each test protects one rule of `nextround.store.journal`; the comment on each says which change to the
store it would catch.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest

import nextround.store.journal as journal_module
from nextround import paths
from nextround.errors import (
    ChangedElsewhere,
    DamagedJournal,
    JournalError,
    JournalNotFound,
    NotAJournal,
    ReadOnlyJournal,
)
from nextround.store.journal import Journal, open_journal
from nextround.store.schema import APPLICATION_ID, COMMON, SCHEMA_VERSION, TABLES, migrations


def plain(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, bypassing the store (for looking at what is really on disk)."""
    return sqlite3.connect(path)


def pragma(path: Path, name: str):
    conn = plain(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


# --------------------------------------------------------------------------- creation


def test_create_sets_application_id_and_user_version(journal, journal_file):
    journal.close()
    assert pragma(journal_file, "application_id") == APPLICATION_ID
    assert pragma(journal_file, "user_version") == SCHEMA_VERSION
    assert SCHEMA_VERSION == len(migrations())


def test_schema_registry_matches_the_columns_the_migrations_create(journal):
    created_tables = {
        r[0] for r in journal.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }
    assert created_tables == set(TABLES)
    for table, fields in TABLES.items():
        columns = {r["name"] for r in journal.query(f"PRAGMA table_info({table})")}
        assert columns == set(fields) | set(COMMON), table


def test_open_missing_raises_and_creates_nothing(tmp_path):
    missing_file = tmp_path / "journal.sqlite3"
    with pytest.raises(JournalNotFound) as err:
        Journal.open(missing_file)
    assert str(missing_file) in str(err.value)
    assert list(tmp_path.iterdir()) == []

    missing_folder = tmp_path / "nowhere" / "journal.sqlite3"
    with pytest.raises(JournalNotFound) as err:
        Journal.open(missing_folder)
    assert str(missing_folder) in str(err.value)
    assert not missing_folder.parent.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_create_makes_private_folder_and_file_whatever_the_umask(tmp_path, umask):
    path = tmp_path / "data" / "journal.sqlite3"
    old = os.umask(umask)
    try:
        with Journal.open(path, create=True) as j:
            j.add("processes", company="Acme")
            # While open in WAL mode, the side files exist too; SQLite gives them the file's mode.
            for side in path.parent.iterdir():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600, side.name
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_reopen_keeps_entries_and_is_writable(journal, journal_file):
    row = journal.add("processes", company="Acme", applied_on="2026-03-01")
    journal.close()
    with Journal.open(journal_file) as again:
        assert not again.read_only
        assert again.get("processes", row["id"]) == row
        again.update("processes", row["id"], row["rev"], role="Analyst")


def test_every_table_accepts_an_entry_with_just_its_required_fields(journal):
    from nextround.store.schema import REQUIRED, TABLE_ORDER

    assert set(REQUIRED) <= set(TABLES)
    made: dict[str, int] = {}
    samples = {"text": "x", "int": 1, "bool": True, "date": "2026-03-31",
               "datetime": "2026-03-31T10:00:00Z", "json": ["x"], "real": 1.5}
    for table in TABLE_ORDER:
        values = {}
        for field in REQUIRED.get(table, ()):
            kind = TABLES[table][field]
            values[field] = made[kind[4:]] if kind.startswith("ref:") else samples[kind]
        row = journal.add(table, **values)
        assert row["rev"] == 1 and row["created_at"] and row["updated_at"]
        made[table] = row["id"]
    assert sorted(made) == sorted(TABLES)


# ------------------------------------------------------------- not ours / damaged files


def _make_empty(path):
    path.write_bytes(b"")


def _make_text(path):
    path.write_text("company,role\nAcme,Analyst\n", encoding="utf-8")


def _make_foreign_db(path):
    conn = plain(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


def _make_foreign_wal_db(path):
    conn = plain(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def _make_tiny_sqlite_header(path):
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" * 10)


def _journal_with_data(path) -> bytes:
    with Journal.open(path, create=True) as j:
        with j.transaction():
            for i in range(300):
                j.add("processes", company=f"Company {i}", notes="n" * 200)
    assert sidecars(path) == []  # closed cleanly: everything is in the main file
    return path.read_bytes()


def _make_truncated_journal(path):
    data = _journal_with_data(path)
    assert len(data) > 40 * 4096
    path.write_bytes(data[: len(data) // 2])


def _make_journal_with_garbage_pages(path):
    data = bytearray(_journal_with_data(path))
    page = 4096
    pages = len(data) // page
    noise = random.Random(7)
    for n in range(pages // 3, pages // 3 + 4):
        data[n * page:(n + 1) * page] = noise.randbytes(page)
    path.write_bytes(bytes(data))


def _make_journal_with_an_orphan_page(path):
    # Structurally readable, so SQLite opens it, but the integrity check reports a page that
    # belongs to nothing (as after a botched copy or a bad sector elsewhere).
    data = bytearray(_journal_with_data(path))
    pages = int.from_bytes(data[28:32], "big")
    data[28:32] = (pages + 1).to_bytes(4, "big")
    path.write_bytes(bytes(data) + bytes(4096))


FOREIGN = [
    ("empty file", _make_empty, NotAJournal),
    ("text file", _make_text, NotAJournal),
    ("another program's database", _make_foreign_db, NotAJournal),
    ("another program's WAL database", _make_foreign_wal_db, NotAJournal),
    ("sqlite header only", _make_tiny_sqlite_header, DamagedJournal),
]
DAMAGED = [
    ("truncated journal", _make_truncated_journal, DamagedJournal),
    ("journal with garbage pages", _make_journal_with_garbage_pages, DamagedJournal),
    ("journal with an orphan page", _make_journal_with_an_orphan_page, DamagedJournal),
]


@pytest.mark.parametrize("name, make, error", FOREIGN, ids=[c[0] for c in FOREIGN])
def test_foreign_files_are_refused_and_left_untouched(tmp_path, sha256, name, make, error):
    path = tmp_path / "data" / "journal.sqlite3"
    path.parent.mkdir()
    make(path)
    before, listing = sha256(path), sidecars(path)
    for _ in range(2):  # asking twice changes nothing either
        with pytest.raises(error) as err:
            Journal.open(path, create=True)
        assert str(path) in str(err.value)
        assert "not been changed" in str(err.value)
    assert sha256(path) == before
    # The store never even connects to such a file, so no -wal/-shm appear next to it.
    assert sidecars(path) == listing


@pytest.mark.parametrize("name, make, error", DAMAGED, ids=[c[0] for c in DAMAGED])
def test_damaged_journals_are_refused_and_left_untouched(tmp_path, sha256, name, make, error):
    path = tmp_path / "data" / "journal.sqlite3"
    path.parent.mkdir()
    make(path)
    before = sha256(path)
    for _ in range(2):
        with pytest.raises(error) as err:
            Journal.open(path, create=True)
        assert str(path) in str(err.value)
    assert sha256(path) == before
    # Checking a WAL journal needs a read-only SQLite connection, which may leave an *empty*
    # -wal and a -shm index next to it; neither holds data and the journal itself is unchanged.
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert set(sidecars(path)) <= {path.name + "-wal", path.name + "-shm"}


def test_a_folder_in_place_of_the_journal_is_refused(tmp_path):
    path = tmp_path / "journal.sqlite3"
    path.mkdir()
    with pytest.raises(NotAJournal) as err:
        Journal.open(path, create=True)
    assert str(path) in str(err.value)
    assert path.is_dir() and list(path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write any file")
def test_unwritable_journal_opens_read_only(journal, journal_file, sha256):
    journal.add("processes", company="Acme")
    journal.close()
    journal_file.chmod(0o400)
    journal_file.parent.chmod(0o500)
    try:
        with Journal.open(journal_file) as j:
            assert j.read_only and "cannot be written" in j.read_only_reason
            with pytest.raises(ReadOnlyJournal):
                j.add("processes", company="Other")
    finally:
        journal_file.parent.chmod(0o700)
        journal_file.chmod(0o600)


# ------------------------------------------------------------------- newer versions


def test_journal_from_a_newer_version_opens_read_only_and_unchanged(journal, journal_file, sha256):
    row = journal.add("processes", company="Acme")
    journal.set_setting("name", "Sam")
    journal.close()
    conn = plain(journal_file)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = sha256(journal_file)

    with Journal.open(journal_file) as j:
        assert j.read_only
        assert "newer version" in j.read_only_reason
        assert str(journal_file) in j.read_only_reason
        # Reading still works.
        assert j.get("processes", row["id"])["company"] == "Acme"
        assert j.setting("name") == "Sam"
        # Every kind of write is refused.
        writes = [
            lambda: j.add("processes", company="New"),
            lambda: j.update("processes", row["id"], row["rev"], company="Changed"),
            lambda: j.delete("processes", row["id"]),
            lambda: j.delete("processes", row["id"], row["rev"]),
            lambda: j.upsert("topics", {"name": "SQL"}),
            lambda: j.set_setting("name", "Alex"),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyJournal):
                write()
        with pytest.raises(ReadOnlyJournal):
            with j.transaction():
                pass
        with pytest.raises(sqlite3.DatabaseError):
            j.query("DELETE FROM processes")
        assert j.schema_version == SCHEMA_VERSION + 1
    assert sha256(journal_file) == before
    assert pragma(journal_file, "user_version") == SCHEMA_VERSION + 1


# ----------------------------------------------------------------------- migrations


def _with_step_two(monkeypatch, script: str) -> None:
    steps = migrations() + [(SCHEMA_VERSION + 1, script)]
    monkeypatch.setattr(journal_module, "migrations", lambda: steps)
    monkeypatch.setattr(journal_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_a_failing_migration_leaves_the_journal_as_it_was(journal, journal_file, sha256,
                                                        monkeypatch):
    journal.add("processes", company="Acme")
    journal.close()
    before = sha256(journal_file)
    _with_step_two(monkeypatch, (
        "CREATE TABLE extra (id INTEGER PRIMARY KEY, note TEXT);\n"
        "ALTER TABLE processes ADD COLUMN extra_note TEXT;\n"
        "INSERT INTO no_such_table VALUES (1);\n"
    ))
    with pytest.raises(sqlite3.OperationalError) as err:
        Journal.open(journal_file)
    assert "no_such_table" in str(err.value)
    assert sidecars(journal_file) == []  # the failed open closed its connection
    assert pragma(journal_file, "user_version") == SCHEMA_VERSION
    conn = plain(journal_file)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0
        columns = {r[1] for r in conn.execute("PRAGMA table_info(processes)")}
        assert "extra_note" not in columns
        assert conn.execute("SELECT company FROM processes").fetchall() == [("Acme",)]
    finally:
        conn.close()
    assert sha256(journal_file) == before

    monkeypatch.undo()
    with Journal.open(journal_file) as j:  # the old version still opens it normally
        assert not j.read_only and j.schema_version == SCHEMA_VERSION


def test_a_successful_migration_bumps_the_version(journal, journal_file, monkeypatch):
    journal.add("processes", company="Acme")
    journal.close()
    _with_step_two(monkeypatch, (
        "-- step two\n"
        "CREATE TABLE extra (id INTEGER PRIMARY KEY, note TEXT);\n"
        "ALTER TABLE processes ADD COLUMN extra_note TEXT;\n"
    ))
    with Journal.open(journal_file) as j:
        assert j.schema_version == SCHEMA_VERSION + 1
        assert j.count("processes") == 1
    assert pragma(journal_file, "user_version") == SCHEMA_VERSION + 1
    conn = plain(journal_file)
    try:
        assert conn.execute("SELECT count(*) FROM extra").fetchone()[0] == 0
    finally:
        conn.close()
    # Opening again does not run the step a second time (it would fail: table exists).
    with Journal.open(journal_file) as j:
        assert j.schema_version == SCHEMA_VERSION + 1


# --------------------------------------------------------------- lost updates refused


@pytest.fixture
def two(journal, journal_file):
    """Two Journal objects on one file, as two browser tabs (two kernels) would have."""
    other = Journal.open(journal_file)
    try:
        yield journal, other
    finally:
        other.close()


def test_second_update_from_the_same_revision_is_refused(two):
    a, b = two
    row = a.add("processes", company="Acme", role="Analyst")
    seen_by_a = a.get("processes", row["id"])
    seen_by_b = b.get("processes", row["id"])
    assert seen_by_a["rev"] == seen_by_b["rev"] == 1

    saved = a.update("processes", row["id"], seen_by_a["rev"], role="Data analyst")
    assert saved["rev"] == 2 and saved["role"] == "Data analyst"
    with pytest.raises(ChangedElsewhere) as err:
        b.update("processes", row["id"], seen_by_b["rev"], role="Engineer")
    assert err.value.table == "processes" and err.value.row_id == row["id"]
    final = b.get("processes", row["id"])
    assert final["role"] == "Data analyst" and final["rev"] == 2
    # With the fresh revision, b's edit goes through.
    assert b.update("processes", row["id"], final["rev"], role="Engineer")["rev"] == 3


def test_delete_from_a_stale_revision_is_refused(two):
    a, b = two
    row = a.add("processes", company="Acme")
    a.update("processes", row["id"], row["rev"], notes="called back")
    with pytest.raises(ChangedElsewhere):
        b.delete("processes", row["id"], row["rev"])
    assert b.get("processes", row["id"])["notes"] == "called back"

    current = b.get("processes", row["id"])
    a.delete("processes", row["id"], current["rev"])
    with pytest.raises(ChangedElsewhere):  # already deleted by a
        b.delete("processes", row["id"], current["rev"])
    assert a.get("processes", row["id"]) is None


def test_update_of_a_deleted_entry_is_refused(two):
    a, b = two
    row = a.add("processes", company="Acme")
    b.delete("processes", row["id"], row["rev"])
    with pytest.raises(ChangedElsewhere):
        a.update("processes", row["id"], row["rev"], company="Acme Corp")
    assert a.count("processes") == 0


def test_upsert_where_both_think_the_entry_is_new(two):
    a, b = two
    assert a.find_one("topics", name="SQL") is None and b.find_one("topics", name="SQL") is None
    a.upsert("topics", {"name": "SQL"}, None, sources="book A")
    with pytest.raises(ChangedElsewhere):
        b.upsert("topics", {"name": "SQL"}, None, sources="book B")
    rows = b.rows("topics")
    assert len(rows) == 1 and rows[0]["sources"] == "book A"


def test_upsert_from_a_stale_revision_is_refused(two):
    a, b = two
    process = a.add("processes", company="Acme")
    key = {"process_id": process["id"]}
    first = a.upsert("preparations", key, None, enough="yes")
    seen_by_b = b.find_one("preparations", **key)
    a.upsert("preparations", key, first["rev"], enough="almost")
    with pytest.raises(ChangedElsewhere):
        b.upsert("preparations", key, seen_by_b["rev"], enough="no")
    assert b.find_one("preparations", **key)["enough"] == "almost"


def test_upsert_of_an_entry_deleted_elsewhere_does_not_recreate_it(two):
    a, b = two
    row = a.upsert("topics", {"name": "SQL"}, None, sources="book")
    b.delete("topics", row["id"], row["rev"])
    with pytest.raises(ChangedElsewhere):
        a.upsert("topics", {"name": "SQL"}, row["rev"], sources="edited")
    assert a.count("topics") == 0


# ---------------------------------------------------------------- text round-trips

TEXTS = {
    "zwj emoji": "family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, skin 👍🏽",
    "combining marks": "e\u0301 vs \u00e9, Z\u0351\u0354a\u0308\u0308lgo",
    "arabic": "مقابلة عمل — الجولة التالية",
    "hebrew": "ראיון עבודה",
    "bidi controls": "\u202eevil\u202c \u2066isolate\u2069 \u200f rtl mark \u200e",
    "nul inside": "before\x00after",
    "control chars": "tab\tnew\nline\r\nbell\x07",
    "html": "<script>alert('x')</script><b>bold</b>",
    "formula": "=SUM(A1)",
    "formula variants": "+1+1 -2 @cmd",
    "dollar": "$80k, maybe $90k",
    "sql quotes": "O'Brien; DROP TABLE processes; --",
    "long": ("0123456789" * 10_000),
    "whitespace only": "   ",
    "astral": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀",
}


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_text_round_trips_exactly(journal, journal_file, text):
    row = journal.add("processes", company="Acme", notes=text)
    roles = journal.add("target_roles", role="Analyst", must_haves=[text, "x"])
    journal.set_setting("name", text)
    assert journal.get("processes", row["id"])["notes"] == text
    journal.close()
    with Journal.open(journal_file) as j:
        stored = j.get("processes", row["id"])["notes"]
        assert stored == text and len(stored) == len(text)
        assert j.get("target_roles", roles["id"])["must_haves"] == [text, "x"]
        assert j.setting("name") == text
        assert [r["id"] for r in j.rows("processes", where={"notes": text})] == [row["id"]]


def test_values_come_back_in_their_declared_types(journal):
    process = journal.add("processes", company="Acme", applied_on="2026-03-01")
    point = journal.add("feedback_points", process_id=process["id"], surprise=True,
                        themes=["communication", "SQL"])
    assert point["surprise"] is True
    assert point["themes"] == ["communication", "SQL"]
    stage = journal.add("stages", process_id=process["id"])
    assert journal.add("reflections", stage_id=stage["id"])["themes"] == []
    when = journal.add("processes", company="B", applied_on=dt.date(2026, 3, 2))
    assert when["applied_on"] == "2026-03-02"


# --------------------------------------------------------------------- validation

BAD_VALUES = [
    ("processes", "company", 5),
    ("processes", "company", b"bytes"),
    ("processes", "applied_on", "31/03/2026"),
    ("processes", "applied_on", "2026-02-30"),
    ("processes", "applied_on", 20260301),
    ("stages", "position", "3"),
    ("stages", "position", True),
    ("stages", "position", 2.5),
    ("stages", "position", 2**63),
    ("stages", "position", -(2**63) - 1),
    ("feedback_points", "surprise", 1),
    ("feedback_points", "surprise", "yes"),
    ("reflections", "themes", "communication"),
    ("reflections", "themes", ["ok", 3]),
    ("practice_cards", "due_at", "tomorrow"),
    ("processes", "notes", "lone surrogate \ud800"),
    ("reflections", "themes", ["lone surrogate \udfff"]),
]


@pytest.mark.parametrize("table, field, value", BAD_VALUES,
                         ids=[f"{t}.{f}={v!r}"[:40] for t, f, v in BAD_VALUES])
def test_wrong_types_are_refused_naming_the_field(journal, table, field, value):
    with pytest.raises(JournalError) as err:
        journal_module.check_value(table, field, value)
    assert f"{table}.{field}" in str(err.value)

    process = journal.add("processes", company="Acme")
    stage = journal.add("stages", process_id=process["id"])
    question = journal.add("questions", text="Why us?")
    parents = {"process_id": process["id"], "stage_id": stage["id"],
               "question_id": question["id"], "company": "Acme"}
    required = {f: parents[f] for f in journal_module.REQUIRED.get(table, ())}
    before = journal.count(table)
    with pytest.raises(JournalError) as err:
        journal.add(table, **{**required, field: value})
    assert f"{table}.{field}" in str(err.value)
    assert journal.count(table) == before

    row = journal.add(table, **required)
    with pytest.raises(JournalError) as err:
        journal.update(table, row["id"], row["rev"], **{field: value})
    assert f"{table}.{field}" in str(err.value)
    assert journal.get(table, row["id"]) == row


def test_largest_whole_numbers_are_accepted(journal):
    process = journal.add("processes", company="Acme")
    for n in (2**63 - 1, -(2**63), 0):
        stage = journal.add("stages", process_id=process["id"], position=n)
        assert stage["position"] == n


def test_unknown_fields_are_refused(journal):
    with pytest.raises(JournalError, match="colour"):
        journal.add("processes", company="Acme", colour="red")
    row = journal.add("processes", company="Acme")
    with pytest.raises(JournalError, match="colour"):
        journal.update("processes", row["id"], row["rev"], colour="red")
    with pytest.raises(JournalError, match="colour"):
        journal.rows("processes", where={"colour": "red"})
    assert journal.get("processes", row["id"]) == row


def test_missing_required_fields_are_refused(journal):
    with pytest.raises(JournalError, match="company"):
        journal.add("processes", role="Analyst")
    with pytest.raises(JournalError, match="company"):
        journal.add("processes", company="")
    assert journal.count("processes") == 0


@pytest.mark.parametrize("call", [
    lambda j: j.add("nope", name="x"),
    lambda j: j.get("nope", 1),
    lambda j: j.rows("nope"),
    lambda j: j.count("nope"),
    lambda j: j.update("nope", 1, 1, name="x"),
    lambda j: j.delete("nope", 1),
    lambda j: j.upsert("nope", {"name": "x"}),
    lambda j: j.rows("processes; DROP TABLE settings"),
    lambda j: j.count("sqlite_master"),
], ids=["add", "get", "rows", "count", "update", "delete", "upsert", "injected", "sqlite_master"])
def test_unknown_tables_are_refused(journal, call):
    with pytest.raises(JournalError):
        call(journal)
    assert {r[0] for r in journal.query("SELECT name FROM sqlite_master WHERE type='table'")} \
        == set(TABLES)


@pytest.mark.parametrize("where", [
    {"company = company OR 1=1 --": "x"},
    {"id; DROP TABLE processes": 1},
    {"1=1 OR company": "x"},
    {"company IS NOT NULL OR company": None},
    {"": "x"},
])
def test_injected_field_names_in_where_are_refused(journal, where):
    journal.add("processes", company="Acme")
    with pytest.raises(JournalError):
        journal.rows("processes", where=where)
    assert journal.count("processes") == 1


@pytest.mark.parametrize("order_by", [
    "id LIMIT 1",
    "id; DROP TABLE processes",
    "id + (SELECT count(*) FROM settings)",
    "id -- comment",
    "company COLLATE NOCASE",
    "id DESC DESC",
    "(SELECT 1)",
    "",
    "id,",
    "colour",
])
def test_injected_order_by_is_refused(journal, order_by):
    journal.add("processes", company="Acme")
    journal.add("processes", company="Beta")
    with pytest.raises(JournalError):
        journal.rows("processes", order_by=order_by)
    assert journal.count("processes") == 2


def test_plain_order_by_still_works(journal):
    for company in ("b", "a", "c"):
        journal.add("processes", company=company, role="x")
    assert [r["company"] for r in journal.rows("processes", order_by="company")] == ["a", "b", "c"]
    assert [r["company"] for r in journal.rows("processes", order_by="company DESC")] == \
        ["c", "b", "a"]
    assert [r["company"] for r in journal.rows("processes", order_by="role asc, company desc")] \
        == ["c", "b", "a"]
    assert [r["company"] for r in journal.rows("processes", where={"role": "x", "notes": None},
                                               order_by=" id ")] == ["b", "a", "c"]


# --------------------------------------------------------------------- transactions


def test_a_transaction_is_all_or_nothing(journal):
    with pytest.raises(RuntimeError):
        with journal.transaction():
            process = journal.add("processes", company="Acme")
            journal.add("stages", process_id=process["id"])
            raise RuntimeError("interrupted")
    assert journal.count("processes") == 0 and journal.count("stages") == 0
    journal.add("processes", company="Next")  # the journal is usable afterwards
    assert journal.count("processes") == 1


def test_a_failed_commit_does_not_leave_the_journal_locked(journal, journal_file):
    # A commit can fail (disk full, I/O error, a deferred constraint). The write lock must be
    # released, or this kernel and every other one would be stuck until restarted.
    with pytest.raises(sqlite3.IntegrityError):
        with journal.transaction() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            journal.add("stages", process_id=12345)  # no such process: fails at COMMIT
    assert journal.count("stages") == 0
    assert journal.add("processes", company="Acme")["company"] == "Acme"
    with Journal.open(journal_file) as other:
        other.add("processes", company="Other kernel")
    assert journal.count("processes") == 2


# ------------------------------------------------------------------------ listeners


def test_listeners_hear_once_per_committed_transaction(journal):
    heard = []
    unsubscribe = journal.subscribe(heard.append)

    journal.add("processes", company="Acme")
    assert heard == [{"processes"}]

    with journal.transaction():
        process = journal.add("processes", company="Beta")
        journal.add("stages", process_id=process["id"])
        journal.add("stages", process_id=process["id"])
        journal.set_setting("last", process["id"])
    assert heard[1:] == [{"processes", "stages", "settings"}]

    heard.clear()
    journal.rows("processes")
    journal.get("processes", process["id"])
    journal.setting("last")
    with journal.transaction():  # a transaction that changes nothing
        pass
    assert heard == []

    unsubscribe()
    journal.add("processes", company="Gamma")
    assert heard == []


def test_listeners_hear_nothing_on_rollback(journal, journal_file):
    heard = []
    journal.subscribe(heard.append)
    with pytest.raises(ValueError):
        with journal.transaction():
            journal.add("processes", company="Acme")
            raise ValueError
    row = journal.add("processes", company="Real")
    heard.clear()

    with Journal.open(journal_file) as other:
        other.update("processes", row["id"], row["rev"], company="Elsewhere")
    with pytest.raises(ChangedElsewhere):
        journal.update("processes", row["id"], row["rev"], company="Stale")
    with pytest.raises(JournalError):
        journal.add("processes", company=5)
    assert heard == []

    # A rolled-back transaction does not leak its tables into the next notification.
    with pytest.raises(ValueError):
        with journal.transaction():
            journal.add("topics", name="x")
            raise ValueError
    journal.add("goals", title="Practise SQL")
    assert heard == [{"goals"}]


def test_a_failing_listener_does_not_make_a_saved_write_look_failed(journal):
    heard = []

    def broken(tables):
        raise RuntimeError("chart could not redraw")

    journal.subscribe(broken)
    journal.subscribe(heard.append)
    row = journal.add("processes", company="Acme")  # must not raise: it *was* saved
    assert journal.get("processes", row["id"]) == row
    assert heard == [{"processes"}]


# ----------------------------------------------------------------------------- paths


def test_journal_path_prefers_data_then_environment_then_user_folder(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda *a, **k: str(tmp_path / "platform"))
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    assert paths.journal_path() == tmp_path / "platform" / paths.JOURNAL_FILE

    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "env"))
    assert paths.journal_path() == tmp_path / "env" / paths.JOURNAL_FILE
    assert paths.journal_path(None) == tmp_path / "env" / paths.JOURNAL_FILE

    assert paths.journal_path(tmp_path / "flag") == tmp_path / "flag" / paths.JOURNAL_FILE
    assert paths.journal_path(str(tmp_path / "flag")) == tmp_path / "flag" / paths.JOURNAL_FILE

    monkeypatch.setenv(paths.ENV_VAR, "")  # an empty variable counts as unset
    assert paths.journal_path() == tmp_path / "platform" / paths.JOURNAL_FILE


def test_journal_path_expands_home_and_is_absolute(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert paths.journal_path("~/jobs") == tmp_path / "jobs" / paths.JOURNAL_FILE
    monkeypatch.setenv(paths.ENV_VAR, "relative")
    assert paths.journal_path() == tmp_path / "relative" / paths.JOURNAL_FILE


def test_open_journal_uses_the_resolved_path(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "env"))
    with open_journal(tmp_path / "flag") as j:
        assert j.path == tmp_path / "flag" / paths.JOURNAL_FILE
    assert not (tmp_path / "env").exists()
    with pytest.raises(JournalNotFound):
        open_journal(tmp_path / "elsewhere", create=False)
    assert not (tmp_path / "elsewhere").exists()
