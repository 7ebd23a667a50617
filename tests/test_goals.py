"""The learning plan: goals offered from takeaways and feedback, sessions, and topics."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround import goals, processes, topics
from nextround.errors import JournalError

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def seeded(journal):
    p = processes.add_process(journal, "Northwind", "Data engineer", applied_on=TODAY)
    takeaway = journal.add("takeaways", process_id=p["id"], position=0,
                           text="Prepare three STAR stories")
    journal.add("takeaways", process_id=p["id"], position=1, text="   ")
    point = journal.add("feedback_points", process_id=p["id"], text="Examples were thin",
                        action="Quantify the migration's impact")
    journal.add("feedback_points", process_id=p["id"], text="Nice chat", action=None)
    return journal, takeaway, point


def test_takeaways_and_feedback_actions_are_offered(seeded):
    journal, takeaway, point = seeded
    offered = goals.suggestions(journal)
    assert [(s.source, s.source_id, s.text) for s in offered] == [
        ("Takeaway", takeaway["id"], "Prepare three STAR stories"),
        ("Feedback", point["id"], "Quantify the migration's impact"),
    ]
    assert offered[0].origin == "Takeaway from Northwind"


def test_adopting_a_suggestion_makes_one_goal_and_stops_offering_it(seeded):
    journal, takeaway, _ = seeded
    first = goals.suggestions(journal)[0]
    goal = goals.adopt(journal, first, TODAY)
    assert goal["title"] == "Prepare three STAR stories"
    assert (goal["source"], goal["source_id"]) == ("Takeaway", takeaway["id"])
    assert goal["deadline"] == "2026-03-30" and goal["status"] == "active" and goal["progress"] == 0
    assert goals.adopt(journal, first, TODAY)["id"] == goal["id"]
    assert journal.count("goals") == 1
    assert [s.source for s in goals.suggestions(journal)] == ["Feedback"]
    goals.remove_goal(journal, goal)
    assert len(goals.suggestions(journal)) == 2


def test_own_goal_and_smart_gaps(journal):
    with pytest.raises(JournalError):
        goals.add_goal(journal, " ", TODAY)
    goal = goals.add_goal(journal, "Learn dbt", TODAY)
    assert goal["source"] == "My own" and goal["source_id"] is None
    assert goals.smart_gaps(goal) == ["what exactly you will do", "how you will measure it"]
    goal = journal.update("goals", goal["id"], goal["rev"], specific="Finish the course",
                          measure="Certificate")
    assert goals.smart_gaps(goal) == []


def test_sessions_are_logged_with_minutes(journal):
    goal = goals.add_goal(journal, "Learn dbt", TODAY)
    goals.log_session(journal, goal["id"], TODAY, 45, "models")
    goals.log_session(journal, goal["id"], TODAY + dt.timedelta(days=2), 30)
    assert goals.minutes_spent(journal, goal["id"]) == 75
    assert [s["minutes"] for s in goals.sessions(journal, goal["id"])] == [30, 45]
    for bad in (0, -5, 2000, True, 4.5):
        with pytest.raises(JournalError):
            goals.log_session(journal, goal["id"], TODAY, bad)
    assert journal.count("learning_sessions") == 2


def test_goals_are_ordered_active_first_by_deadline(journal):
    late = goals.add_goal(journal, "late", TODAY, deadline=TODAY + dt.timedelta(days=50))
    soon = goals.add_goal(journal, "soon", TODAY, deadline=TODAY + dt.timedelta(days=5))
    done = goals.add_goal(journal, "done", TODAY, deadline=TODAY)
    journal.update("goals", done["id"], done["rev"], status="done")
    assert [g["title"] for g in goals.all_goals(journal)] == ["soon", "late", "done"]
    assert late


def test_topics_and_dated_notes(journal):
    with pytest.raises(JournalError):
        topics.add_topic(journal, "")
    topic = topics.add_topic(journal, "Lakehouse formats", "Newsletter")
    topics.add_note(journal, topic["id"], "Iceberg v3 adds row lineage", TODAY)
    topics.add_note(journal, topic["id"], "Delta UniForm", TODAY + dt.timedelta(days=3))
    assert [n["text"] for n in topics.notes(journal, topic["id"])] == [
        "Delta UniForm", "Iceberg v3 adds row lineage"]
    with pytest.raises(JournalError):
        topics.add_note(journal, topic["id"], "  ", TODAY)
    topics.remove_topic(journal, journal.get("topics", topic["id"]))
    assert journal.count("topic_notes") == 0
