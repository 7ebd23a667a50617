"""What is due, asked of SQLite, matches the plain rules of each step on a messy journal; a long
list shows its oldest ten and says how many more wait in which step."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from messy_journal import NOW, build
from nextround.store import feedback_requests, next_steps, practice
from nextround.store import processes as process_store
from nextround.store import questions as question_store
from nextround.store.next_steps import FOLLOW_UP, GOAL, KIND_NAMES, PRACTICE, workbook
from nextround.documents.report import build_report
from nextround.ui.progress import MyProgress
from nextround.words import words

MOMENTS = [NOW, NOW - dt.timedelta(hours=11, minutes=59), NOW + dt.timedelta(hours=13),
           NOW + dt.timedelta(seconds=1), NOW + dt.timedelta(days=3),
           NOW - dt.timedelta(days=600)]


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    from nextround.store.journal import Journal

    journal = Journal.open(tmp_path_factory.mktemp("messy") / "journal.sqlite3", create=True)
    build(journal)
    yield journal
    journal.close()


# ---------------------------------------------------------------- the plain rules
def plain_follow_ups(journal, today):
    w = words()["progress"]
    found = []
    for request in journal.rows("feedback_requests"):
        if not feedback_requests.is_due(request, today):
            continue
        process = journal.get("processes", request["process_id"]) or {}
        due_on = dt.date.fromisoformat(request["follow_up_on"])
        values = {"name": request.get("person_name") or w["follow_up_name_if_blank"],
                  "company": process.get("company") or "", "role": process.get("role") or "",
                  "date": next_steps.long_date(due_on)}
        found.append(next_steps.NextStep(
            FOLLOW_UP, due_on, w["follow_up"].format_map(values),
            w["follow_up_detail"].format_map(values), due_on < today, workbook(FOLLOW_UP),
            request["id"]))
    return found


def plain_questions(journal, now):
    w = words()["progress"]
    today = now.astimezone().date()
    found = []
    for entry in [e for e in practice.deck(journal, now) if e.due_at <= now]:
        due_on = entry.due_at.astimezone().date()
        values = {"question": entry.question.get("text") or "",
                  "date": next_steps.long_date(due_on)}
        found.append(next_steps.NextStep(
            PRACTICE, due_on, w["practice"].format_map(values),
            w["practice_detail"].format_map(values), due_on < today, workbook(PRACTICE),
            entry.question["id"]))
    return found


def plain_goals(journal, today):
    w = words()["progress"]
    horizon = today + dt.timedelta(days=int(w["goal_horizon_days"]))
    found = []
    for goal in journal.rows("goals", {"status": "active"}):
        if not goal["deadline"]:
            continue
        due_on = dt.date.fromisoformat(goal["deadline"])
        if due_on > horizon:
            continue
        overdue = due_on < today
        values = {"title": goal["title"] or "", "date": next_steps.long_date(due_on),
                  "progress": int(goal["progress"] or 0)}
        detail = w["goal_overdue_detail" if overdue else "goal_detail"].format_map(values)
        found.append(next_steps.NextStep(GOAL, due_on, w["goal"].format_map(values), detail,
                                         overdue, workbook(GOAL), goal["id"]))
    return found


# ------------------------------------------------------------------------ the same
@pytest.mark.parametrize("now", MOMENTS)
def test_each_kind_matches_its_plain_rule(messy, now):
    today = now.astimezone().date()
    assert next_steps.follow_ups_due(messy, today) == plain_follow_ups(messy, today)
    assert next_steps.questions_due(messy, now) == plain_questions(messy, now)
    assert next_steps.goals_due(messy, today) == plain_goals(messy, today)


def test_the_messy_journal_holds_every_edge(messy):
    """The comparison above means something only if the journal has each case in it."""
    today = NOW.astimezone().date()
    horizon = today + dt.timedelta(days=int(words()["progress"]["goal_horizon_days"]))
    follow_ups = plain_follow_ups(messy, today)
    assert {s.due_on for s in follow_ups} == {today, today - dt.timedelta(days=1),
                                              today - dt.timedelta(days=30)}
    requests = messy.rows("feedback_requests")
    assert any(r["status"] == "answered" and r["follow_up_on"] for r in requests)
    assert any(r["status"] in feedback_requests.WAITING and not r["follow_up_on"]
               for r in requests)
    goals = plain_goals(messy, today)
    assert horizon in {g.due_on for g in goals} and any(g.overdue for g in goals)
    assert any(g["deadline"] == (horizon + dt.timedelta(days=1)).isoformat()
               and g["status"] == "active" for g in messy.rows("goals"))
    assert any(g["status"] == "dropped" for g in messy.rows("goals"))
    deck = practice.deck(messy, NOW)
    due = [e for e in deck if e.due_at <= NOW]
    assert any(e.due_at == NOW for e in due) and len(due) < len(deck)
    cards = [c["due_at"] for c in messy.rows("practice_cards")]
    assert any(c and not c[4:5] == "-" for c in cards)  # the basic format is there
    assert "" in cards and None in cards


@pytest.mark.parametrize("now", MOMENTS)
def test_practice_due_is_the_deck_up_to_now(messy, now):
    assert practice.due(messy, now) == [e for e in practice.deck(messy, now) if e.due_at <= now]
    assert practice.deck_size(messy) == len(practice.deck(messy, now))


def test_whitespace_is_everything_python_strips():
    import sys

    assert set(practice.WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1)
                                         if chr(c).isspace()}


def test_an_answer_of_spaces_only_is_not_in_the_deck(journal):
    spaces = question_store.add_question(journal, "Spaces")
    question_store.save_answer(journal, spaces["id"], {"situation": "\u3000\xa0\u2029 "})
    real = question_store.add_question(journal, "Real")
    question_store.save_answer(journal, real["id"], {"result": "\u3000it worked"})
    assert [e.question["id"] for e in practice.due(journal, NOW)] == [real["id"]]
    assert practice.deck_size(journal) == 1


def test_a_follow_up_without_its_process_still_shows(journal):
    process = process_store.add_process(journal, "Acme")
    request = journal.add("feedback_requests", process_id=process["id"], status="sent",
                          follow_up_on=NOW.date(), person_name=None)
    journal._conn.execute("PRAGMA foreign_keys = OFF")  # an orphan, as an old journal may hold
    journal._conn.execute("DELETE FROM processes")
    journal._conn.execute("PRAGMA foreign_keys = ON")
    [step] = next_steps.follow_ups_due(journal, NOW.date())
    assert step.row_id == request["id"] and step.title == "Follow up with them at "


# ------------------------------------------------------------------- a long list
def many_due(journal, follow_ups: int, questions: int, goals: int) -> None:
    process = process_store.add_process(journal, "Acme")
    with journal.transaction():
        for i in range(follow_ups):
            journal.add("feedback_requests", process_id=process["id"], status="sent",
                        person_name=f"P{i}", follow_up_on=NOW.date() - dt.timedelta(days=i))
        for i in range(questions):
            question = journal.add("questions", text=f"Q{i}")
            journal.add("answer_versions", question_id=question["id"], situation="s",
                        created_at=NOW - dt.timedelta(days=i, hours=1))
        for i in range(goals):
            journal.add("goals", title=f"G{i}", status="active",
                        deadline=NOW.date() - dt.timedelta(days=i))


def test_shortened_keeps_the_oldest_and_counts_the_rest_by_step(journal):
    many_due(journal, follow_ups=13, questions=20, goals=1)
    steps = next_steps.next_steps(journal, NOW)
    shown, left_out = next_steps.shortened(steps)
    assert shown == steps[:10]
    assert left_out.count == len(steps) - 10 == 24
    rest = steps[10:]
    counts = {kind: sum(s.kind == kind for s in rest) for kind in (FOLLOW_UP, PRACTICE, GOAL)}
    assert [part[2] for part in left_out.parts] == ["02_ask_for_feedback.ipynb",
                                                    "04_keep_learning.ipynb"]
    follow, learn = left_out.parts
    assert follow[0] == f"{counts[FOLLOW_UP]} follow-ups"
    assert learn[0] == (f"{counts[PRACTICE]} practice questions and {counts[GOAL]} goal"
                        if counts[GOAL] else f"{counts[PRACTICE]} practice questions")
    assert left_out.sentence() == (f"And 24 more: {follow[0]} in Step 2 · A rejection isn't feedback — ask for it; "
                                   f"{learn[0]} in Step 4 · Keep learning and progressing.")


def test_a_short_list_is_shown_whole(journal):
    many_due(journal, follow_ups=4, questions=3, goals=3)
    steps = next_steps.next_steps(journal, NOW)
    assert next_steps.shortened(steps) == (steps, None)


def test_each_kind_names_its_page_as_the_page_heads_itself():
    import json
    from pathlib import Path

    for kind in KIND_NAMES:
        page = Path(__file__).parents[1] / "workbooks" / next_steps.workbook(kind)
        heading = "".join(json.loads(page.read_text(encoding="utf-8"))["cells"][0]["source"])
        assert heading.splitlines()[0] == "# " + next_steps.step_title(kind)


def without_bdi(html: str) -> str:
    """The markup with the wrappers `html_text` puts around every escaped text taken out."""
    return re.sub(r"<bdi[^>]*>|</bdi>", "", html)


def test_my_progress_lists_ten_and_says_how_many_more_where(journal):
    many_due(journal, follow_ups=30, questions=0, goals=2)
    section = MyProgress(journal, clock=lambda: NOW).next_steps()
    html = without_bdi(section.list.value)
    assert len(section.steps) == 32
    assert html.count("Open the step</a></li>") == 10
    assert "And 22 more:" in html
    assert 'href="02_ask_for_feedback.ipynb">open Step 2 · A rejection isn&#x27;t feedback — ask for it</a>' in html
    assert 'href="04_keep_learning.ipynb">open Step 4 · Keep learning and progressing</a>' in html
    # Done with most of them: the list is whole again.
    with journal.transaction():
        for request in journal.rows("feedback_requests")[:25]:
            journal.update("feedback_requests", request["id"], request["rev"], status="answered")
    assert section.left_out is None and "more:" not in section.list.value
    assert section.list.value.count("Open the step</a></li>") == 7


def test_the_report_lists_ten_and_says_how_many_more_where(journal):
    many_due(journal, follow_ups=12, questions=0, goals=0)
    page = without_bdi(build_report(journal, now=NOW))
    assert page.count('<span class="muted">Follow-up date') == 10
    assert "And 2 more: 2 follow-ups in Step 2 · A rejection isn&#x27;t feedback — ask for it." in page
