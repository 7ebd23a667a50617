"""The headline figures, counted by SQLite, match the same figures counted with pandas from
whole tables, on a messy journal and on the demo persona."""

from __future__ import annotations

import datetime as dt

import pytest

from messy_journal import NOW, build, plain_stage_reached
from nextround.store import frames, practice
from nextround.analysis.feedback import response_rate
from nextround.rules.feedback_requests import rate_of
from nextround.rules.funnel import funnel_steps
from nextround.demo import write_demo
from nextround.store.journal import Journal
from nextround.store.headlines import Headline, headline_figures


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def pandas_headlines(journal, now):
    """The figures as they were first written: whole tables read into pandas."""
    data = frames.tables(journal, "processes", "stages", "feedback_requests", "feedback_points",
                         "goals", "learning_sessions", "practice_reviews")
    processes = data["processes"]
    outcomes = processes["outcome"].fillna("in progress")
    open_count = int(outcomes.isin(["in progress", "waiting"]).sum())
    offers = int((outcomes == "offer").sum())
    steps = funnel_steps()
    reached = plain_stage_reached(processes, data["stages"])
    interview = steps.index("Interview") if "Interview" in steps else len(steps) - 2
    got_far = int((reached["reached"] >= interview).sum())
    rate = response_rate(data["feedback_requests"])
    points = data["feedback_points"]
    themes = {t for tags in points["themes"] for t in (tags or [])}
    deck = practice.deck(journal, now)
    goals = data["goals"]["status"].fillna("active")
    minutes = int(data["learning_sessions"]["minutes"].fillna(0).sum())
    sessions = len(data["learning_sessions"])
    return [
        Headline("Processes logged", str(len(processes)),
                 f"{open_count} still open, {_plural(offers, 'offer')}"),
        Headline(f"Reached {steps[interview].lower()} or further", str(got_far),
                 f"of {_plural(len(processes), 'process', 'processes')}"),
        Headline("Feedback requests sent", str(rate["asked"]),
                 "none sent yet" if not rate["asked"] else
                 f"{rate['replied']} replied ({rate['rate']:.0%})"),
        Headline("Feedback points recorded", str(len(points)),
                 f"on {_plural(len(themes), 'theme')}"),
        Headline("Questions in my practice deck", str(len(deck)),
                 f"{_plural(len(data['practice_reviews']), 'practice round')} so far"),
        Headline("Active goals", str(int((goals == "active").sum())),
                 f"{int((goals == 'done').sum())} done"),
        Headline("Time spent learning", f"{minutes / 60:.1f} h",
                 f"in {_plural(sessions, 'session')}"),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_headlines_match_the_pandas_count_on_a_messy_journal(journal, seed):
    build(journal, processes=60, seed=seed)
    assert headline_figures(journal) == pandas_headlines(journal, NOW)


def test_the_messy_journal_has_what_the_headlines_must_handle(journal):
    build(journal, processes=60, seed=1)
    outcomes = {p["outcome"] for p in journal.rows("processes")}
    assert {None, "", "offer", "waiting"} <= outcomes
    kinds = {s["kind"] for s in journal.rows("stages")}
    assert {None, "A kind nobody listed"} <= kinds
    offers = {p["id"] for p in journal.rows("processes") if p["outcome"] == "offer"}
    staged = {s["process_id"] for s in journal.rows("stages")}
    assert offers - staged, "an offer with no stage recorded"
    assert None in {r["status"] for r in journal.rows("feedback_requests")}
    assert None in {g["status"] for g in journal.rows("goals")}
    assert None in {s["minutes"] for s in journal.rows("learning_sessions")}


def test_headlines_match_on_an_empty_journal_and_the_demo(journal):
    assert headline_figures(journal) == pandas_headlines(journal, NOW)
    write_demo(journal, NOW.date())
    assert headline_figures(journal) == pandas_headlines(journal, NOW)


def test_headlines_match_on_a_journal_with_only_offers(journal):
    for i in range(3):
        journal.add("processes", company=f"C{i}", outcome="offer")
    figures = headline_figures(journal)
    assert figures == pandas_headlines(journal, NOW)
    assert figures[1].value == "3"


def test_rate_of_counts_like_response_rate():
    import pandas as pd

    statuses = [None, "draft", "sent", "sent", "followed up", "answered", "declined",
                "no reply", "answered"]
    requests = pd.DataFrame({"status": statuses})
    counts: dict = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    assert rate_of(counts) == response_rate(requests)
    assert rate_of(counts)["asked"] == 7 and rate_of(counts)["waiting"] == 3
    assert rate_of({}) == response_rate(pd.DataFrame({"status": []}))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    journal = Journal.open(tmp_path_factory.mktemp("big") / "journal.sqlite3", create=True)
    build(journal, processes=400, seed=9, now=NOW - dt.timedelta(days=2))
    yield journal
    journal.close()


def test_headlines_match_on_a_bigger_journal(big):
    assert headline_figures(big) == pandas_headlines(big, NOW)
