"""Workbook 4 widgets, driven as a person would: typing sets `.value`, buttons are clicked.

Time is injected through a clock the test moves, never read from the wall clock. The
notebook itself is executed headless, on an empty and on the demo journal, by
tests/test_workbooks_execute.py.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pytest

from nextround import Journal
from nextround.safe_text import html_text
from nextround.store import processes, questions
from nextround.ui import kit
from nextround.ui.learning import KeepLearning
from widget_tree import click, confirm, find, find_all, text_of

UTC = dt.timezone.utc
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

GOOD = {
    "situation": "Last spring our data platform team at a logistics firm was missing its nightly "
                 "loads about twice a week, and the warehouse dashboards went stale by morning.",
    "task": "I owned the ingestion pipeline, so it was my job to find the cause and make the "
            "loads reliable before the peak season started in six weeks.",
    "action": "I traced every failed run back to its source, found that two upstream exports "
              "arrived late, and I rewrote the scheduler to wait on their arrival instead of "
              "a fixed time. I added alerts, wrote a runbook, and I walked the on-call "
              "engineers through it.",
    "result": "Failed loads fell from eight a month to one in the next quarter.",
}


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(START)


class Parts(dict):
    """The exercises of one workbook, each built the first time a test asks for it (the
    charts cost a few seconds, so only the tests about charts build them)."""

    def __init__(self, step):
        super().__init__()
        self.builders = {"header": step.header, "questions": step.questions,
                         "practice": step.practice, "plan": step.learning_plan,
                         "current": step.stay_current, "charts": step.charts}

    def __missing__(self, name):
        self[name] = self.builders[name]()
        return self[name]


@pytest.fixture
def step(journal, clock):
    step = KeepLearning(journal, clock=clock)
    step.parts = Parts(step)
    return step


def add_question(step, text="Tell me about a time you led without authority.",
                 category="Behavioural"):
    section = step.parts["questions"]
    section.text.value = text
    section.category.value = category
    section.add_button.click()
    return section


def type_answer(card, fields):
    for name, value in fields.items():
        card.answer.fields[name].value = value


def test_adding_a_question_with_process_and_stage(step):
    p = processes.add_process(step.journal, "Acme", "Data engineer")
    stage = processes.add_stage(step.journal, p["id"], kind="Final interview")
    section = step.parts["questions"]
    section.process.options = [("Acme", p["id"]), ("— none —", None)]
    section.process.value = p["id"]
    assert dict((v, k) for k, v in section.stage.options)[stage["id"]] == "Stage 1 · Final interview"
    section.stage.value = stage["id"]
    add_question(step, "$80k? <b>why</b>", "Curveball")
    row = step.journal.rows("questions")[0]
    assert (row["text"], row["category"], row["process_id"], row["stage_id"]) == (
        "$80k? <b>why</b>", "Curveball", p["id"], stage["id"])
    assert section.chooser.value == row["id"] and section.text.value == ""
    assert section.status.state == "saved"


def test_a_question_without_words_says_so_and_keeps_nothing(step):
    section = add_question(step, "   ")
    assert step.journal.count("questions") == 0
    assert section.status.state == "error"


def test_question_fields_save_as_you_type(step):
    section = add_question(step)
    section.card.fields["answered_then"].value = "I rambled 🙈"
    qid = section.chooser.value
    assert step.journal.get("questions", qid)["answered_then"] == "I rambled 🙈"


def test_three_edits_leave_three_versions_and_the_newest_is_shown(step, clock):
    section = add_question(step)
    card = section.card
    qid = section.chooser.value
    type_answer(card, {"situation": "first", "result": "we did it"})
    assert len(questions.versions(step.journal, qid)) == 1  # one sitting, one version
    card.answer.new_version.click()
    assert text_of(card.answer.status) == "Your next change starts version 2; version 1 is kept."
    type_answer(card, {"situation": "second"})
    card.answer.new_version.click()
    type_answer(card, {"situation": "third"})
    kept = questions.versions(step.journal, qid)
    assert [v["situation"] for v in kept] == ["third", "second", "first"]
    assert all(v["result"] == "we did it" for v in kept)
    assert card.answer.history.value.count("<details>") == 3
    # Opened again (a reload), the newest version is in the form, and a change is a 4th version.
    again = KeepLearning(step.journal, clock=clock).questions()
    assert again.card.answer.fields["situation"].value == "third"
    again.card.answer.fields["task"].value = "new sitting"
    assert len(questions.versions(step.journal, qid)) == 4


def test_star_check_shows_pointers_as_you_type(step):
    section = add_question(step)
    answer = section.card.answer
    answer.fields["situation"].value = "Our team had slow loads."
    assert "no task yet" in answer.check.value and "no result yet" in answer.check.value
    type_answer(section.card, GOOD)
    assert text_of(answer.check) == (
        "All four parts are there, told in the first person, with a measured result, at a "
        "length you can say in a couple of minutes.")
    answer.fields["result"].value = "It went much better afterwards and everyone was pleased."
    assert text_of(answer.check) == ("The result has nothing measured. Add a number: time "
                                     "saved, money, people, a percentage, before and after.")
    assert "no task" not in answer.check.value


def test_removing_a_question(step):
    section = add_question(step, "first")
    add_question(step, "second")
    confirm(section.card, "Remove question")
    assert [q["text"] for q in step.journal.rows("questions")] == ["first"]
    assert section.card.fields["text"].value == "first"


def test_practise_once_and_nothing_due_says_when(step, clock):
    deck = step.parts["practice"]
    assert text_of(deck.summary) == ("Your deck is empty. Write a better answer to a surprise "
                                     "question above and it joins the deck.")
    section = add_question(step)
    type_answer(section.card, GOOD)
    assert text_of(deck.summary) == "1 question due now."
    assert deck.answer.value == "" and deck.rating_box.layout.display == "none"  # not yet
    deck.reveal_button.click()
    assert "traced every failed run" in deck.answer.value
    deck.confidence.value = 2
    click(deck, "Again")
    review = step.journal.rows("practice_reviews")[0]
    assert (review["rating"], review["confidence"], review["reviewed_at"]) == (
        1, 2, "2026-03-02T09:00:00Z")
    assert text_of(deck.status) == "Saved. This question comes back in 10 minutes."
    assert text_of(deck.summary) == (
        "Nothing to practise right now. The next question comes back in 10 minutes.")
    clock.now = START + dt.timedelta(minutes=11)
    deck.show_next()
    assert deck.summary.value == html_text("1 question due now.")
    deck.reveal_button.click()
    click(deck, "Easy")
    assert step.journal.count("practice_reviews") == 2
    assert text_of(deck.summary).startswith(
        "Nothing to practise right now. The next question comes back ")
    assert "minutes" not in deck.summary.value  # not so soon, after "Easy"


def test_rating_before_reveal_does_nothing(step):
    section = add_question(step)
    type_answer(section.card, GOOD)
    deck = step.parts["practice"]
    deck.rate(3)
    assert step.journal.count("practice_reviews") == 0


def test_takeaway_becomes_a_goal_with_one_click_and_a_session_is_logged(step, clock):
    p = processes.add_process(step.journal, "Northwind", "Data engineer")
    step.journal.add("takeaways", process_id=p["id"], position=0, text="Prepare three STAR stories")
    plan = step.parts["plan"]
    assert len(plan.suggestion_buttons) == 1  # heard about the new takeaway
    click(plan, "Make this a goal")
    goal = step.journal.rows("goals")[0]
    assert (goal["title"], goal["source"], goal["deadline"]) == (
        "Prepare three STAR stories", "Takeaway", "2026-03-30")
    assert plan.suggestion_buttons == []
    card = plan.cards[goal["id"]]
    card.fields["measure"].value = "Three stories, each under two minutes aloud"
    card.fields["progress"].value = 40
    goal = step.journal.get("goals", goal["id"])
    assert (goal["measure"], goal["progress"]) == ("Three stories, each under two minutes aloud", 40)
    assert card.session_day.value == dt.date(2026, 3, 2)
    card.session_minutes.value = 45
    card.session_note.value = "Wrote the first story"
    card.log_button.click()
    session = step.journal.rows("learning_sessions")[0]
    assert (session["minutes"], session["held_on"], session["note"]) == (
        45, "2026-03-02", "Wrote the first story")
    assert text_of(card.session_list) == (
        "1 session, 45 minutes in all 2026-03-02: 45 min — Wrote the first story")
    card.session_minutes.value = 0
    card.log_button.click()
    assert card.session_status.state == "error" and step.journal.count("learning_sessions") == 1


def test_own_goal_and_removing_a_goal(step):
    plan = step.parts["plan"]
    plan.own_title.value = "Learn dbt"
    plan.own_button.click()
    goal = step.journal.rows("goals")[0]
    assert goal["source"] == "My own"
    card = plan.cards[goal["id"]]
    assert text_of(card.gaps) == (
        "To make it SMART, add what exactly you will do, how you will measure it.")
    confirm(card, "Remove goal")
    assert step.journal.count("goals") == 0 and plan.cards == {}


def test_topics_and_notes(step):
    current = step.parts["current"]
    current.name.value = "Lakehouse formats"
    current.sources.value = "Data Engineering Weekly"
    current.add_button.click()
    topic = step.journal.rows("topics")[0]
    card = current.cards[topic["id"]]
    card.note_text.value = "Iceberg v3 adds <row lineage>"
    card.note_button.click()
    note = step.journal.rows("topic_notes")[0]
    assert (note["text"], note["noted_on"]) == ("Iceberg v3 adds <row lineage>", "2026-03-02")
    assert text_of(card.note_list) == "2026-03-02: Iceberg v3 adds <row lineage>"
    assert "<row lineage>" not in card.note_list.value  # escaped


def test_charts_follow_the_journal(step):
    step.parts["practice"]
    charts = step.parts["charts"]
    panels = {p.spec.name: p for p in find_all(charts, kit.ChartPanel)}
    assert list(panels) == ["goals", "confidence", "activity"]
    goals_panel, confidence_panel, activity_panel = panels.values()
    assert goals_panel.view.showing == "message" and goals_panel.shown == "message"
    plan = step.parts["plan"]
    plan.own_title.value = "Learn dbt"
    plan.own_button.click()
    assert goals_panel.shown == "figure", "the goals chart is drawn once there is a goal"
    assert text_of(goals_panel.summary) == "1 of 1 open goal on track."
    section = add_question(step)
    type_answer(section.card, GOOD)
    deck = step.parts["practice"]
    deck.reveal_button.click()
    click(deck, "Good")
    assert confidence_panel.shown == "figure" and activity_panel.shown == "figure"
    assert text_of(activity_panel.summary) == (
        "This week: 0 minutes learning and 1 practice. Active in 1 of the last 4 weeks.")


def test_header_says_what_is_due(step):
    step.parts["header"]
    section = add_question(step)
    type_answer(section.card, GOOD)
    due = find(step.parts["header"], widgets.HTML, classes="nr-summary")
    assert text_of(due) == "Today: 1 question to practise, 0 active goals."


def test_read_only_journal_disables_writing(journal_file, clock):
    import sqlite3

    Journal.open(journal_file, create=True).close()
    with sqlite3.connect(journal_file) as raw:  # as if written by a newer NextRound
        raw.execute("PRAGMA user_version = 999")
    raw.close()
    journal = Journal.open(journal_file)
    try:
        assert journal.read_only
        step = KeepLearning(journal, clock=clock)
        assert step.questions().add_button.disabled
        assert step.practice().reveal_button.disabled
        assert step.learning_plan().own_button.disabled
        assert step.stay_current().add_button.disabled
    finally:
        journal.close()
