"""`nextround share` and `nextround cohort`, run as a person runs them."""

from __future__ import annotations

import json
import stat
from types import SimpleNamespace

import pytest
from cohort_journals import journal_in, nextround

from nextround.documents.cohort import document


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One person shares twice, the coach reads both, then the person takes it back."""
    folder = tmp_path_factory.mktemp("cli")
    data = journal_in(folder / "d", 1)
    shared = [nextround("share", "--data", str(data), "-o", str(folder / f"{name}.json"))
              for name in ("first", "second")]
    both = nextround("cohort", str(folder / "first.json"), str(folder / "second.json"),
                     "-o", str(folder / "r.html"))
    back = nextround("share", "--withdraw", "--data", str(data), "-o", str(folder / "back.json"))
    after = nextround("cohort", str(folder / "first.json"), str(folder / "second.json"),
                      str(folder / "back.json"), "-o", str(folder / "after.html"))
    return SimpleNamespace(folder=folder, shared=shared, both=both, back=back, after=after)


def test_share_writes_the_summary_and_says_what_it_holds(runs):
    out, path = runs.shared[0], runs.folder / "first.json"
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Summary written to {path}.")
    assert "\n- " in out.stdout and "interview processes: how far each got" in out.stdout
    doc = document.read(path)
    assert doc["sequence"] == 1 and not doc["withdrawn"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sharing_twice_counts_the_person_once(runs):
    first, second = (json.loads((runs.folder / f"{n}.json").read_text())
                     for n in ("first", "second"))
    assert first["participant"] == second["participant"] and second["sequence"] == 2
    assert runs.both.stdout.startswith("1 person counted. Summaries read at")


def test_taking_back_from_the_command_line_leaves_the_person_out(runs):
    assert runs.back.returncode == 0 and "their page leaves you out" in runs.back.stdout
    assert runs.after.stdout.startswith("0 people counted. Summaries read at")
    assert ": 3 (1 taking everything back, 2 replaced by a later one" in runs.after.stdout


def test_share_without_a_journal_fails_in_one_line(tmp_path):
    out = nextround("share", "--data", str(tmp_path / "nowhere"), "-o", str(tmp_path / "s.json"))
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "No journal at" in out.stderr and not (tmp_path / "s.json").exists()


def test_cohort_names_each_bad_file_and_still_writes_the_report(runs, tmp_path):
    (tmp_path / "bad.json").write_text('{"format": "nextround-cohort-summary"}')
    out = nextround("cohort", str(runs.folder / "first.json"), str(tmp_path / "bad.json"),
                    "-o", str(tmp_path / "r.html"))
    assert out.returncode == 0
    assert out.stderr == (f"nextround: not read: {tmp_path / 'bad.json'}: "
                          "format_version: this field is missing.\n")
    assert out.stdout.startswith("1 person counted.")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_taking_back_before_sharing_anything_is_refused(tmp_path):
    data = journal_in(tmp_path / "d", 2)
    out = nextround("share", "--withdraw", "--data", str(data), "-o", str(tmp_path / "b.json"))
    assert out.returncode == 1
    assert out.stderr == ("nextround: Nothing has been shared from this journal, so there is "
                          "nothing to take back.\n")
    assert not (tmp_path / "b.json").exists()
