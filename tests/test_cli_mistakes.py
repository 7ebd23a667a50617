"""The command line tried as a new user does: options before or after the command, a typo, a
file where a folder belongs, an output path of the wrong kind. Each mistake is one line that
names what is wrong and the way forward; nothing is written anywhere else."""

from __future__ import annotations

import json
import sqlite3

import pytest

from nextround import cli
from nextround.demo import write_demo
from nextround.store.journal import Journal
from nextround.store.schema import SCHEMA_VERSION


@pytest.fixture
def demo(tmp_path):
    data = tmp_path / "demo"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        write_demo(journal)
    return data


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse's own exits
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nextround"), err
    assert "Traceback" not in err
    return lines[0]


# -------------------------------------------------------------- options either side
@pytest.mark.parametrize("order", ["before", "after"])
def test_data_works_before_and_after_the_command(capsys, demo, tmp_path, order):
    out = tmp_path / "b.json"
    args = (["--data", str(demo), "backup", "-o", str(out)] if order == "before"
            else ["backup", "-o", str(out), "--data", str(demo)])
    code, _, err = run(capsys, *args)
    assert code == 0, err
    assert len(json.loads(out.read_text(encoding="utf-8"))["tables"]["processes"]) == 11


@pytest.mark.parametrize("args", [["--data", "{d}", "where"], ["where", "--data", "{d}"]])
def test_where_prints_the_journal_file_of_the_data_given_anywhere(capsys, tmp_path, args):
    code, out, _ = run(capsys, *[a.format(d=tmp_path / "x") for a in args])
    assert (code, out.strip()) == (0, str(tmp_path / "x" / "journal.sqlite3"))


@pytest.mark.parametrize("args", [["--port", "8899", "serve"], ["serve", "--port", "8899"],
                                  ["--port", "8899"]])
def test_the_port_is_taken_before_or_after_serve(args):
    parsed = cli.parse(args)
    assert parsed.port == 8899 and parsed.command in (None, "serve")
    assert parsed.ip == "127.0.0.1" and parsed.no_browser is False


def test_the_option_after_the_command_wins_over_the_one_before():
    assert cli.parse(["--data", "a", "where", "--data", "b"]).data == "b"


def test_server_options_with_another_command_are_refused(capsys):
    code, _, err = run(capsys, "--port", "8899", "backup", "-o", "x.json")
    assert code == 2
    assert one_line(err) == ("nextround: --port goes with `nextround serve` or `nextround "
                             "lab`, not with `nextround backup`.")


def test_preheat_goes_with_serve_only(capsys):
    assert cli.parse(["serve", "--preheat"]).preheat is True
    assert cli.parse(["--preheat"]).preheat is True
    assert cli.parse(["serve"]).preheat is False
    code, _, err = run(capsys, "lab", "--preheat")
    assert code == 2
    assert one_line(err) == ("nextround: --preheat goes with `nextround serve`: JupyterLab "
                             "starts a page's kernel when the page opens.")


def test_voila_is_told_to_preheat_only_when_asked():
    assert not any("preheat" in option for option in cli.voila_options())
    asked = cli.voila_options(preheat=True)
    assert "--VoilaConfiguration.preheat_kernel=True" in asked
    assert "--VoilaConfiguration.default_pool_size=1" in asked
    assert '--VoilaKernelManager.preheat_denylist=["coach_cohort.ipynb"]' in asked


# ----------------------------------------------------------------------------- typos
def test_a_typo_in_a_command_names_the_nearest_one(capsys):
    code, _, err = run(capsys, "bakcup", "-o", "x.json")
    assert code == 2
    assert one_line(err) == ("nextround: there is no command 'bakcup'. Did you mean "
                             "`nextround backup`? `nextround --help` lists them.")


def test_a_word_like_no_command_gets_the_list(capsys):
    code, _, err = run(capsys, "xyzzy")
    assert code == 2 and "Did you mean" not in one_line(err) and "--help" in err


def test_a_missing_option_is_one_line(capsys):
    code, _, err = run(capsys, "report")
    assert code == 2 and "-o/--output" in one_line(err)


# -------------------------------------------------------------- --data names a file
@pytest.mark.parametrize("command", [["where"], ["demo"], ["serve", "--no-browser"],
                                     ["restore", "{backup}"], ["backup", "-o", "{tmp}/b.json"],
                                     ["csv", "-o", "{tmp}/csv"], ["report", "-o", "{tmp}/r.html"]])
def test_data_pointing_at_the_journal_file_names_its_folder(capsys, demo, tmp_path, command):
    backup = tmp_path / "backup.json"
    assert cli.main(["backup", "-o", str(backup), "--data", str(demo)]) == 0
    capsys.readouterr()
    before = (demo / "journal.sqlite3").read_bytes()
    args = [a.format(backup=backup, tmp=tmp_path) for a in command]
    code, out, err = run(capsys, *args, "--data", str(demo / "journal.sqlite3"))
    assert code == 1 and out == ""
    assert one_line(err) == (f"nextround: --data must be a folder, and {demo / 'journal.sqlite3'}"
                             f" is the journal file itself: give the folder it is in, --data "
                             f"{demo}")
    assert (demo / "journal.sqlite3").read_bytes() == before
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "csv").exists()


def test_a_data_folder_from_the_environment_that_is_a_file_is_named(capsys, tmp_path,
                                                                     monkeypatch):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "notes.txt"))
    code, _, err = run(capsys, "where")
    assert code == 1 and "$NEXTROUND_DATA_DIR must be a folder" in one_line(err)


# ----------------------------------------------------------- outputs of the wrong kind
@pytest.mark.parametrize("command, example", [("backup", "nextround-backup.json"),
                                              ("report", "nextround-report.html")])
def test_a_folder_given_as_the_output_file_is_refused_by_name(capsys, demo, tmp_path, command,
                                                              example):
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(capsys, command, "-o", str(folder), "--data", str(demo))
    assert code == 1
    assert one_line(err) == (f"nextround: {folder} is a folder: give the name of the file to "
                             f"write, e.g. {folder / example}.")
    assert list(folder.iterdir()) == []  # no temporary file left, none named


def test_an_output_in_a_missing_folder_is_refused(capsys, demo, tmp_path):
    code, _, err = run(capsys, "report", "-o", str(tmp_path / "nope" / "r.html"),
                       "--data", str(demo))
    assert code == 1
    assert one_line(err) == (f"nextround: Cannot write {tmp_path / 'nope' / 'r.html'}: the "
                             f"folder {tmp_path / 'nope'} does not exist.")


def test_a_file_given_as_the_csv_folder_is_refused(capsys, demo, tmp_path):
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "csv", "-o", str(tmp_path / "taken"), "--data", str(demo))
    assert code == 1 and f"{tmp_path / 'taken'} is a file" in one_line(err)
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


def test_a_write_that_fails_names_the_file_asked_for_not_a_temporary_one(demo, tmp_path):
    from nextround.documents.backup import atomic_write_bytes

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as info:
        atomic_write_bytes(folder, b"x")
    assert info.value.filename == str(folder)
    assert list(folder.iterdir()) == []


# ------------------------------------------------------------------------- backups
def test_a_file_that_is_not_json_is_named_when_restoring(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my interview notes", encoding="utf-8")
    code, _, err = run(capsys, "restore", str(notes), "--data", str(tmp_path / "d"))
    assert code == 1
    line = one_line(err)
    assert line.startswith(f"nextround: {notes} is not a backup NextRound can restore: ")
    assert "JSON" in line


def test_backing_up_a_journal_from_a_newer_version_names_it(capsys, demo, tmp_path):
    conn = sqlite3.connect(demo / "journal.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "backup", "-o", str(tmp_path / "b.json"), "--data", str(demo))
    assert code == 1
    line = one_line(err)
    assert str(demo / "journal.sqlite3") in line and "newer version" in line
    assert not (tmp_path / "b.json").exists()
