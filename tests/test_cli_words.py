"""The command line speaks the coaching words: a coach's file changes what it says and its
help, a % in help is shown as written, and a broken words file stops every command at once."""

from __future__ import annotations

import pytest

from nextround import cli
from nextround.store.journal import Journal
from chart_specs import coaching_changed as coaching, words_from


def test_a_command_says_what_it_did_in_the_coachs_words(tmp_path, monkeypatch, capsys):
    Journal.open(tmp_path / "data" / "journal.sqlite3", create=True).close()
    path = coaching(tmp_path, 'backup_written = "Backup written to {path}"',
                    'backup_written = "Your backup is in {path}"')
    with words_from(monkeypatch, path):
        code = cli.main(["backup", "--data", str(tmp_path / "data"), "-o", str(tmp_path / "b.json")])
    assert code == 0
    assert capsys.readouterr().out == f"Your backup is in {tmp_path / 'b.json'}\n"


def test_a_percent_sign_in_a_coachs_help_is_shown_as_written(tmp_path, monkeypatch, capsys):
    path = coaching(tmp_path, 'where = "print the path of the journal file"',
                    'where = "print the path of the journal file (100% local)"')
    with words_from(monkeypatch, path), pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    assert "(100% local)" in " ".join(capsys.readouterr().out.split())


def test_a_broken_words_file_stops_even_the_quiet_commands(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "coaching.toml"
    broken.write_text("[cli\n", encoding="utf-8")
    with words_from(monkeypatch, broken):
        code = cli.main(["where", "--data", str(tmp_path / "data")])
    out = capsys.readouterr()
    assert code == 1 and out.out == ""
    assert out.err.startswith(f"nextround: The coaching words in {broken}: it is not valid TOML (")
