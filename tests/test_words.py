"""The coaching words: checked when read, every problem one line naming the file and the key,
and every key the code reads is in the shipped file."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from nextround import words
from nextround.errors import CoachingWordsError

SRC = Path(__file__).parents[1] / "src" / "nextround"
SHIPPED = (SRC / "coaching.toml").read_text(encoding="utf-8")
ONE_LINE = ("The coaching words in {path}: [feedback] themes is missing. Fix the file, or "
            "unset NEXTROUND_COACHING to use the words that come with NextRound.")


def without_themes(tmp_path: Path) -> Path:
    path = tmp_path / "coaching.toml"
    text = SHIPPED.replace('\nthemes = [\n  "Technical depth"', '\nold_themes = [\n  "Technical depth"', 1)
    assert text != SHIPPED
    path.write_text(text, encoding="utf-8")
    return path


def problem(change) -> str:
    data = copy.deepcopy(words.shipped())
    change(data)
    with pytest.raises(CoachingWordsError) as caught:
        words.check(data, "/coach/words.toml")
    return str(caught.value).removeprefix("The coaching words in /coach/words.toml: ").removesuffix(
        ". Fix the file, or unset NEXTROUND_COACHING to use the words that come with NextRound.")


def test_the_shipped_words_pass_and_their_schema_is_current():
    words.check(words.shipped())
    shipped_schema = json.loads((SRC / "words.schema.json").read_text(encoding="utf-8"))
    assert shipped_schema == words.generate_schema(), (
        "coaching.toml changed shape: run `python -m nextround.words` to regenerate the schema")


@pytest.mark.parametrize("change, said", [
    (lambda w: w["feedback"].pop("themes"), "[feedback] themes is missing"),
    (lambda w: w["charts"]["review"]["funnel"].pop("too_little"),
     "[charts.review.funnel] too_little is missing"),
    (lambda w: w["fit"].__setitem__("min_processes_for_findings", "three"),
     "[fit] min_processes_for_findings should be a whole number"),
    (lambda w: w["feedback"]["templates"]["Warm"].__setitem__("body", ["Hi"]),
     "[feedback.templates.Warm] body should be text"),
    (lambda w: w["process"]["stage_to_funnel"].__setitem__("Final interview", "Finale"),
     "[process.stage_to_funnel] Final interview names the funnel step 'Finale', which "
     "[process] funnel does not have"),
    (lambda w: w["process"]["funnel"].__setitem__(3, "Interviews"),
     "[process.stage_to_funnel] Technical interview names the funnel step 'Interview', which "
     "[process] funnel does not have"),
    (lambda w: w["feedback"].__setitem__("email_channels", ["Email", "Pigeon"]),
     "[feedback] email_channels names 'Pigeon', which is not one of the channels"),
    (lambda w: w["feedback"].__setitem__("default_tone", "Cheerful"),
     "[feedback] default_tone is not one of the tones"),
    (lambda w: w["kit"].__setitem__("saved_at", "Saved {when}"),
     "[kit] saved_at uses {when}, which NextRound does not fill there (it fills: {time})"),
    (lambda w: w["kit"].__setitem__("saved_at", "Saved at {time"),
     "[kit] saved_at has a { or } that is not part of a {placeholder} (write {{ or }})"),
    (lambda w: w["preparation"].__setitem__("levels", ["None", "Some"]),
     "[preparation] levels should have 4 entries, not 2"),
], ids=["missing", "missing-chart-words", "wrong-type", "wrong-type-nested", "unknown-step",
        "renamed-step", "email-not-a-channel", "unknown-tone", "unknown-placeholder",
        "broken-brace", "fixed-length"])
def test_a_words_problem_names_the_key(change, said):
    assert problem(change) == said


def test_a_new_tone_is_checked_like_the_shipped_ones():
    def add_tone(w):
        w["feedback"]["tones"].append("Cheerful")
        w["feedback"]["templates"]["Cheerful"] = dict(w["feedback"]["templates"]["Warm"],
                                                      body="Hi {nam}!")
    assert problem(add_tone) == (
        "[feedback.templates.Cheerful] body uses {nam}, which NextRound does not fill there "
        "(it fills: {company}, {name}, {questions}, {role}, {sign_off}, {stage})")


def test_a_file_that_is_not_toml_or_missing_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "words.toml"
    bad.write_text("[feedback\nthemes = 3", encoding="utf-8")
    monkeypatch.setenv("NEXTROUND_COACHING", str(bad))
    words.words.cache_clear()
    try:
        with pytest.raises(CoachingWordsError, match=rf"^The coaching words in {re.escape(str(bad))}: it is not valid TOML \("):
            words.words()
        monkeypatch.setenv("NEXTROUND_COACHING", str(tmp_path / "nowhere.toml"))
        words.words.cache_clear()
        with pytest.raises(CoachingWordsError, match="nowhere.toml: there is no such file"):
            words.words()
    finally:
        monkeypatch.delenv("NEXTROUND_COACHING")
        words.words.cache_clear()


@pytest.mark.parametrize("command", [["report", "-o", "r.html"], ["demo"], ["serve", "--no-browser"]])
def test_a_command_stops_at_once_with_one_line(tmp_path, command):
    path = without_themes(tmp_path)
    env = {"NEXTROUND_COACHING": str(path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "nextround.cli", *command, "--data",
                           str(tmp_path / "data")], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "nextround: " + ONE_LINE.format(path=path) + "\n"
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "data").exists()


def test_a_workbook_stops_at_its_first_cell_with_one_line(tmp_path, monkeypatch):
    path = without_themes(tmp_path)
    monkeypatch.setenv("NEXTROUND_COACHING", str(path))
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    notebook = nbformat.read(Path(__file__).parents[1] / "workbooks" / "01_review_and_reflect.ipynb", 4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3")
    with pytest.raises(CellExecutionError):
        client.execute()
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert [o for o in first_code.outputs if o.output_type == "error"] == []  # no traceback
    said = [o.data["text/plain"] for o in first_code.outputs if o.output_type == "display_data"
            and "text/html" in o.data]
    assert said == ["This page cannot use the coaching words it was given. "
                    + ONE_LINE.format(path=path)]


# ------------------------------------------------------------------ every key the code reads
def _literal_keys() -> set[tuple[str, ...]]:
    """Every key the code names literally: say("a.b.c") and words()["a"]["b"]…"""
    found = set()
    for module in SRC.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        for key in re.findall(r'\bsay\(\s*"([A-Za-z0-9_.]+)"', text):
            found.add(tuple(key.split(".")))
        for chain in re.findall(r'\bwords\(\)((?:\["[^"]+"\])+)', text):
            found.add(tuple(re.findall(r'\["([^"]+)"\]', chain)))
    return found


def test_every_key_the_code_names_is_in_the_shipped_words():
    keys = _literal_keys()
    assert len(keys) > 100  # the scan finds the code's keys at all
    missing = []
    for key in sorted(keys):
        found = words.shipped()
        for part in key:
            if not isinstance(found, dict) or part not in found:
                missing.append(".".join(key))
                break
            found = found[part]
    assert missing == []


def test_every_chart_spec_has_its_words():
    from nextround import specs

    for spec in specs.every():
        assert spec.title and spec.too_little, spec.key
