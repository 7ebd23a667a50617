"""What to do next, the headline figures, and the My progress page's widgets."""

from __future__ import annotations

import html
import re

import datetime as dt

import ipywidgets as widgets

import pytest

from nextround.store import feedback_requests as request_store
from nextround.store import goals as goal_store
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.demo import write_demo
from nextround.store.next_steps import FOLLOW_UP, GOAL, PRACTICE, next_steps
from nextround.store.headlines import headline_figures
from widget_tree import find, find_all
from nextround.ui import kit
from nextround.ui.progress import MyProgress

NOW = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.astimezone().date()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def sent_request(journal, process_id, name, follow_up_on, status="sent"):
    request = journal.add("feedback_requests", process_id=process_id, person_name=name,
                          status="draft")
    return journal.update("feedback_requests", request["id"], request["rev"], status=status,
                          sent_on=days(-10), follow_up_on=follow_up_on)


def answered_question(journal, text, answered_at):
    question = question_store.add_question(journal, text)
    journal.add("answer_versions", question_id=question["id"], situation="At work",
                action="I rebuilt it", created_at=answered_at)
    return question


@pytest.fixture
def busy(journal):
    """A journal with things due, things not due yet, and things that are finished."""
    acme = process_store.add_process(journal, "Acme <b>& Co</b>", "Data engineer")
    sent_request(journal, acme["id"], "Priya $5", days(-3))             # due, overdue
    sent_request(journal, acme["id"], "Later", days(4))                 # not due yet
    sent_request(journal, acme["id"], "Done", days(-8), status="answered")  # finished
    answered_question(journal, "Why us?", "2026-03-30T09:00:00Z")       # due since yesterday
    question_store.add_question(journal, "No answer yet")               # not in the deck
    goal_store.add_goal(journal, "Three STAR stories", TODAY, deadline=days(5))   # in horizon
    goal_store.add_goal(journal, "Learn Spark", TODAY, deadline=days(30))        # too far
    late = goal_store.add_goal(journal, "SQL window functions", TODAY, deadline=days(-1))
    done = goal_store.add_goal(journal, "Finished one", TODAY, deadline=days(-20))
    journal.update("goals", done["id"], done["rev"], status="done")
    journal.update("goals", late["id"], late["rev"], progress=40)
    return journal


def test_next_steps_lists_what_is_due_in_date_order(busy):
    steps = next_steps(busy, NOW)
    assert [(s.kind, s.due_on) for s in steps] == [
        (FOLLOW_UP, days(-3)), (PRACTICE, days(-1)), (GOAL, days(-1)), (GOAL, days(5))]
    follow_up, practice, late_goal, goal = steps
    assert follow_up.title == "Follow up with Priya $5 at Acme <b>& Co</b>"
    assert follow_up.overdue and follow_up.workbook == "02_ask_for_feedback.ipynb"
    assert late_goal.overdue and "40% done" in late_goal.detail
    assert practice.title == "Practise: Why us?" and practice.workbook == "04_keep_learning.ipynb"
    assert not goal.overdue and goal.title == "Goal: Three STAR stories"


def test_next_steps_on_one_day_put_follow_ups_before_practice_before_goals(journal):
    acme = process_store.add_process(journal, "Acme")
    goal_store.add_goal(journal, "Goal today", TODAY, deadline=TODAY)
    answered_question(journal, "Q today", NOW.isoformat())
    sent_request(journal, acme["id"], "Sam", TODAY)
    assert [s.kind for s in next_steps(journal, NOW)] == [FOLLOW_UP, PRACTICE, GOAL]


def test_next_steps_needs_an_aware_time(journal):
    with pytest.raises(ValueError):
        next_steps(journal, dt.datetime(2026, 3, 31, 12))


def test_headline_figures_have_known_values(busy):
    acme = busy.find_one("processes")
    process_store.add_stage(busy, acme["id"], kind="Technical interview")
    other = process_store.add_process(busy, "Beta")
    process_store.set_outcome(busy, other, "offer")
    busy.add("feedback_points", process_id=acme["id"], text="More depth",
             themes=["Technical depth", "Communication"])
    busy.add("learning_sessions", goal_id=busy.find_one("goals")["id"], held_on=TODAY,
             minutes=90)
    figures = {f.label: f for f in headline_figures(busy)}
    assert figures["Processes logged"].value == "2"
    assert figures["Processes logged"].note == "1 still open, 1 offer"
    assert figures["Reached interview or further"].value == "2"  # the interview and the offer
    assert figures["Feedback requests sent"].value == "3"
    assert figures["Feedback requests sent"].note == "1 replied (33%)"
    assert figures["Feedback points recorded"].note == "on 2 themes"
    assert figures["Questions in my practice deck"].value == "1"
    assert figures["Active goals"].value == "3" and figures["Active goals"].note == "1 done"
    assert figures["Time spent learning"].value == "1.5 h"


def test_next_steps_widget_escapes_and_follows_the_journal(busy):
    page = MyProgress(busy, clock=lambda: NOW)
    section = page.next_steps()
    html = section.list.value
    assert "Priya &#36;5" in html and "Acme &lt;b&gt;&amp; Co&lt;/b&gt;" in html
    assert "<b>& Co" not in html
    assert 'href="02_ask_for_feedback.ipynb"' in html
    # Answering the request takes it off the list at once.
    request = busy.find_one("feedback_requests", person_name="Priya $5")
    request_store.mark_answered(busy, request, TODAY)
    assert "Priya" not in section.list.value
    assert [s.kind for s in section.steps] == [PRACTICE, GOAL, GOAL]


def test_nothing_due_says_so_kindly(journal):
    section = MyProgress(journal, clock=lambda: NOW).next_steps()
    assert section.steps == []
    assert "Nothing is due right now" in section.list.value


def test_headlines_widget_updates_when_a_process_is_added(journal):
    section = MyProgress(journal, clock=lambda: NOW).headlines()
    assert '<div class="nr-figure"><bdi class="tex2jax_ignore mathjax_ignore" dir="auto">0</bdi>' \
        in section.grid.value
    process_store.add_process(journal, "Acme")
    assert {f.label: f.value for f in section.figures}["Processes logged"] == "1"


MY_PROGRESS_CHARTS = [
    ("Step 1 · Review and reflect", ["My preparation profile", "How far my processes get",
                                     "Preparation against stage reached"]),
    ("Step 2 · A rejection isn't feedback — ask for it", [
        "What happened to my requests", "How long replies took", "What the feedback is about",
        "Perception gap: what I named beside what they named"]),
    ("Step 3 · It's not personal", ["What was in my control", "Where I progress",
                                    "Fit against stage reached"]),
    ("Step 4 · Keep learning and progressing", ["My goals against their deadlines",
                                                "Practice confidence over time",
                                                "Activity by week"]),
]


def charts_by_step(charts) -> list[tuple[str, list[str]]]:
    steps = [html.unescape(re.sub("<[^>]+>", "", t.value)).replace(" open the step", "")
             for t in find_all(charts, widgets.HTML, classes="nr-step-title")]
    return list(zip(steps, [[p.title for p in section.panels] for section in charts.sections]))


def test_all_thirteen_charts_of_the_four_steps_draw_from_the_demo_journal(journal):
    write_demo(journal)
    charts = MyProgress(journal).charts()
    assert charts_by_step(charts) == MY_PROGRESS_CHARTS
    shown = {p.title: p.shown for p in find_all(charts, kit.ChartPanel)}
    assert shown == {title: "figure" for _step, titles in MY_PROGRESS_CHARTS for title in titles}


def test_charts_on_an_empty_journal_say_what_to_do_instead(journal):
    charts = MyProgress(journal).charts()
    found = find_all(charts, kit.ChartPanel)
    assert [p.title for p in found] == [t for _step, titles in MY_PROGRESS_CHARTS for t in titles]
    assert {p.shown for p in found} == {"message"}
    funnel = find(charts, kit.ChartPanel, title="How far my processes get")
    assert funnel.view.message == "Log your first process and your funnel starts here."


def test_downloads_offer_the_report_and_the_backup(journal):
    process_store.add_process(journal, "Acme")
    page = MyProgress(journal)
    page.charts()
    box = page.downloads()
    buttons = [w.description for w in find_all(box, widgets.Button)]
    assert buttons == ["Prepare my report", "Prepare my backup"]
