"""`nextround import` run as a person runs it: a real process, its output, its exit code, and
the journal before and after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import history_rows
from nextround.store import frames
from nextround.analysis.fit import findings
from nextround.documents.backup import export_backup
from nextround.store.journal import Journal


def nextround(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NEXTROUND_DATA_DIR"}
    return subprocess.run([sys.executable, "-m", "nextround.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def contents(data: Path) -> dict:
    """Everything the journal holds (what a backup holds, without its time stamp)."""
    with Journal.open(data / "journal.sqlite3") as journal:
        doc = export_backup(journal)
    doc.pop("exported_at")
    return doc


@pytest.fixture
def data(tmp_path) -> Path:
    """A journal that already holds one process, so "nothing written" can be seen."""
    folder = tmp_path / "data"
    with Journal.open(folder / "journal.sqlite3", create=True) as journal:
        journal.add("processes", company="Already here", outcome="rejected")
    return folder


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_500_rows_import_in_one_go_and_step_three_uses_them(tmp_path, data, kind):
    content = history_rows.csv_bytes() if kind == "csv" else history_rows.xlsx_bytes()
    source = write(tmp_path, f"applications.{kind}", content)
    out = nextround("import", str(source), "--data", str(data))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "Imported 500 processes."
    assert out.stderr == ""
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.count("processes") == 501
        imported = journal.rows("processes", {"imported_from": f"applications.{kind}"})
        assert len(imported) == 500
        found = {f.dimension: f for f in findings(
            frames.table(journal, "processes"), frames.reached(journal))}
    assert found["category"].text == history_rows.FINDING


def test_a_second_import_of_the_same_file_adds_nothing(tmp_path, data):
    source = write(tmp_path, "applications.csv", history_rows.csv_bytes())
    assert nextround("import", str(source), "--data", str(data)).returncode == 0
    before = contents(data)
    out = nextround("import", str(source), "--data", str(data))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == (
        "Imported 0 processes; 500 were already in your journal.")
    assert contents(data) == before


def test_a_plain_file_imports_without_questions_and_says_what_it_used(tmp_path, data):
    source = write(tmp_path, "jobs.csv", b"Company,Role,Date applied,Status\n"
                                         b"Acme,Data engineer,2026-01-05,Rejected\n"
                                         b"Beta,Analyst,2026-02-01,Offer\n"
                                         b"Gamma,Analyst,2026-02-03,Interviewing\n")
    out = nextround("import", str(source), "--data", str(data))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "Columns: Company → Company, Role → Role, Date applied → Date applied, "
        "Status → Status or outcome.",
        "Imported 3 processes."]


BAD_FILES = {
    "a bad date": (b"Company,Role,Date applied,Status\nAcme,DE,2026-01-05,Rejected\n"
                   b"Beta,DE,31/02/2026,Rejected\n",
                   "nextround: row 3, Date applied: '31/02/2026' is not a date"),
    "a missing company": (b"Company,Role,Date applied,Status\nAcme,DE,2026-01-05,Rejected\n"
                          b",DE,2026-01-06,Rejected\n",
                          "nextround: row 3, Company: empty, and every process needs its company"),
    "an unknown status": (b"Company,Role,Date applied,Status\nAcme,DE,2026-01-05,Pending HR\n",
                          "nextround: Status: 'Pending HR' is not matched to an outcome (row 2)."),
    "a truncated file": (b'Company,Role,Notes\nAcme,DE,"the note never',
                         "nextround: bad.csv seems to be cut off: a quoted cell that starts in "
                         "row 2 never ends."),
    "a binary file": (bytes(range(256)) * 64,
                      "nextround: bad.csv is not a spreadsheet or a CSV file: it holds binary "
                      "data."),
    "a 25 MiB file": ((b"Company\n" + b"Acme\n" * (5 * 1024 * 1024))[:25 * 1024 * 1024],
                      "nextround: bad.csv is 25 MiB, more than the 20 MiB a file to import can "
                      "be."),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_row_and_column_and_nothing_written(tmp_path, data, case):
    content, first_line = BAD_FILES[case]
    source = write(tmp_path, "bad.csv", content)
    before = contents(data)
    out = nextround("import", str(source), "--data", str(data))
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == first_line
    assert "Traceback" not in out.stderr
    assert contents(data) == before


def test_an_unknown_status_is_given_a_meaning_with_a_saved_mapping(tmp_path, data):
    source = write(tmp_path, "jobs.csv", b"Employer;Position;Applied on;Result\n"
                                         b"Acme;DE;03/04/2026;Pending HR\n"
                                         b"Beta;DE;05/06/2026;Rejected\n")
    mapping = tmp_path / "mapping.json"
    out = nextround("import", str(source), "--data", str(data), "--save-mapping", str(mapping))
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "nextround: Result: 'Pending HR' is not matched to an outcome (row 2).",
        "nextround: The dates in Applied on fit both day first and month first (row 2: "
        "'03/04/2026').",
        "nextround: Say which with --dates day-first or --dates month-first.",
        f"nextround: To say what they mean, run nextround import {source} --save-mapping "
        "mapping.json: it writes what NextRound understood, with what is missing left empty "
        f"and the choices listed. Fill them in, then run nextround import {source} --mapping "
        "mapping.json.",
        "nextround: This file was not imported. Your journal has not been changed.",
    ]
    doc = json.loads(mapping.read_text(encoding="utf-8"))
    assert doc["statuses"] == {"Pending HR": None, "Rejected": "rejected"}
    assert doc["columns"] == {"company": "Employer", "role": "Position",
                              "applied_on": "Applied on", "status": "Result"}
    doc["statuses"]["Pending HR"] = "waiting"
    doc["dates"] = "day-first"
    mapping.write_text(json.dumps(doc), encoding="utf-8")
    out = nextround("import", str(source), "--data", str(data), "--mapping", str(mapping))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "Imported 2 processes."
    with Journal.open(data / "journal.sqlite3") as journal:
        rows = journal.rows("processes", {"imported_from": "jobs.csv"})
    assert [(r["company"], r["applied_on"], r["outcome"]) for r in rows] == [
        ("Acme", "2026-04-03", "waiting"), ("Beta", "2026-06-05", "rejected")]


def test_the_date_order_can_be_said_on_the_command_line(tmp_path, data):
    source = write(tmp_path, "jobs.csv", b"Company,Date applied\nAcme,03/04/2026\n")
    out = nextround("import", str(source), "--data", str(data), "--dates", "month-first")
    assert out.returncode == 0, out.stderr
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.rows("processes", {"company": "Acme"})[0]["applied_on"] == "2026-03-04"


def test_a_broken_mapping_file_is_refused_naming_the_field(tmp_path, data):
    source = write(tmp_path, "jobs.csv", b"Company,Status\nAcme,Rejected\n")
    mapping = write(tmp_path, "mine.json", json.dumps({
        "format": "nextround-import-mapping", "format_version": 1,
        "columns": {"company": "Company"}, "statuses": {"Rejected": "binned"}}).encode())
    before = contents(data)
    out = nextround("import", str(source), "--data", str(data), "--mapping", str(mapping))
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "nextround: The mapping mine.json cannot be used: statuses.Rejected must be one of "
        "applied, screening, assessment, interview, final, waiting, offer, rejected, no_reply, "
        "withdrew, left_out (or null), not \"binned\".")
    assert contents(data) == before


def test_a_file_that_does_not_exist_is_named(tmp_path, data):
    out = nextround("import", str(tmp_path / "nowhere.csv"), "--data", str(data))
    assert out.returncode == 1
    assert out.stderr.startswith(f"nextround: Cannot read {tmp_path / 'nowhere.csv'}:")
