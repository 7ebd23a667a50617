"""What to do next: follow-ups due, practice questions due and goals coming due, in date order.

Each item comes from the module that owns it (`feedback_requests.is_due`, `practice.due`,
the goals table), so My progress and the report agree with steps 2 and 4. Titles hold the
person's own words as typed: escape them wherever they are rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nextround import feedback_requests, practice
from nextround.journal import Journal
from nextround.words import words

FOLLOW_UP, PRACTICE, GOAL = "follow-up", "practice", "goal"
KIND_ORDER = {FOLLOW_UP: 0, PRACTICE: 1, GOAL: 2}
WORKBOOKS = {FOLLOW_UP: "02_ask_for_feedback.ipynb", PRACTICE: "04_keep_learning.ipynb",
             GOAL: "04_keep_learning.ipynb"}


@dataclass(frozen=True)
class NextStep:
    kind: str
    due_on: dt.date
    title: str
    detail: str
    overdue: bool
    workbook: str
    row_id: int


def _w() -> dict:
    return words()["progress"]


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def follow_ups_due(journal: Journal, today: dt.date) -> list[NextStep]:
    w = _w()
    found = []
    for request in journal.rows("feedback_requests"):
        if not feedback_requests.is_due(request, today):
            continue
        process = journal.get("processes", request["process_id"]) or {}
        due_on = dt.date.fromisoformat(request["follow_up_on"])
        values = {"name": request.get("person_name") or w["follow_up_name_if_blank"],
                  "company": process.get("company") or "", "role": process.get("role") or "",
                  "date": long_date(due_on)}
        found.append(NextStep(FOLLOW_UP, due_on, w["follow_up"].format_map(values),
                              w["follow_up_detail"].format_map(values), due_on < today,
                              WORKBOOKS[FOLLOW_UP], request["id"]))
    return found


def questions_due(journal: Journal, now: dt.datetime) -> list[NextStep]:
    w = _w()
    today = now.astimezone().date()
    found = []
    for entry in practice.due(journal, now):
        due_on = entry.due_at.astimezone().date()
        values = {"question": entry.question.get("text") or "", "date": long_date(due_on)}
        found.append(NextStep(PRACTICE, due_on, w["practice"].format_map(values),
                              w["practice_detail"].format_map(values), due_on < today,
                              WORKBOOKS[PRACTICE], entry.question["id"]))
    return found


def goals_due(journal: Journal, today: dt.date) -> list[NextStep]:
    """Active goals whose deadline has passed or falls within the horizon."""
    w = _w()
    horizon = today + dt.timedelta(days=int(w["goal_horizon_days"]))
    found = []
    for goal in journal.rows("goals", {"status": "active"}):
        if not goal["deadline"]:
            continue
        due_on = dt.date.fromisoformat(goal["deadline"])
        if due_on > horizon:
            continue
        overdue = due_on < today
        values = {"title": goal["title"] or "", "date": long_date(due_on),
                  "progress": int(goal["progress"] or 0)}
        detail = w["goal_overdue_detail" if overdue else "goal_detail"].format_map(values)
        found.append(NextStep(GOAL, due_on, w["goal"].format_map(values), detail, overdue,
                              WORKBOOKS[GOAL], goal["id"]))
    return found


def next_steps(journal: Journal, now: dt.datetime | None = None) -> list[NextStep]:
    """Everything due, oldest date first; on one day follow-ups, then practice, then goals."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("next_steps needs a timezone-aware time")
    today = now.astimezone().date()
    items = follow_ups_due(journal, today) + questions_due(journal, now) + goals_due(journal, today)
    return sorted(items, key=lambda s: (s.due_on, KIND_ORDER[s.kind], s.row_id))


def nothing_due_text() -> str:
    return _w()["nothing_due"]

