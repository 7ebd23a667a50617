"""Reading summaries: every bad file refused with its name and reason, the others still read;
each person counted once, by their latest summary; a summary that takes back wins."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os

import pytest

from nextround.documents.cohort import document, reading, summary
from nextround.documents.cohort.document import SummaryError

TODAY = dt.date(2026, 3, 31)


def person(n: int) -> str:
    return f"{n:032x}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cohort_journals import fill

    from nextround.store.journal import Journal

    with Journal.open(tmp_path_factory.mktemp("j") / "journal.sqlite3", create=True) as journal:
        fill(journal, 1)
        return summary.build(journal, person(1), 1, TODAY)


@pytest.fixture
def good(built):
    return copy.deepcopy(built)


def text(doc) -> bytes:
    return json.dumps(doc).encode("utf-8")


def refused(data: bytes) -> SummaryError:
    with pytest.raises(SummaryError) as caught:
        document.parse(data)
    return caught.value


def changed(doc, change):
    doc = copy.deepcopy(doc)
    change(doc)
    return text(doc)


@pytest.mark.parametrize("change, field, words", [
    (lambda d: d.update(extra=1), "extra", "unknown field"),
    (lambda d: d["counts"]["reasons"].update(why="I froze"), "counts.reasons.why",
     "unknown field"),
    (lambda d: d["counts"]["themes"][0].update(note="free text"), "counts.themes[0].note",
     "unknown field"),
    (lambda d: d.pop("participant"), "participant", "missing"),
    (lambda d: d.update(participant="priya@example.com"), "participant", "expected form"),
    (lambda d: d.update(week="2026-03-31"), "week", "expected form (the ISO week"),
    (lambda d: d["counts"]["goals"].update(done="3"), "counts.goals.done",
     "must be a whole number (goals done)"),
    (lambda d: d["counts"]["goals"].update(done=-1), "counts.goals.done",
     "must be from 0 to 1000000"),
    (lambda d: d["counts"]["processes"][0].update(outcome="ghosted"),
     "counts.processes[0].outcome", 'must be one of "in progress", "waiting"'),
    (lambda d: d["counts"]["processes"][0].update(step="Coffee chat"),
     "counts.processes[0].step", "not a step"),
    (lambda d: d["counts"]["processes"].append(dict(d["counts"]["processes"][0])),
     "counts.processes[{n}]", "appears twice"),
    (lambda d: d["counts"]["preparation"]["areas"].update(examples=1.25),
     "counts.preparation.areas.examples", "must be a multiple of 0.5"),
    (lambda d: d.update(withdrawn=True), "counts",
     "must be null (a summary that takes back carries no counts)"),
    (lambda d: d.update(counts=None), "counts", "must be an object"),
])
def test_a_bad_field_is_refused_by_its_path(good, change, field, words):
    problem = refused(changed(good, change))
    expected = field.format(n=len(good["counts"]["processes"]))
    assert problem.field == expected
    assert str(problem).startswith(f"{expected}: ") and words in str(problem)


def test_a_repeated_key_is_refused_by_its_path(good):
    data = text(good).replace(b'"sequence": 1', b'"sequence": 1, "sequence": 2')
    assert refused(data).field == "sequence"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"{not json", "not valid JSON (line 1, column 2)"),
    ("é".encode("latin-1") * 10, "not UTF-8"),
    (b'{"format": "nextround-backup"}', "not a NextRound summary"),
    (b"[1, 2]", "not a NextRound summary"),
    (b" " * (document.MAX_BYTES + 1), "more than the 64 KB"),
])
def test_a_file_that_is_not_a_summary_says_so(data, words):
    assert words in str(refused(data))


def test_nan_and_deep_nesting_are_refused(good):
    assert refused(text(good).replace(b'"sequence": 1', b'"sequence": NaN')).field == "sequence"
    deep = b'{"format": "nextround-cohort-summary", "x": ' + b"[" * 40 + b"]" * 40 + b"}"
    assert "nested more than" in str(refused(deep))


def test_a_summary_from_a_newer_nextround_asks_for_an_upgrade(good):
    problem = refused(changed(good, lambda d: d.update(format_version=2)))
    assert problem.field == "format_version" and "upgrade NextRound" in str(problem)


# ------------------------------------------------------------------ many files
def write(folder, name, data: bytes):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


@pytest.fixture
def box(tmp_path):
    """A folder of summaries (the `journal` fixture keeps its own beside it)."""
    return tmp_path / "box"


def test_a_bad_file_is_refused_with_its_name_and_the_others_are_still_read(box, good):
    write(box, "a.json", text(good))
    write(box, "b.json", text({**good, "participant": person(2)}))
    write(box, "broken.json", b'{"format": "nextround-cohort-summary", ')
    write(box, "notes.txt", b"hello")
    read = reading.read_paths([box])
    assert read.people == 2 and read.summaries == 2
    assert [(os.path.basename(r.name), r.reason.split(" (")[0]) for r in read.refused] == [
        ("broken.json", "the file is not valid JSON"), ("notes.txt", "the file is not valid JSON")]


def test_hidden_files_are_skipped_and_folders_inside_named(box, good):
    write(box, ".nextround-summary-half.tmp", b'{"form')
    (box / "old").mkdir()
    write(box, "a.json", text(good))
    read = reading.read_paths([box])
    assert read.people == 1
    assert [(os.path.basename(r.name), r.reason) for r in read.refused] == [
        ("old", "a folder within: the files in it are not read.")]


def test_a_link_is_not_followed(tmp_path, box, good):
    secret = write(tmp_path, "secret.json", text(good))
    box.mkdir()
    (box / "link.json").symlink_to(secret)
    read = reading.read_paths([box])
    assert read.people == 0
    assert read.refused[0].reason == "not a plain file (a link, a folder or a device): not read."


def test_a_pipe_is_refused_without_waiting_for_it(box):
    box.mkdir()
    os.mkfifo(box / "pipe.json")
    read = reading.read_paths([box])  # would block for ever if the pipe were opened
    assert read.refused[0].reason == "not a plain file (a link, a folder or a device): not read."


def test_a_missing_file_is_refused_by_name(tmp_path):
    read = reading.read_paths([tmp_path / "nowhere.json"])
    assert read.refused[0].name.endswith("nowhere.json")
    assert read.refused[0].reason.startswith("cannot be read (No such file")


def test_the_same_person_sharing_twice_counts_once_by_the_latest(good):
    later = copy.deepcopy(good)
    later["sequence"] = 2
    later["counts"]["goals"]["done"] = 7
    read = reading.gather([("first", good), ("second", later), ("again", later)])
    assert read.people == 1 and read.replaced == 2
    assert read.cohort.summaries[0]["counts"]["goals"]["done"] == 7


def test_the_latest_summary_wins_whatever_order_the_files_come_in(good):
    later = {**good, "sequence": 2}
    first_last = reading.gather([("b", later), ("a", good)])
    assert first_last.cohort.summaries[0]["sequence"] == 2


def test_a_summary_that_takes_back_leaves_the_person_out(good):
    withdrawn = summary.withdrawal(person(1), 2, TODAY)
    other = {**good, "participant": person(2)}
    read = reading.gather([("a", good), ("b", withdrawn), ("c", other)])
    assert read.people == 1 and read.withdrawn == 1
    assert read.cohort.summaries[0]["participant"] == person(2)


def test_sharing_again_after_taking_back_counts_again(good):
    again = {**good, "sequence": 3}
    read = reading.gather([("a", good), ("b", summary.withdrawal(person(1), 2, TODAY)),
                           ("c", again)])
    assert read.people == 1 and read.withdrawn == 0


def test_uploads_are_checked_like_files(good):
    docs, bad = reading.read_uploads([("mine.json", text(good)), ("cv.pdf", b"%PDF-1.7")])
    assert [name for name, _ in docs] == ["mine.json"]
    assert bad[0].name == "cv.pdf" and "not valid JSON" in bad[0].reason
