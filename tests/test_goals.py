"""The learning plan: goals offered from takeaways and feedback, sessions, and topics."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.store import goals, processes, topics
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


# ------------------------------------------------------------------ analysis, known answers
def goal_frame(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["id", "title", "progress", "deadline", "status",
                                       "created_at"])


def test_goals_progress_against_the_calendar():
    from nextround.analysis.learning import goals_progress, goals_summary

    frame = goal_frame([
        # 10 of 20 days gone: 50% expected
        (1, "on track", 45, "2026-03-21", "active", "2026-03-01T10:00:00Z"),
        (2, "behind", 20, "2026-03-21", "active", "2026-03-01T10:00:00Z"),
        (3, "overdue", 60, "2026-03-05", "active", "2026-02-01T10:00:00Z"),
        (4, "done", 70, "2026-03-05", "done", "2026-02-01T10:00:00Z"),
        (5, "dropped", 0, "2026-03-30", "dropped", "2026-02-01T10:00:00Z"),
    ])
    out = goals_progress(frame, dt.date(2026, 3, 11)).set_index("title")
    assert list(out.index) == ["overdue", "on track", "behind", "done"]
    assert out.loc["on track", "expected"] == 50 and not out.loc["on track", "behind"]
    assert out.loc["behind", "behind"] and out.loc["behind", "days_left"] == 10
    assert out.loc["overdue", "overdue"] and out.loc["overdue", "expected"] == 100
    assert out.loc["done", "progress"] == 100 and not out.loc["done", "overdue"]
    summary = goals_summary(goals_progress(frame, dt.date(2026, 3, 11)))
    assert summary.startswith("1 of 3 open goals on track, 1 done.")
    assert "“overdue” is past its deadline" in summary


def test_confidence_by_day_and_running_average():
    import pandas as pd

    from nextround.analysis.learning import confidence_by_day, confidence_summary

    reviews = pd.DataFrame({
        "reviewed_at": ["2026-03-01T09:00:00Z", "2026-03-01T18:00:00Z", "2026-03-04T09:00:00Z"],
        "confidence": [1, 3, 5],
    })
    daily = confidence_by_day(reviews)
    assert daily["confidence"].tolist() == [2.0, 5.0]
    assert daily["reviews"].tolist() == [2, 1]
    assert daily["running"].tolist() == [2.0, 3.0]
    assert confidence_summary(daily) == ("3 practices over 2 days. Confidence up: 2.0 on the "
                                         "first day, 5.0 on the latest.")
    assert "Practise" in confidence_summary(confidence_by_day(reviews.iloc[:0]))


def test_weekly_activity_counts_each_kind_in_its_week():
    import pandas as pd

    from nextround.analysis.learning import activity_summary, weekly_activity

    sessions = pd.DataFrame({"held_on": ["2026-03-02", "2026-03-08", "2026-03-09"],
                             "minutes": [30, 15, 40]})
    reviews = pd.DataFrame({"reviewed_at": ["2026-03-10T09:00:00Z"]})
    notes = pd.DataFrame({"noted_on": ["2026-02-01"]})  # before the window: not counted
    versions = pd.DataFrame({"created_at": ["2026-03-03T10:00:00Z", "2026-03-11T10:00:00Z"]})
    out = weekly_activity(sessions, reviews, notes, versions, dt.date(2026, 3, 11), weeks=3)
    assert [d.date().isoformat() for d in out["week"]] == ["2026-02-23", "2026-03-02", "2026-03-09"]
    assert out["minutes"].tolist() == [0, 45, 40]
    assert out["reviews"].tolist() == [0, 0, 1]
    assert out["notes"].tolist() == [0, 0, 0]
    assert out["answers"].tolist() == [0, 1, 1]
    assert activity_summary(out) == ("This week: 40 minutes learning and 1 practice. Active in 2 "
                                     "of the last 3 weeks, 1.4 hours of learning in all.")


def test_charts_escape_user_text():
    import pandas as pd

    from nextround.analysis.learning import goals_progress
    from nextround.charts.learning import goals_chart

    frame = goal_frame([(1, "<b>$5k</b> course", 10, "2026-03-21", "active",
                         "2026-03-01T10:00:00Z")])
    fig = goals_chart(goals_progress(frame, dt.date(2026, 3, 11)))
    assert fig["layout"]["yaxis"]["ticktext"] == ["&lt;b&gt;$5k&lt;/b&gt; course"]
    # User text travels as data; the template only points at it.
    assert "5k" not in fig["data"][0]["hovertemplate"]
    assert fig["data"][0]["customdata"][0][0] == "&lt;b&gt;$5k&lt;/b&gt; course"
    assert fig["data"][1]["x"][0] == 50
