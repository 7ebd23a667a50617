"""Workbook 4's long lists: goals, suggestions and topics a page at a time, and a goals chart
that stays a screenful however many goals there are."""

from __future__ import annotations

import asyncio
import datetime as dt

import ipywidgets as widgets
import pandas as pd
import pytest

from nextround.store import goals as goal_store
from nextround.store import processes
from nextround.store import topics as topic_store
from nextround.analysis.learning import goals_progress, goals_shown_note, goals_to_chart
from nextround.ui import kit
from nextround import specs
from nextround.ui.kit import saving
from nextround.ui.learning.current import StayCurrent, TopicCard
from nextround.ui.learning.plan import GoalCard, LearningPlan
from widget_tree import click, confirm, find, text_of

TODAY = dt.date(2026, 3, 2)


def today() -> dt.date:
    return TODAY


def add_goals(journal, count: int) -> list[dict]:
    return [goal_store.add_goal(journal, f"Goal {i:02d}", TODAY,
                                deadline=TODAY + dt.timedelta(days=i))
            for i in range(1, count + 1)]


@pytest.fixture
def typing_waits(monkeypatch):
    """Saves wait for typing to pause, as in a kernel: a loop that is never run, so a save
    happens only when something flushes it."""
    loop = asyncio.new_event_loop()
    monkeypatch.setattr(saving, "kernel_loop", lambda: loop)
    yield
    loop.close()


def test_25_goals_build_10_cards_and_show_more_builds_the_next_10(journal):
    goals = add_goals(journal, 25)
    plan = LearningPlan(journal, today)
    assert list(plan.cards) == [g["id"] for g in goals[:10]]
    assert all(isinstance(card, GoalCard) for card in plan.cards.values())
    assert text_of(plan.goal_list.count_line) == "Showing 10 of 25 goals."
    first = list(plan.cards.values())
    plan.goal_list.more_button.click()
    assert list(plan.cards) == [g["id"] for g in goals[:20]]
    assert all(a is b for a, b in zip(first, plan.cards.values()))
    assert text_of(plan.goal_list.count_line) == "Showing 20 of 25 goals."


def test_a_new_goal_opens_first_and_the_other_cards_stay(journal):
    add_goals(journal, 12)
    plan = LearningPlan(journal, today)
    before = dict(plan.cards)
    plan.own_title.value = "Learn dbt"
    plan.own_button.click()
    new = journal.find_one("goals", title="Learn dbt")
    assert list(plan.cards)[0] == new["id"]  # not hidden behind "Show more"
    assert len(plan.cards) == 10
    for goal_id, card in list(plan.cards.items())[1:]:
        assert card is before[goal_id]
    assert text_of(plan.goal_list.count_line) == "Showing 10 of 13 goals."


def test_removing_a_goal_keeps_the_other_cards(journal):
    goals = add_goals(journal, 3)
    plan = LearningPlan(journal, today)
    before = dict(plan.cards)
    confirm(plan.cards[goals[1]["id"]], "Remove goal")
    assert journal.get("goals", goals[1]["id"]) is None
    assert list(plan.cards) == [goals[0]["id"], goals[2]["id"]]
    assert plan.cards[goals[0]["id"]] is before[goals[0]["id"]]


def test_a_refresh_saves_what_is_typed_before_reading_the_goals_again(journal, typing_waits):
    goal = add_goals(journal, 1)[0]
    plan = LearningPlan(journal, today)
    card = plan.cards[goal["id"]]
    card.fields["measure"].value = "Two mock interviews"
    assert card.form.status.state == "unsaved"
    assert journal.get("goals", goal["id"])["measure"] is None
    plan.own_title.value = "Learn dbt"
    plan.own_button.click()
    assert journal.get("goals", goal["id"])["measure"] == "Two mock interviews"
    assert card.form.status.state == "saved" and plan.cards[goal["id"]] is card


def test_no_goals_says_so(journal):
    plan = LearningPlan(journal, today)
    assert plan.cards == {}
    assert plan.goal_list.children == (plan.goal_list.empty,)
    assert text_of(plan.goal_list.empty) == "No goals yet. Pick a suggestion above or write your own."


def test_hundreds_of_suggestions_come_a_page_at_a_time(journal):
    process = processes.add_process(journal, "Acme <Labs>", "Data engineer")
    for i in range(25):
        journal.add("takeaways", process_id=process["id"], position=i,
                    text=f"Takeaway <{i}>")
    plan = LearningPlan(journal, today)
    assert len(plan.suggestion_buttons) == 10
    assert text_of(plan.suggestion_list.count_line) == "Showing 10 of 25 suggestions."
    row = next(iter(plan.suggestion_list.cards.values()))  # newest first
    line = find(row, widgets.HTML)
    assert text_of(line) == "Takeaway from Acme <Labs>: Takeaway <24>"
    assert "<Labs>" not in line.value and "<24>" not in line.value  # escaped
    kept = list(plan.suggestion_list.cards.values())[1:]
    click(row, "Make this a goal")
    adopted = journal.find_one("goals", title="Takeaway <24>")
    assert (adopted["source"], adopted["status"]) == ("Takeaway", "active")
    assert list(plan.suggestion_list.cards.values())[:9] == kept
    assert all(a is b for a, b in zip(plan.suggestion_list.cards.values(), kept))
    assert text_of(plan.suggestion_list.count_line) == "Showing 10 of 24 suggestions."
    assert text_of(plan.suggestion_list.empty) == (
        "Nothing to suggest yet: takeaways from step 1 and actions from step 2 feedback show up here.")


def test_topics_a_page_at_a_time_and_a_new_one_first(journal):
    topics = [topic_store.add_topic(journal, f"Topic {i}") for i in range(12)]
    current = StayCurrent(journal, today)
    assert list(current.cards) == [t["id"] for t in topics[:10]]
    assert all(isinstance(card, TopicCard) for card in current.cards.values())
    assert text_of(current.topic_list.count_line) == "Showing 10 of 12 topics."
    before = dict(current.cards)
    current.name.value = "Lakehouse <formats>"
    current.add_button.click()
    new = journal.find_one("topics", name="Lakehouse <formats>")
    assert list(current.cards)[0] == new["id"]
    assert all(current.cards[t["id"]] is before[t["id"]] for t in topics[:9])
    confirm(current.cards[topics[0]["id"]], "Remove topic")
    assert topics[0]["id"] not in current.cards and journal.get("topics", topics[0]["id"]) is None


def goal_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "title", "progress", "deadline", "status",
                                       "created_at", "updated_at"])


def test_the_goals_chart_shows_active_goals_by_deadline_then_recently_done():
    made = "2026-02-01T10:00:00Z"
    rows = [(i, f"active {i}", 10, f"2026-04-{i:02d}", "active", made, made)
            for i in range(1, 21)]
    rows += [(21, "overdue", 10, "2026-03-01", "active", made, made),
             (22, "done long ago", 100, "2026-03-01", "done", made, "2026-02-10T10:00:00Z"),
             (23, "done lately", 100, "2026-03-01", "done", made, "2026-03-09T10:00:00Z"),
             (24, "dropped", 0, "2026-03-01", "dropped", made, made)]
    progress = goals_progress(goal_frame(rows), dt.date(2026, 3, 11))
    shown = goals_to_chart(progress)
    assert shown["title"].tolist() == ["overdue"] + [f"active {i}" for i in range(1, 12)]
    assert (goals_shown_note(shown, progress)
            == "Showing the 12 active goals with the nearest deadlines, of 23.")

    few = progress[progress["title"].isin(["active 1", "active 2", "done long ago",
                                          "done lately"])]
    shown = goals_to_chart(few, limit=3)
    assert shown["title"].tolist() == ["active 1", "active 2", "done lately"]
    assert goals_shown_note(shown, few) == ("Showing the 2 active goals and the 1 most "
                                            "recently done, of 4.")
    assert goals_shown_note(goals_to_chart(few), few) == ""
    done = progress[progress["done"]]
    assert (goals_shown_note(goals_to_chart(done, limit=1), done)
            == "Showing the 1 most recently done goal, of 2.")


def test_30_goals_make_a_chart_of_12_bars_and_the_summary_says_so(journal):
    add_goals(journal, 30)
    drawing = specs.get("learning.goals").drawing(specs.Context(journal, today=TODAY))
    fig, summary = drawing.figure, drawing.summary
    assert len(fig["data"][0]["x"]) == 12 and fig["layout"]["height"] == 70 + 44 * 12  # a bar's room each
    top = fig["layout"]["yaxis"]["tickvals"].index(max(fig["layout"]["yaxis"]["tickvals"]))
    assert fig["layout"]["yaxis"]["ticktext"][top] == "Goal 01"  # the nearest deadline on top
    assert summary == ("30 of 30 open goals on track. "
                       "Showing the 12 active goals with the nearest deadlines, of 30.")
