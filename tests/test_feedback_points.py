"""Feedback points: splitting pasted feedback, recording it, and the actions step 4 picks up."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.store import feedback_points as fp
from nextround.store import feedback_requests as fr
from nextround.store import processes


@pytest.mark.parametrize("text,points", [
    ("- Strong SQL\n- Examples lacked numbers\n  and context\n* Ask more questions",
     ["Strong SQL", "Examples lacked numbers and context", "Ask more questions"]),
    ("Here is what the panel said:\n1. Depth in system design\n2) Clearer structure",
     ["Here is what the panel said:", "Depth in system design", "Clearer structure"]),
    ("Hi Sam,\n\nYour design answer lacked depth.\nIt rambled.\n\nBest,\nJo",
     ["Hi Sam,", "Your design answer lacked depth. It rambled.", "Best, Jo"]),
    ("Great energy, e.g. in the case study. But the numbers were vague! Why no metrics?",
     ["Great energy, e.g. in the case study.", "But the numbers were vague!", "Why no metrics?"]),
    ("技术很好。沟通需要改进！", ["技术很好。", "沟通需要改进！"]),
    ("   \n\n  ", []),
    ("$80k–$95k was above the band", ["$80k–$95k was above the band"]),
])
def test_split_points(text, points):
    assert fp.split_points(text) == points


@pytest.fixture
def process(journal):
    return processes.add_process(journal, "Acme", "Data engineer")


def test_recording_feedback_saves_points_and_answers_the_request(journal, process):
    request = fr.mark_sent(journal, fr.start_request(journal, process["id"]), "2026-04-03")
    saved = fp.record_feedback(journal, process["id"], "- Depth\n- Examples",
                               request_id=request["id"], received_on=dt.date(2026, 4, 9))
    assert [p["text"] for p in saved] == ["Depth", "Examples"]
    assert all(p["request_id"] == request["id"] and p["received_on"] == "2026-04-09"
               for p in saved)
    request = journal.get("feedback_requests", request["id"])
    assert (request["status"], request["answered_on"], request["follow_up_on"]) == (
        "answered", "2026-04-09", None)


def test_recording_nothing_or_for_another_process_changes_nothing(journal, process):
    other = processes.add_process(journal, "Other")
    request = fr.start_request(journal, other["id"])
    with pytest.raises(ValueError):
        fp.record_feedback(journal, process["id"], "  ")
    with pytest.raises(ValueError):
        fp.record_feedback(journal, process["id"], "Depth.", request_id=request["id"])
    assert journal.count("feedback_points") == 0
    assert journal.get("feedback_requests", request["id"])["status"] == "draft"


def test_open_actions_lists_points_with_an_action_until_a_goal_takes_them(journal, process):
    first, second, third = fp.record_feedback(journal, process["id"], "- A\n- B\n- C",
                                              received_on="2026-04-09")
    journal.update("feedback_points", first["id"], first["rev"], action="Practise STAR",
                   themes=["Examples and evidence"], surprise=True)
    journal.update("feedback_points", third["id"], third["rev"], action="   ")
    later = fp.add_point(journal, process["id"], "D", received_on="2026-04-10",
                         action="Read the blog")
    actions = fp.open_actions(journal)
    assert [a["id"] for a in actions] == [first["id"], later["id"]]
    assert actions[0] == {
        "id": first["id"], "process_id": process["id"], "request_id": None,
        "received_on": "2026-04-09", "text": "A", "themes": ["Examples and evidence"],
        "surprise": True, "action": "Practise STAR", "company": "Acme", "role": "Data engineer",
        "goal_id": None}
    goal = journal.add("goals", title="Practise STAR", source=fp.GOAL_SOURCE,
                       source_id=first["id"])
    assert [a["id"] for a in fp.open_actions(journal)] == [later["id"]]
    everything = fp.open_actions(journal, include_taken=True)
    assert [(a["id"], a["goal_id"]) for a in everything] == [(first["id"], goal["id"]),
                                                             (later["id"], None)]
