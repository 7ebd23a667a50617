"""Start here: the journal's whereabouts, restoring an uploaded backup, and the demo journal."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import ipywidgets as widgets
import pytest

from nextround import Journal
from nextround.store import processes as process_store
from nextround.documents.backup import MAX_BACKUP_BYTES, backup_text
from nextround.demo import write_demo
from nextround.ui.start import StartHere, describe_counts
from widget_tree import click, confirm, containing, find, find_all, text_of


def plain(markup: str) -> str:
    """What a person reads: the markup without its tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def upload(section, name: str, data: bytes) -> None:
    """What the browser does when a file is chosen: one dict with the content as a memoryview."""
    section.upload.value = ({"name": name, "type": "application/json", "size": len(data),
                             "last_modified": dt.datetime.now(dt.timezone.utc), "content": memoryview(data)},)


@pytest.fixture
def backup_bytes(tmp_path) -> bytes:
    """A backup of a journal with one process whose name needs escaping."""
    source = Journal.open(tmp_path / "source" / "journal.sqlite3", create=True)
    process = process_store.add_process(source, "Acme <i>$5</i>", "Data engineer")
    process_store.add_stage(source, process["id"], kind="Screening call")
    data = backup_text(source).encode("utf-8")
    source.close()
    return data


def test_describe_counts_reads_naturally():
    assert describe_counts({"processes": 1}) == "1 process"
    assert describe_counts({"processes": 11, "stages": 24, "goals": 3}) == \
        "11 processes, 24 stages and 3 goals"
    assert describe_counts({}) == "no entries"


def test_journal_info_names_the_file_and_follows_changes(journal):
    info = StartHere(journal).journal_info()
    assert str(journal.path) in plain(info.text.value)
    assert "It is empty so far" in plain(info.text.value)
    process_store.add_process(journal, "Acme")
    assert "It holds 1 process." in plain(info.text.value)


def test_restore_an_uploaded_backup_into_an_empty_journal(journal, backup_bytes):
    section = StartHere(journal).restore()
    upload(section, "my-backup.json", backup_bytes)
    assert section.upload.value == ()  # ready for another file
    assert section.progress.value == 2 and section.progress.description == "Checked"
    assert "with 1 process and 1 stage" in plain(section.message.value)
    assert journal.is_empty()  # nothing written before the person says so
    assert [b.description for b in find_all(section.actions, widgets.Button)] == [
        "Restore this backup"]  # nothing to replace, so nothing to confirm
    click(section, "Restore this backup")
    assert [p["company"] for p in journal.rows("processes")] == ["Acme <i>$5</i>"]
    assert section.progress.value == 3 and section.progress.bar_style == "success"
    assert plain(section.message.value) == (
        "Restored: 1 process and 1 stage. Open My progress to see what to do next, or any step "
        "below.")
    assert 'href="05_my_progress.ipynb"' in section.message.value
    assert section.actions.children == ()


def test_replacing_a_journal_with_entries_asks_first_and_keeps_a_copy(journal, backup_bytes):
    process_store.add_process(journal, "Mine")
    section = StartHere(journal).restore()
    upload(section, "b.json", backup_bytes)
    note = find(section.actions, widgets.HTML, classes="nr-muted")
    assert text_of(note) == "Your journal already holds 1 process."
    click(section, "Replace my journal with this backup")
    assert [p["company"] for p in journal.rows("processes")] == ["Mine"]  # not yet
    click(section, "Yes, replace my journal with this backup")
    assert [p["company"] for p in journal.rows("processes")] == ["Acme <i>$5</i>"]
    [copy] = journal.path.parent.glob("journal-before-restore-*.sqlite3")
    assert f"Your journal as it was before is kept as {copy}." in plain(section.message.value)


@pytest.mark.parametrize("name, data, words", [
    ("notes.txt", b"Dear diary, today I", "is not valid JSON"),
    ("empty.json", b"", "is empty"),
    ("other.json", json.dumps({"format": "something-else"}).encode(), "not a NextRound backup"),
])
def test_a_bad_upload_says_what_is_wrong_and_leaves_the_journal_alone(journal, name, data,
                                                                      words):
    process_store.add_process(journal, "Mine")
    section = StartHere(journal).restore()
    upload(section, name, data)
    message = section.message.value
    assert "This file was not restored" in plain(message) and words in plain(message)
    assert name in plain(message) and "Your journal has not been changed" in plain(message)
    assert section.actions.children == ()
    assert section.progress.bar_style == "danger"
    assert [p["company"] for p in journal.rows("processes")] == ["Mine"]


def test_a_backup_with_a_wrong_field_names_the_field(journal, backup_bytes):
    doc = json.loads(backup_bytes)
    doc["tables"]["processes"][0]["company"] = 42
    section = StartHere(journal).restore()
    upload(section, "edited.json", json.dumps(doc).encode())
    message = section.message.value
    assert "the field tables.processes[0].company must be text" in plain(message)
    assert "the number 42" in plain(message)
    assert journal.is_empty()


def test_a_file_over_the_limit_is_refused_before_it_is_read(journal):
    section = StartHere(journal).restore()
    limit = find(section, widgets.HTML, value=containing("It can be up to"))
    assert "It can be up to 20.0 MB." in text_of(limit)
    upload(section, "huge.json", b" " * (MAX_BACKUP_BYTES + 1))
    message = section.message.value
    assert "larger than the" in plain(message) and "huge.json" in plain(message)
    assert journal.is_empty()


def test_a_read_only_journal_cannot_be_restored_into(journal):
    journal.read_only_reason = "written by a newer version"
    try:
        start = StartHere(journal)
        assert start.restore().upload.disabled
        assert start.demo().button.disabled
    finally:
        journal.read_only_reason = None


def test_the_demo_goes_into_an_empty_journal_only(journal):
    demo = StartHere(journal).demo()
    assert demo.load() is True
    processes = journal.count("processes")
    assert processes == 11  # Sam, "eleven processes into a job search"
    assert 'href="05_my_progress.ipynb"' in demo.message.value
    assert demo.load() is False
    assert "only goes into an empty journal" in plain(demo.message.value)
    assert journal.count("processes") == processes


def test_the_demo_is_refused_when_the_journal_has_entries(journal):
    process_store.add_process(journal, "Mine")
    demo = StartHere(journal).demo()
    demo.button.click()
    assert "yours stays exactly as it is" in plain(demo.message.value)
    assert [p["company"] for p in journal.rows("processes")] == ["Mine"]


def test_empty_my_journal_starts_afresh_and_keeps_a_copy(journal):
    write_demo(journal)
    held = journal.count("processes")
    demo = StartHere(journal).demo()
    confirm(demo, "Empty my journal")
    assert journal.is_empty()
    [copy] = journal.path.parent.glob("journal-before-restore-*.sqlite3")
    kept = Journal.open(copy)
    assert kept.count("processes") == held == 11
    kept.close()
    assert plain(demo.message.value) == (
        f"Your journal is empty now. What it held is kept as {copy}. Start with Step 1.")
