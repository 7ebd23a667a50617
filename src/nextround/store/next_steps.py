"""What to do next: the countdown to the next interview, then follow-ups due, practice
questions due and goals coming due, in date order.

Each item follows the rule of the module that owns it (`feedback_requests.is_due`,
`practice.due`, the goals table), so My progress and the report agree with steps 2 and 4.
SQLite is asked for what is due, so the cost follows what is due, not the whole history.
Titles hold the person's own words as typed: escape them wherever they are rendered.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass

from nextround.store import feedback_requests, practice
from nextround.store.contacts import and_list
from nextround.store.journal import Journal
from nextround.words import say, words

FOLLOW_UP, PRACTICE, GOAL, INTERVIEW = "follow-up", "practice", "goal", "interview"
KIND_ORDER = {INTERVIEW: -1, FOLLOW_UP: 0, PRACTICE: 1, GOAL: 2}
# The page where each kind of thing is done (its words: title and workbook).
PAGE_OF = {FOLLOW_UP: "steps.feedback", PRACTICE: "steps.learning", GOAL: "steps.learning",
           INTERVIEW: "pages.next_interview"}
SHOWN = 10  # My progress and the report list this many; the rest are counted by step


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


@functools.lru_cache(maxsize=1024)
def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# Requests still waiting for a reply whose follow-up date has come (`feedback_requests.is_due`;
# dates are stored as YYYY-MM-DD, so they compare as text), with the process they belong to.
_FOLLOW_UPS_DUE = """
SELECT r.id, r.person_name, r.follow_up_on, p.company, p.role
FROM feedback_requests r LEFT JOIN processes p ON p.id = r.process_id
WHERE r.follow_up_on <= ? AND r.follow_up_on != '' AND r.status IN ({statuses})
ORDER BY r.id
"""


def follow_ups_due(journal: Journal, today: dt.date) -> list[NextStep]:
    w = _w()
    statuses = ", ".join("?" for _ in feedback_requests.WAITING)
    rows = journal.records(_FOLLOW_UPS_DUE.format(statuses=statuses),
                           [today.isoformat(), *feedback_requests.WAITING])
    found = []
    for row_id, person_name, follow_up_on, company, role in rows:
        due_on = dt.date.fromisoformat(follow_up_on)
        values = {"name": person_name or w["follow_up_name_if_blank"], "company": company or "",
                  "role": role or "", "date": long_date(due_on)}
        found.append(NextStep(FOLLOW_UP, due_on, w["follow_up"].format_map(values),
                              w["follow_up_detail"].format_map(values), due_on < today,
                              workbook(FOLLOW_UP), row_id))
    return found


def questions_due(journal: Journal, now: dt.datetime) -> list[NextStep]:
    w = _w()
    today = now.astimezone().date()
    found = []
    local_days: dict[dt.datetime, dt.date] = {}  # many questions share a due time
    for entry in practice.due_questions(journal, now):
        due_on = local_days.get(entry.due_at)
        if due_on is None:
            due_on = local_days[entry.due_at] = entry.due_at.astimezone().date()
        values = {"question": entry.text or "", "date": long_date(due_on)}
        found.append(NextStep(PRACTICE, due_on, w["practice"].format_map(values),
                              w["practice_detail"].format_map(values), due_on < today,
                              workbook(PRACTICE), entry.question_id))
    return found


# Active goals with a deadline by the horizon (dates compare as text, as above).
_GOALS_DUE = """
SELECT id, title, deadline, progress FROM goals
WHERE status = 'active' AND deadline <= ? AND deadline != ''
ORDER BY id
"""


def goals_due(journal: Journal, today: dt.date) -> list[NextStep]:
    """Active goals whose deadline has passed or falls within the horizon."""
    w = _w()
    horizon = today + dt.timedelta(days=int(w["goal_horizon_days"]))
    found = []
    for row_id, title, deadline, progress in journal.records(_GOALS_DUE, [horizon.isoformat()]):
        due_on = dt.date.fromisoformat(deadline)
        overdue = due_on < today
        values = {"title": title or "", "date": long_date(due_on), "progress": int(progress or 0)}
        detail = w["goal_overdue_detail" if overdue else "goal_detail"].format_map(values)
        found.append(NextStep(GOAL, due_on, w["goal"].format_map(values), detail, overdue,
                              workbook(GOAL), row_id))
    return found


def interviews_coming(journal: Journal, now: dt.datetime) -> list[NextStep]:
    """The countdown to each interview not logged yet ("3 days left: …"), soonest first;
    one already past asks to be logged."""
    from nextround.store import upcoming

    found = []
    for row in upcoming.still_to_come(journal):
        sentence = upcoming.countdown_sentence_for(journal, row, now)
        begins = upcoming.starts(row)
        values = {"company": row["company"] or "", "role": row["role"] or "",
                  "date": long_date(begins.date()), "time": f"{begins:%H:%M}"}
        detail = words()["next_interview"]["page"]["next_step_detail"].format_map(values)
        found.append(NextStep(INTERVIEW, begins.date(), sentence, detail,
                              upcoming.days_left(row, now) < 0, workbook(INTERVIEW), row["id"]))
    return found


def next_steps(journal: Journal, now: dt.datetime | None = None) -> list[NextStep]:
    """The interviews coming first, then everything due, oldest date first; on one day
    follow-ups, then practice, then goals."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("next_steps needs a timezone-aware time")
    today = now.astimezone().date()
    items = follow_ups_due(journal, today) + questions_due(journal, now) + goals_due(journal, today)
    items.sort(key=lambda s: (s.due_on, KIND_ORDER[s.kind], s.row_id))
    return interviews_coming(journal, now) + items


def nothing_due_text() -> str:
    return _w()["nothing_due"]


# ------------------------------------------------------------------ a shortened list
# How the rest of a shortened list is counted, kind by kind.
KIND_NAMES = {
    INTERVIEW: lambda n: (say("progress.left_out.interviews_one", count=n) if n == 1 else
                          say("progress.left_out.interviews_many", count=n)),
    FOLLOW_UP: lambda n: (say("progress.left_out.follow_ups_one", count=n) if n == 1 else
                          say("progress.left_out.follow_ups_many", count=n)),
    PRACTICE: lambda n: (say("progress.left_out.questions_one", count=n) if n == 1 else
                         say("progress.left_out.questions_many", count=n)),
    GOAL: lambda n: (say("progress.left_out.goals_one", count=n) if n == 1 else
                     say("progress.left_out.goals_many", count=n)),
}


def workbook(kind: str) -> str:
    return say(f"{PAGE_OF[kind]}.workbook")


def step_title(kind: str) -> str:
    return say(f"{PAGE_OF[kind]}.title")


@dataclass(frozen=True)
class LeftOut:
    """What a shortened list of next steps leaves out: how many, and step by step what."""

    count: int
    parts: tuple[tuple[str, str, str], ...]  # (what, step title, workbook), in step order

    def sentence(self) -> str:
        """In plain words, e.g. 'And 243 more: 120 follow-ups in Step 2 · Ask for feedback;
        100 practice questions and 23 goals in Step 4 · Keep learning.'"""
        said = "; ".join(say("progress.left_out.part", what=what, step=title)
                         for what, title, _workbook in self.parts)
        return say("progress.left_out.more", count=self.count, parts=said)


def shortened(steps: list[NextStep], shown: int = SHOWN) -> tuple[list[NextStep], LeftOut | None]:
    """The first `shown` of `steps` (oldest first) and what the rest hold (None if nothing)."""
    rest = steps[shown:]
    if not rest:
        return steps, None
    counts = Counter(step.kind for step in rest)
    by_step: dict[str, list[str]] = {}
    for kind, counted in KIND_NAMES.items():
        if counts[kind]:
            by_step.setdefault(workbook(kind), []).append(counted(counts[kind]))
    titles = {workbook(kind): step_title(kind) for kind in KIND_NAMES}
    parts = tuple((and_list(whats), titles[workbook], workbook)
                  for workbook, whats in sorted(by_step.items()))
    return steps[:shown], LeftOut(len(rest), parts)
