"""Practice: a spaced-repetition deck of the person's own surprise questions (step 4).

Scheduling is FSRS, through its maintained Python package (`fsrs`). Each question with a better
answer is one card; its FSRS state is kept as JSON in `practice_cards.card`, with `due_at`
beside it so "what is due" is a plain query. Every review is stored in `practice_reviews`.

Time is always a parameter (`now`, a timezone-aware datetime), never read from the clock
here, so the schedule can be tested across any dates.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from nextround.store import questions as question_store
from nextround.store.journal import Journal, Row
from nextround.words import say, words

RATINGS = (1, 2, 3, 4)  # FSRS: again, hard, good, easy


@dataclass(frozen=True)
class DeckEntry:
    question: Row
    answer: Row
    due_at: dt.datetime
    card: Row | None  # None until the first review

    @property
    def is_new(self) -> bool:
        return self.card is None


@functools.cache
def scheduler():
    """The FSRS scheduler with NextRound's steps. Fuzzing is off: a deck of a dozen questions
    gains nothing from spreading due dates, and a person's schedule should be explainable."""
    from fsrs import Scheduler

    w = words()["learning"]
    return Scheduler(
        desired_retention=w["desired_retention"],
        learning_steps=[dt.timedelta(minutes=m) for m in w["learning_steps_minutes"]],
        relearning_steps=[dt.timedelta(minutes=m) for m in w["relearning_steps_minutes"]],
        enable_fuzzing=False,
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("practice times must be timezone-aware")
    return moment.astimezone(dt.timezone.utc)


def parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def deck(journal: Journal, now: dt.datetime) -> list[DeckEntry]:
    """Every question that has a better answer, soonest due first. A question never practised
    is due from the moment its answer was first written."""
    now = _utc(now)
    cards = {c["question_id"]: c for c in journal.rows("practice_cards")}
    # Every answer version in one read (not two queries per question): by id, so the last
    # one seen for a question is its latest and the first its earliest.
    latest: dict[int, Row] = {}
    first: dict[int, Row] = {}
    for version in journal.rows("answer_versions", order_by="id"):
        latest[version["question_id"]] = version
        first.setdefault(version["question_id"], version)
    entries = []
    for question in journal.rows("questions"):
        answer = latest.get(question["id"])
        if question_store.is_blank(answer):
            continue
        card = cards.get(question["id"])
        if card is not None and card["due_at"]:
            due = parse_time(card["due_at"])
        else:
            due = min(parse_time(first[question["id"]]["created_at"]), now)
        entries.append(DeckEntry(question, answer, due, card))
    entries.sort(key=lambda e: (e.due_at, e.question["id"]))
    return entries


# Every character Python's str.strip() removes, for SQLite's trim(): an answer of only these
# is blank (`questions.is_blank`). A test checks the list against Python's own.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

# A time written as in the journal starts with its date (YYYY-MM-DD): such a due time can be
# compared by its text; any other spelling is read and compared in Python.
_DATED = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"

# The questions in the deck, by their latest answer (`a`): one that is not blank.
_IN_DECK = """
FROM questions q
JOIN answer_versions a ON a.id = (SELECT max(id) FROM answer_versions WHERE question_id = q.id)
LEFT JOIN practice_cards c ON c.question_id = q.id
WHERE ({filled})
"""

# Of those, the ones that may be due: no due time yet (none, or empty: the empty text sorts
# first), or one not after a bound (see `_due_bound`); with the first answer's time, when a
# question never practised came due.
_MAYBE_DUE = """
SELECT q.id, q.text, c.id, c.due_at, a.id,
       (SELECT f.created_at FROM answer_versions f WHERE f.question_id = q.id
        ORDER BY f.id LIMIT 1)
""" + _IN_DECK + """
AND (c.due_at IS NULL OR c.due_at < ? OR c.due_at NOT GLOB ?)
"""


def _in_deck(sql: str) -> tuple[str, list[str]]:
    """`sql` with the condition that an answer is not blank, and its parameters."""
    fields = question_store.ANSWER_FIELDS
    filled = " OR ".join(f"trim(coalesce(a.{field}, ''), ?) != ''" for field in fields)
    return sql.replace("{filled}", filled), [WHITESPACE] * len(fields)


def _due_bound(now: dt.datetime) -> str:
    """Text after every dated due time that can be at or before `now` (UTC). The date a time
    is written with is at most a day ahead of its UTC date (offsets stay under 24 hours),
    so anything before the day after tomorrow is a candidate."""
    try:
        return (now.date() + dt.timedelta(days=2)).isoformat()
    except OverflowError:  # the end of the calendar: every date is before it
        return "a"


@dataclass(frozen=True)
class DueQuestion:
    """A question due for practice, without its rows: what a list of things to do needs."""

    question_id: int
    text: str | None
    due_at: dt.datetime
    card_id: int | None
    answer_id: int


def due_questions(journal: Journal, now: dt.datetime) -> list[DueQuestion]:
    """The questions due at `now`, the longest overdue first (as `due`, without the rows).

    SQLite picks the questions in the deck that may be due, so the cost follows what is due
    rather than the whole deck; their exact due times are compared here."""
    now = _utc(now)
    sql, params = _in_deck(_MAYBE_DUE)
    found = []
    times: dict[str, dt.datetime] = {}  # many cards share a due time
    for question_id, text, card_id, due_at, answer_id, first_at in journal.records(
            sql, [*params, _due_bound(now), _DATED]):
        if due_at:
            moment = times.get(due_at)
            if moment is None:
                moment = times[due_at] = parse_time(due_at)
        else:
            moment = min(parse_time(first_at), now)
        if moment <= now:
            found.append(DueQuestion(question_id, text, moment, card_id, answer_id))
    found.sort(key=lambda d: (d.due_at, d.question_id))
    return found


def due(journal: Journal, now: dt.datetime) -> list[DeckEntry]:
    """The questions due at `now`, the longest overdue first: `deck`'s entries due by then."""
    waiting = due_questions(journal, now)
    # Read apart from the list: a row another tab removed meanwhile is left out.
    questions = journal.rows_by_id("questions", [d.question_id for d in waiting])
    answers = journal.rows_by_id("answer_versions", [d.answer_id for d in waiting])
    cards = journal.rows_by_id("practice_cards",
                               [d.card_id for d in waiting if d.card_id is not None])
    return [DeckEntry(questions[d.question_id], answers[d.answer_id], d.due_at,
                      cards.get(d.card_id))
            for d in waiting if d.question_id in questions and d.answer_id in answers]


def deck_size(journal: Journal) -> int:
    """How many questions are in the deck (`len(deck(...))`), counted by SQLite."""
    sql, params = _in_deck("SELECT count(*)" + _IN_DECK)
    return journal.query(sql, params)[0][0]


def next_due(journal: Journal, now: dt.datetime) -> dt.datetime | None:
    """When the next question comes due after `now` (None for an empty deck)."""
    now = _utc(now)
    later = [entry.due_at for entry in deck(journal, now) if entry.due_at > now]
    return min(later) if later else None


def review(journal: Journal, question_id: int, rating: int, now: dt.datetime, *,
           confidence: int | None = None) -> Row:
    """Record one practice of a question and schedule the next. Returns the card row.

    `rating` is 1 (again) to 4 (easy); `confidence` 1–5 is how sure the person feels, and
    when they do not say, the rating stands for it (coaching.toml `rating_confidence`).
    """
    from fsrs import Card, Rating

    if rating not in RATINGS:
        raise ValueError("A practice rating is 1 (again), 2 (hard), 3 (good) or 4 (easy).")
    if confidence is not None and not 1 <= confidence <= 5:
        raise ValueError("Confidence is from 1 to 5.")
    now = _utc(now)
    if confidence is None:
        confidence = words()["learning"]["rating_confidence"][rating - 1]
    with journal.transaction():
        row = journal.find_one("practice_cards", question_id=question_id)
        card = Card.from_json(row["card"]) if row and row["card"] else Card(card_id=question_id,
                                                                          due=now)
        card, _log = scheduler().review_card(card, Rating(rating), now)
        stored = journal.upsert("practice_cards", {"question_id": question_id},
                                rev=row["rev"] if row else None, card=card.to_json(),
                                due_at=card.due)
        journal.add("practice_reviews", question_id=question_id, reviewed_at=now, rating=rating,
                    confidence=confidence)
    return stored


def reviews(journal: Journal, question_id: int | None = None) -> list[Row]:
    where = {"question_id": question_id} if question_id is not None else None
    return journal.rows("practice_reviews", where, order_by="reviewed_at, id")


def describe_when(moment: dt.datetime, now: dt.datetime) -> str:
    """'in 10 minutes', 'tomorrow at 09:00', 'on Tue 3 Mar' — in the person's local time."""
    moment, now = _utc(moment).astimezone(), _utc(now).astimezone()
    seconds = (moment - now).total_seconds()
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return (say("learning.when.minutes_one", minutes=minutes) if minutes == 1 else
                say("learning.when.minutes_many", minutes=minutes))
    days = (moment.date() - now.date()).days
    if days == 0:
        return say("learning.when.today", time=f"{moment:%H:%M}")
    if days == 1:
        return say("learning.when.tomorrow", time=f"{moment:%H:%M}")
    if days < 7:
        return say("learning.when.this_week", weekday=f"{moment:%A}", time=f"{moment:%H:%M}")
    return say("learning.when.later", date=f"{moment:%a} {moment.day} {moment:%b %Y}")


def nothing_due_message(journal: Journal, now: dt.datetime) -> str:
    """What to say when nothing is due: when the next question comes back, or how to start."""
    upcoming = next_due(journal, now)
    w = words()["learning"]
    if upcoming is None:
        return w["nothing_in_deck"]
    return w["nothing_due"].format(when=describe_when(upcoming, now))
