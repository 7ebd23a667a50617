"""Practice scheduling with FSRS: time is injected, never read from the wall clock."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.store import practice, questions

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def question_with_answer(journal, text):
    q = questions.add_question(journal, text)
    questions.save_answer(journal, q["id"], {"situation": "s", "task": "t", "action": "a",
                                             "result": "r"})
    return q


def test_only_questions_with_a_better_answer_are_in_the_deck(journal):
    questions.add_question(journal, "No answer yet")
    q = question_with_answer(journal, "Answered")
    deck = practice.deck(journal, T0)
    assert [e.question["id"] for e in deck] == [q["id"]]
    assert deck[0].is_new and deck[0].due_at <= T0


def test_rated_well_moves_further_out_than_rated_badly(journal):
    good = question_with_answer(journal, "good")
    bad = question_with_answer(journal, "bad")
    practice.review(journal, good["id"], 3, T0)
    practice.review(journal, bad["id"], 1, T0)
    cards = {c["question_id"]: practice.parse_time(c["due_at"])
             for c in journal.rows("practice_cards")}
    assert cards[bad["id"]] - T0 <= dt.timedelta(hours=1)  # comes back soon
    assert cards[good["id"]] - T0 >= dt.timedelta(days=1)  # moves out by days
    # Easy goes further still than good.
    easy = question_with_answer(journal, "easy")
    practice.review(journal, easy["id"], 4, T0)
    easy_due = practice.parse_time(journal.find_one("practice_cards", question_id=easy["id"])["due_at"])
    assert easy_due > cards[good["id"]]


def test_each_good_review_pushes_the_next_one_further(journal):
    q = question_with_answer(journal, "again and again")
    now, gaps = T0, []
    for _ in range(3):
        card = practice.review(journal, q["id"], 3, now)
        due = practice.parse_time(card["due_at"])
        gaps.append(due - now)
        now = due
    assert gaps[0] < gaps[1] < gaps[2]
    assert len(practice.reviews(journal, q["id"])) == 3


def test_a_forgotten_question_comes_back_soon_even_after_a_long_interval(journal):
    q = question_with_answer(journal, "lapsed")
    card = practice.review(journal, q["id"], 4, T0)
    later = practice.parse_time(card["due_at"])
    card = practice.review(journal, q["id"], 1, later)
    assert practice.parse_time(card["due_at"]) - later <= dt.timedelta(hours=1)


def test_due_order_across_dates(journal):
    a = question_with_answer(journal, "a")
    b = question_with_answer(journal, "b")
    c = question_with_answer(journal, "c")
    practice.review(journal, a["id"], 4, T0)   # out by about a week
    practice.review(journal, b["id"], 3, T0)   # out by a couple of days
    practice.review(journal, c["id"], 1, T0)   # back in minutes
    due_at = {e.question["id"]: e.due_at for e in practice.deck(journal, T0)}
    assert due_at[c["id"]] < due_at[b["id"]] < due_at[a["id"]]

    assert practice.due(journal, T0) == []
    assert practice.next_due(journal, T0) == due_at[c["id"]]
    in_an_hour = T0 + dt.timedelta(hours=1)
    assert [e.question["id"] for e in practice.due(journal, in_an_hour)] == [c["id"]]
    in_a_month = T0 + dt.timedelta(days=30)
    # All due: the longest overdue (soonest due date) first.
    assert [e.question["id"] for e in practice.due(journal, in_a_month)] == [c["id"], b["id"], a["id"]]


def test_nothing_due_says_when_the_next_one_is(journal):
    assert "empty" in practice.nothing_due_message(journal, T0)
    q = question_with_answer(journal, "q")
    practice.review(journal, q["id"], 1, T0)
    assert practice.nothing_due_message(journal, T0).endswith("comes back in 10 minutes.")
    practice.review(journal, q["id"], 3, T0 + dt.timedelta(minutes=10))
    message = practice.nothing_due_message(journal, T0 + dt.timedelta(minutes=11))
    assert "comes back" in message and "minutes" not in message


def test_reviews_store_rating_and_confidence(journal):
    q = question_with_answer(journal, "q")
    practice.review(journal, q["id"], 2, T0)
    practice.review(journal, q["id"], 3, T0 + dt.timedelta(days=1), confidence=5)
    stored = practice.reviews(journal, q["id"])
    assert [(r["rating"], r["confidence"]) for r in stored] == [(2, 2), (3, 5)]
    assert stored[0]["reviewed_at"] == "2026-03-02T09:00:00Z"


def test_bad_input_is_refused_and_nothing_is_written(journal):
    q = question_with_answer(journal, "q")
    with pytest.raises(ValueError):
        practice.review(journal, q["id"], 5, T0)
    with pytest.raises(ValueError):
        practice.review(journal, q["id"], 3, T0, confidence=9)
    with pytest.raises(ValueError):
        practice.review(journal, q["id"], 3, dt.datetime(2026, 3, 2, 9))
    assert journal.count("practice_reviews") == 0 and journal.count("practice_cards") == 0


def test_describe_when():
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert practice.describe_when(now + dt.timedelta(minutes=10), now) == "in 10 minutes"
    assert practice.describe_when(now + dt.timedelta(days=40), now).startswith("on ")
