"""Candidate reasons come from the journal and the common list; each is sorted once."""

from __future__ import annotations

import pytest

from nextround.store import processes as store
from nextround.store import reasons
from nextround.errors import ChangedElsewhere, JournalError
from nextround.words import words

COMMON = words()["reasons"]["common_outside"]


@pytest.fixture
def process(journal):
    process = store.add_process(journal, "Acme")
    stage = store.add_stage(journal, process["id"], kind="Final interview")
    journal.add("reflections", stage_id=stage["id"], do_differently="Ask about the team",
                themes=["Technical depth", "Experience level"])
    empty = store.add_stage(journal, process["id"], kind="Screening call")
    journal.add("reflections", stage_id=empty["id"], do_differently="   ", themes=[])
    journal.add("takeaways", process_id=process["id"], position=0, text="Practise STAR $$ aloud")
    journal.add("feedback_points", process_id=process["id"], text="They said…",
                themes=["Experience level", "Another candidate"])
    # Another process's words never leak in.
    other = store.add_process(journal, "Other")
    journal.add("takeaways", process_id=other["id"], position=0, text="Not this one")
    return process


def test_candidates_gather_every_source_once(journal, process):
    found = reasons.candidates(journal, process["id"])
    assert [(c.text, c.source) for c in found] == [
        ("Ask about the team", "reflection"),
        ("Technical depth", "theme"),
        ("Experience level", "theme"),
        ("Practise STAR $$ aloud", "takeaway"),
        ("Another candidate", "feedback"),
        *((text, "common") for text in COMMON),
    ]
    assert found[0].source_label == "from my reflection"


def test_sorted_reasons_leave_the_candidates_and_come_back_when_removed(journal, process):
    row = reasons.sort_reason(journal, process["id"], "Technical depth", "theme",
                              reasons.WITHIN)
    texts = [c.text for c in reasons.candidates(journal, process["id"])]
    assert "Technical depth" not in texts
    reasons.remove_reason(journal, row)
    assert "Technical depth" in [c.text for c in reasons.candidates(journal, process["id"])]


def test_sorting_checks_the_pile_and_the_source(journal, process):
    with pytest.raises(JournalError):
        reasons.sort_reason(journal, process["id"], "x", "theme", "my fault")
    with pytest.raises(JournalError):
        reasons.sort_reason(journal, process["id"], "x", "gossip", reasons.WITHIN)


def test_resorting_needs_the_revision_read(journal, process):
    row = reasons.sort_reason(journal, process["id"], "x", "own", reasons.WITHIN)
    moved = reasons.resort(journal, row, reasons.OUTSIDE)
    assert moved["control"] == "outside my control"
    with pytest.raises(ChangedElsewhere):
        reasons.resort(journal, row, reasons.UNKNOWN)


def test_own_reasons_are_kept_as_typed_and_not_twice(journal, process):
    text = "<b>Budget</b> 💸 froze — ميزانية"
    row = reasons.add_own_reason(journal, process["id"], text)
    assert row["text"] == text and row["source"] == "own" and row["control"] is None
    with pytest.raises(JournalError, match="already"):
        reasons.add_own_reason(journal, process["id"], text.upper())
    with pytest.raises(JournalError):
        reasons.add_own_reason(journal, process["id"], "  ")


def test_share_counts_only_sorted_reasons(journal, process):
    pid = process["id"]
    assert reasons.share_within(reasons.sorted_reasons(journal, pid)) is None
    assert reasons.share_sentence([]) == ""
    reasons.sort_reason(journal, pid, "a", "own", reasons.WITHIN)
    reasons.sort_reason(journal, pid, "b", "own", reasons.WITHIN)
    reasons.sort_reason(journal, pid, "c", "own", reasons.OUTSIDE)
    reasons.sort_reason(journal, pid, "d", "own", reasons.UNKNOWN)
    reasons.sort_reason(journal, pid, "e", "own", None)
    rows = reasons.sorted_reasons(journal, pid)
    assert reasons.share_within(rows) == (2, 4)
    assert reasons.share_sentence(rows) == (
        "You sorted 4 reasons: 2 within your control (50%), 1 outside it, 1 you can't know.")
