"""The learning plan: SMART goals, where they came from, and the sessions spent on them (step 4).

A goal is specific (what exactly), measurable (how you will know) and has a deadline. Goals are
offered with one click from step-1 takeaways and step-2 feedback actions (`goals.source` says
which, `goals.source_id` points at the origin row), or written from scratch ("My own").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nextround.errors import JournalError
from nextround.rules.states import GOAL_STATUSES
from nextround.store.journal import Journal, Row
from nextround.words import say, words

TAKEAWAY, FEEDBACK, OWN = "Takeaway", "Feedback", "My own"
MAX_SESSION_MINUTES = 24 * 60


@dataclass(frozen=True)
class Suggestion:
    """A candidate goal: `text` becomes the title, `origin` says where it came from."""

    source: str
    source_id: int
    text: str
    origin: str


def _companies(journal: Journal) -> dict[int, str]:
    """Every process's company, in one read (suggestions name one per takeaway and action)."""
    return {row["id"]: row["company"] or "" for row in journal.query(
        "SELECT id, company FROM processes")}


def feedback_actions(journal: Journal) -> list[Row]:
    """Step-2 feedback points that carry an action and are not yet a goal, oldest first."""
    from nextround.store.feedback_points import open_actions

    return open_actions(journal)


def suggestions(journal: Journal) -> list[Suggestion]:
    """Takeaways and feedback actions not yet turned into a goal, newest first."""
    taken = {(row["source"], row["source_id"]) for row in journal.query(
        "SELECT source, source_id FROM goals WHERE source_id IS NOT NULL")}
    companies = _companies(journal)
    found = []
    for row in journal.rows("takeaways", order_by="id DESC"):
        if (row["text"] or "").strip() and (TAKEAWAY, row["id"]) not in taken:
            company = companies.get(row["process_id"], "")
            found.append(Suggestion(TAKEAWAY, row["id"], row["text"].strip(),
                                    say("learning.goals.from_takeaway", company=company)
                                    if company else say("learning.goals.takeaway")))
    for row in sorted(feedback_actions(journal), key=lambda r: r["id"], reverse=True):
        if (FEEDBACK, row["id"]) not in taken:
            company = companies.get(row.get("process_id"), "")
            found.append(Suggestion(FEEDBACK, row["id"], row["action"].strip(),
                                    say("learning.goals.from_feedback", company=company)
                                    if company else say("learning.goals.feedback")))
    return found


def default_deadline(today: dt.date) -> dt.date:
    return today + dt.timedelta(weeks=words()["learning"]["goal_default_weeks"])


def add_goal(journal: Journal, title: str, today: dt.date, *, specific: str | None = None,
             measure: str | None = None, deadline: dt.date | None = None, source: str = OWN,
             source_id: int | None = None, resources: str | None = None,
             set_at: dt.datetime | None = None) -> Row:
    """A new active goal. `set_at` (default: now) is when it was set, which is where its
    progress is measured from; `today` picks the default deadline."""
    if not (title or "").strip():
        raise JournalError(say("learning.errors.needs_goal_title"))
    if source not in (TAKEAWAY, FEEDBACK, OWN):
        raise JournalError(f"A goal comes from {TAKEAWAY}, {FEEDBACK} or {OWN}.")
    return journal.add("goals", title=title, specific=specific, measure=measure,
                       deadline=deadline or default_deadline(today), source=source,
                       source_id=source_id, resources=resources, progress=0,
                       status=GOAL_STATUSES[0], created_at=set_at)


def adopt(journal: Journal, suggestion: Suggestion, today: dt.date) -> Row:
    """Turn a takeaway or feedback action into a goal, once (a second click changes nothing)."""
    with journal.transaction():
        existing = journal.find_one("goals", source=suggestion.source,
                                    source_id=suggestion.source_id)
        if existing is not None:
            return existing
        return add_goal(journal, suggestion.text, today, specific=suggestion.text,
                        source=suggestion.source, source_id=suggestion.source_id)


def all_goals(journal: Journal) -> list[Row]:
    """Active goals first, each group by deadline."""
    order = {status: i for i, status in enumerate(GOAL_STATUSES)}
    return sorted(journal.rows("goals"), key=lambda g: (
        order.get(g["status"], len(order)), g["deadline"] or "9999", g["id"]))


def smart_gaps(goal: Row) -> list[str]:
    """Which parts of SMART the goal still lacks, in words."""
    gaps = []
    if not (goal.get("specific") or "").strip():
        gaps.append(say("learning.goals.gap_specific"))
    if not (goal.get("measure") or "").strip():
        gaps.append(say("learning.goals.gap_measure"))
    if not goal.get("deadline"):
        gaps.append(say("learning.goals.gap_deadline"))
    return gaps


def log_session(journal: Journal, goal_id: int, held_on: dt.date, minutes: int,
                note: str | None = None) -> Row:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_SESSION_MINUTES:
        raise JournalError(say("learning.errors.session_minutes", max=MAX_SESSION_MINUTES))
    if held_on is None:
        raise JournalError(say("learning.errors.needs_session_day"))
    return journal.add("learning_sessions", goal_id=goal_id, held_on=held_on, minutes=minutes,
                       note=note if (note or "").strip() else None)


def sessions(journal: Journal, goal_id: int) -> list[Row]:
    """A goal's sessions, newest first."""
    return journal.rows("learning_sessions", {"goal_id": goal_id}, order_by="held_on DESC, id DESC")


def minutes_spent(journal: Journal, goal_id: int) -> int:
    return sum(s["minutes"] or 0 for s in sessions(journal, goal_id))


def remove_goal(journal: Journal, goal: Row) -> None:
    """Remove a goal with its sessions; its takeaway or feedback action is offered again."""
    journal.delete("goals", goal["id"], goal["rev"])
