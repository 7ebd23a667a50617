"""Error messages are coaching words too: a coach's file changes them, yet the message about
a words file that cannot be used always comes from the words shipped with NextRound."""

from __future__ import annotations

import json

import pytest

from nextround.documents.backup import export_backup, parse_backup
from nextround.errors import BackupError, CoachingWordsError, JournalNotFound
from nextround.store import processes
from nextround.store.journal import Journal
from chart_specs import coaching_changed as coaching, words_from


def test_a_journal_error_speaks_the_coachs_words(tmp_path, monkeypatch):
    path = coaching(tmp_path, 'journal_not_found = "No journal at {path}.',
                    'journal_not_found = "Nothing found at {path}.')
    with words_from(monkeypatch, path), pytest.raises(JournalNotFound) as caught:
        Journal.open(tmp_path / "nowhere" / "journal.sqlite3")
    assert str(caught.value).startswith(f"Nothing found at {tmp_path / 'nowhere' / 'journal.sqlite3'}. "
                                        "Check the folder")


def test_a_journal_error_is_said_even_when_the_coachs_words_cannot_be_read(tmp_path, monkeypatch):
    broken = tmp_path / "coaching.toml"
    broken.write_text("[errors\n", encoding="utf-8")
    with words_from(monkeypatch, broken), pytest.raises(JournalNotFound) as caught:
        Journal.open(tmp_path / "nowhere" / "journal.sqlite3")
    assert str(caught.value).startswith("No journal at ")


def test_the_words_file_error_is_always_in_the_shipped_words(tmp_path, monkeypatch):
    path = coaching(tmp_path, 'coaching_words = "The coaching words in {path}:',
                    'coaching_words = "Your words in {path}:')
    path.write_text(path.read_text(encoding="utf-8").replace(
        '\nthemes = [\n  "Technical depth"', '\nold_themes = [\n  "Technical depth"', 1),
        encoding="utf-8")
    from nextround import words

    with words_from(monkeypatch, path), pytest.raises(CoachingWordsError) as caught:
        words.words()
    assert str(caught.value) == (
        f"The coaching words in {path}: [feedback] themes is missing. Fix the file, or unset "
        "NEXTROUND_COACHING to use the words that come with NextRound.")


def test_a_refused_backup_names_what_a_field_must_be_in_the_coachs_words(tmp_path, monkeypatch):
    with Journal.open(tmp_path / "source" / "journal.sqlite3", create=True) as journal:
        processes.add_process(journal, "Acme", "Analyst")
        doc = export_backup(journal)
    doc["tables"]["processes"][0]["applied_on"] = "last spring"
    path = coaching(tmp_path, 'date = "a date like 2026-03-31"', 'date = "a day written 2026-03-31"')
    with words_from(monkeypatch, path), pytest.raises(BackupError) as caught:
        parse_backup(json.dumps(doc))
    assert caught.value.field_path == "tables.processes[0].applied_on"
    assert caught.value.problem == ("must be a day written 2026-03-31 (or null), not the text "
                                    "'last spring'")
