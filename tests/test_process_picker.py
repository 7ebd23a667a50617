"""The process picker with a long history: the most recent processes, and a search for the rest.

A list of every process made each workbook carry thousands of options at 10,000 processes;
the picker lists `SHOWN` and searches the rest, without ever switching the process being
worked on until the person picks another one."""

from __future__ import annotations

import re

import pytest

from nextround import Journal
from nextround.store import processes
from nextround.ui import kit
from nextround.ui.fit.parts import ScoredProcessPicker
from widget_tree import text_of

SHOWN = kit.ProcessPicker.SHOWN


def plain(markup: str) -> str:
    """What a person reads: the text of the markup."""
    return re.sub(r"<[^>]+>", "", markup)


@pytest.fixture
def long_history(tmp_path):
    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    names = [f"Company {i:03d}" for i in range(SHOWN * 2 + 20)]
    names[3] = "Ölstrom Analytics"
    names[7] = "<b>Bold</b> & Co"
    rows = [processes.add_process(journal, name, "Data engineer" if i % 2 else "Analyst")
            for i, name in enumerate(names)]
    processes.choose_process(journal, rows[0]["id"])  # the oldest one is being worked on
    return journal, rows


def ids(picker):
    return [pid for _label, pid in picker.dropdown.options]


def test_a_short_history_lists_every_process_and_no_search(tmp_path):
    journal = Journal.open(tmp_path / "j.sqlite3", create=True)
    for i in range(5):
        processes.add_process(journal, f"Co {i}")
    picker = kit.ProcessPicker(journal)
    assert len(picker.dropdown.options) == 5
    assert picker.search.layout.display == "none"
    assert picker.count_line.layout.display == "none" and picker.count_line.value == ""


def test_a_long_history_lists_the_most_recent_and_keeps_the_chosen_one(long_history):
    journal, rows = long_history
    picker = kit.ProcessPicker(journal)
    assert picker.search.layout.display is None
    assert picker.process_id == rows[0]["id"]
    # The process being worked on first, then the SHOWN most recently logged.
    assert ids(picker) == [rows[0]["id"]] + [r["id"] for r in reversed(rows)][:SHOWN]
    assert plain(picker.count_line.value) == (
        f"The {SHOWN} most recent of {len(rows):,} processes are in the list: type above to find "
        "an older one.")


def test_typing_narrows_the_list_without_switching_process(long_history):
    journal, rows = long_history
    picker = kit.ProcessPicker(journal)
    picked = []
    picker.observe(lambda change: picked.append(change["new"]), "process_id")
    picker.search.value = "company 01"
    listed = [label for label, _pid in picker.dropdown.options]
    assert picker.process_id == rows[0]["id"] and picked == []
    assert listed[0] == "Company 000 — Analyst"  # the chosen one stays, first
    # Every word, anywhere in the name: "01" is in 001, 010…019 and 101.
    expected = [f"Company {i:03d} — {'Data engineer' if i % 2 else 'Analyst'}"
                for i in [1, *range(10, 20), 101]]
    assert sorted(listed[1:]) == expected
    assert plain(picker.count_line.value) == "12 processes match."
    # Words match in any order, whatever their case; accents are letters like any other.
    picker.search.value = "ANALYTICS ölSTROM"
    assert [label for label, _ in picker.dropdown.options][1:] == ["Ölstrom Analytics — Data engineer"]
    assert plain(picker.count_line.value) == "1 process matches."
    # Picking a match chooses it, here and in every other workbook.
    picker.dropdown.value = rows[3]["id"]
    assert picker.process_id == rows[3]["id"]
    assert journal.setting(processes.CURRENT_PROCESS) == rows[3]["id"]
    # Clearing the search keeps the new choice in the list.
    picker.search.value = ""
    assert picker.process_id == rows[3]["id"]
    assert ids(picker) == [rows[3]["id"]] + [r["id"] for r in reversed(rows)][:SHOWN]


def test_no_match_says_so_with_the_words_as_text(long_history):
    journal, rows = long_history
    picker = kit.ProcessPicker(journal)
    picker.search.value = "<script>alert(1)</script>"
    assert ids(picker) == [rows[0]["id"]]
    assert "<script>" not in picker.count_line.value
    assert text_of(picker.count_line) == "No process matches “<script>alert(1)</script>”."
    picker.search.value = "<b>bold"
    assert [label for label, _ in picker.dropdown.options][1:] == ["<b>Bold</b> & Co — Data engineer"]


def test_a_broad_search_lists_the_most_recent_matches(long_history):
    journal, rows = long_history
    picker = kit.ProcessPicker(journal)
    picker.search.value = "company"
    assert len(picker.dropdown.options) == SHOWN + 1  # the chosen one, then SHOWN matches
    assert plain(picker.count_line.value) == (  # all but Ölstrom Analytics and <b>Bold</b> & Co
        f"{len(rows) - 2} processes match; the {SHOWN} most recent are in the list: type more to "
        "narrow them.")


def test_the_scored_picker_reads_only_the_listed_processes(long_history, monkeypatch):
    journal, rows = long_history
    read = []
    original = journal.get

    def get(table, row_id):
        read.append((table, row_id))
        return original(table, row_id)

    monkeypatch.setattr(journal, "get", get)
    picker = ScoredProcessPicker(journal)
    assert len(picker.dropdown.options) == SHOWN + 1
    assert {row_id for table, row_id in read if table == "processes"} == set(ids(picker))


def test_typing_filters_what_was_read_without_reading_the_journal_again(long_history,
                                                                        monkeypatch):
    journal, rows = long_history
    picker = kit.ProcessPicker(journal)
    queries = []
    original = journal.records
    monkeypatch.setattr(journal, "records", lambda *a, **k: queries.append(a) or original(*a, **k))
    for text in ("c", "co", "com", "company 11"):
        picker.search.value = text
    assert queries == []
    assert plain(picker.count_line.value) == "11 processes match."  # 011 and 110…119
    # A refresh (a process added or renamed) reads the journal once more.
    processes.add_process(journal, "Company 11 Labs")
    picker.refresh()
    added = journal.find_one("processes", company="Company 11 Labs")
    assert len(queries) == 1 and picker.dropdown.options[1] == ("Company 11 Labs", added["id"])
