"""The plan for an interview coming up, built from the journal: the areas usually skimped on, the questions due before the day, the feedback themes to answer, questions to ask them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from nextround.store import contacts as contact_store
from nextround.store import practice
from nextround.store.journal import Journal, Row
from nextround.words import preparation_areas
from nextround.store.upcoming.times import (_w, countdown_sentence, days_left, parse_clock, starts,
                                             today_for, zone)


# ------------------------------------------------------------------------ the plan
@dataclass(frozen=True)
class Area:
    field: str
    label: str
    average: float | None  # across past audits, 0 (none) to 3 (thorough); None: never rated
    weak: bool             # rated below solid on average: where the person usually skimps
    task: str              # the checklist line for this company and role
    ticked: bool


@dataclass(frozen=True)
class PracticeItem:
    question_id: int
    text: str
    recall: float          # chance of recalling it now (FSRS retrievability), 0 to 1
    due_at: dt.datetime    # when the scheduler has it due (UTC)
    planned_on: dt.date    # the day it is planned, on the person's clock
    brought_in: bool       # the scheduler had it due on or after the interview day


@dataclass(frozen=True)
class Session:
    """One practice session in the calendar: a day, a start, and its questions."""

    day: dt.date
    start: dt.datetime
    minutes: int
    items: tuple[PracticeItem, ...]


@dataclass(frozen=True)
class Theme:
    name: str
    count: int                  # feedback points that named it
    companies: tuple[str, ...]  # where it was named
    takeaways: tuple[str, ...]  # your own takeaways on it
    goals: tuple[str, ...]      # active goals that answer it


@dataclass(frozen=True)
class Ask:
    question: str
    because: str  # what of yours it comes from


@dataclass
class Plan:
    upcoming: Row
    now: dt.datetime
    areas: list[Area] = field(default_factory=list)
    audits: int = 0
    practice: list[PracticeItem] = field(default_factory=list)
    not_due: int = 0
    sessions: list[Session] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    met_before: list[contact_store.History] = field(default_factory=list)
    been_before: list[Row] = field(default_factory=list)

    @property
    def days_left(self) -> int:
        return days_left(self.upcoming, self.now)

    @property
    def focus(self) -> list[Area]:
        """The areas the countdown counts: the weak ones, or every one with no audit yet."""
        return focus(self.areas, self.audits)

    @property
    def to_research(self) -> int:
        return sum(not a.ticked for a in self.focus)

    @property
    def to_practise(self) -> int:
        return len(self.practice)

    def countdown(self) -> str:
        return countdown_sentence(self.days_left, self.to_practise, self.to_research,
                                  starts(self.upcoming))


def focus(areas: list[Area], audits: int) -> list[Area]:
    weak = [a for a in areas if a.weak]
    return weak if weak or audits else list(areas)


def _fill(template: str, **values: Any) -> str:
    return template.format_map(values)


def weak_areas(journal: Journal, upcoming: Row) -> tuple[list[Area], int]:
    """Every preparation area, the weakest on average across past audits first; and how many
    audits there were."""
    w = _w()
    areas = preparation_areas()
    fields = [f for f, _ in areas]
    sums = ", ".join(f"avg({f}), count({f})" for f in fields)
    row = journal.records(f"SELECT count(*), {sums} FROM preparations")[0]
    audits = row[0]
    averages = {f: row[1 + 2 * i] if row[2 + 2 * i] else None for i, f in enumerate(fields)}
    weak_below = float(w["weak_below"])
    ticked = set(upcoming.get("ticked") or [])
    values = {"company": upcoming.get("company") or "", "role": upcoming.get("role") or w["the_role"]}
    found = []
    for f, label in areas:
        average = averages[f]
        task = _fill(w["area_tasks"].get(f, label), **values)
        found.append(Area(f, label, average, average is not None and average < weak_below, task,
                          f in ticked))
    order = {f: i for i, f in enumerate(fields)}
    found.sort(key=lambda a: (not a.weak, a.average if a.average is not None else 9, order[a.field]))
    return found, audits


def practice_plan(journal: Journal, upcoming: Row, now: dt.datetime) -> tuple[list[PracticeItem], int]:
    """The deck's questions due before the interview, each planned on a day between today and
    the day before it (today, for an interview today), weakest recall first; and how many
    others are not due before it."""
    from fsrs import Card

    begins = starts(upcoming).astimezone(dt.timezone.utc)
    tz = zone(upcoming)
    today = today_for(upcoming, now)
    last_day = max(today, begins.astimezone(tz).date() - dt.timedelta(days=1))
    scheduler = practice.scheduler()
    items, not_due = [], 0
    for entry in practice.deck(journal, now):
        if entry.due_at > begins:
            not_due += 1
            continue
        if entry.card is not None and entry.card["card"]:
            recall = scheduler.get_card_retrievability(Card.from_json(entry.card["card"]),
                                                       now.astimezone(dt.timezone.utc))
        else:
            recall = 0.0  # never practised
        due_day = entry.due_at.astimezone(tz).date()
        planned = min(max(due_day, today), last_day)
        items.append(PracticeItem(entry.question["id"], entry.question["text"] or "", recall,
                                  entry.due_at, planned, due_day > last_day))
    items.sort(key=lambda i: (i.recall, i.due_at, i.question_id))
    return items, not_due


def sessions(upcoming: Row, items: list[PracticeItem], now: dt.datetime) -> list[Session]:
    """The practice sessions for the calendar: one a day with questions planned, at the hour
    the words file gives, never in the past and never overlapping the interview."""
    w = _w()
    tz = zone(upcoming)
    begins = starts(upcoming)
    local_now = now.astimezone(tz)
    hour = parse_clock(w["session_time"])
    by_day: dict[dt.date, list[PracticeItem]] = {}
    for item in items:
        by_day.setdefault(item.planned_on, []).append(item)
    found = []
    for day in sorted(by_day):
        planned = by_day[day]
        minutes = max(int(w["session_min_minutes"]), int(w["session_minutes_per_question"]) * len(planned))
        start = dt.datetime.combine(day, hour, tzinfo=tz)
        if start < local_now:
            start = _next_quarter(local_now)
        gap = dt.timedelta(minutes=int(w["session_gap_minutes"]))
        if start + dt.timedelta(minutes=minutes) + gap > begins > local_now:
            start = max(_next_quarter(local_now), begins - gap - dt.timedelta(minutes=minutes))
        found.append(Session(day, start, minutes, tuple(planned)))
    return found


def _next_quarter(moment: dt.datetime) -> dt.datetime:
    """The next quarter hour on the clock at or after `moment`."""
    base = moment.replace(second=0, microsecond=0)
    if base < moment:
        base += dt.timedelta(minutes=1)
    return base + dt.timedelta(minutes=(-base.minute) % 15)


def feedback_themes(journal: Journal) -> list[Theme]:
    """Themes interviewers named more than once, most named first, with what answers them."""
    minimum = int(_w()["theme_min_count"])
    companies = {r[0]: r[1] or "" for r in journal.records("SELECT id, company FROM processes")}
    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    points_by_theme: dict[str, set[int]] = {}
    for point in journal.rows("feedback_points"):
        for theme in dict.fromkeys(point["themes"]):  # a theme once per point
            counts[theme] += 1
            points_by_theme.setdefault(theme, set()).add(point["id"])
            company = companies.get(point["process_id"], "")
            if company and company not in where.setdefault(theme, []):
                where[theme].append(company)
    named = [t for t, n in counts.items() if n >= minimum]
    if not named:
        return []
    takeaways = journal.rows("takeaways", order_by="id")
    goals = [g for g in journal.rows("goals", {"status": "active"}, order_by="deadline, id")]
    found = []
    for theme in sorted(named, key=lambda t: (-counts[t], t)):
        own = [t for t in takeaways if t["theme"] == theme and (t["text"] or "").strip()]
        own_ids = {t["id"] for t in own}
        answering = [g["title"] for g in goals if (g["source"] == "Feedback" and g["source_id"] in
                                                  points_by_theme[theme])
                     or (g["source"] == "Takeaway" and g["source_id"] in own_ids)]
        found.append(Theme(theme, counts[theme], tuple(where.get(theme, [])),
                           tuple(t["text"].strip() for t in own), tuple(answering)))
    return found


def questions_to_ask(journal: Journal, upcoming: Row) -> list[Ask]:
    """Questions to ask them: from what matters most to you, then your target role's
    must-haves and deal-breakers."""
    w = _w()
    values = {"company": upcoming.get("company") or "", "role": upcoming.get("role") or w["the_role"]}
    asks = []
    shown = int(w["values_asked"])
    for value in journal.rows("work_values", order_by="weight DESC, position, id")[:shown]:
        name = (value["name"] or "").strip()
        if not name:
            continue
        template = w["value_questions"].get(name, w["value_question"])
        asks.append(Ask(_fill(template, value=name, **values),
                        _fill(w["because_value"], value=name, weight=value["weight"] or 0)))
    targets = journal.rows("target_roles", order_by="id DESC")
    if targets:
        target = targets[0]
        for item in target["must_haves"]:
            if item.strip():
                asks.append(Ask(_fill(w["must_have_question"], item=item.strip(), **values),
                                _fill(w["because_must_have"], item=item.strip())))
        for item in target["deal_breakers"]:
            if item.strip():
                asks.append(Ask(_fill(w["deal_breaker_question"], item=item.strip(), **values),
                                _fill(w["because_deal_breaker"], item=item.strip())))
    return asks


def been_before(journal: Journal, upcoming: Row) -> list[Row]:
    """Past processes at the same company (matched like names), newest first."""
    key = contact_store.name_key(upcoming.get("company"))
    if not key:
        return []
    return [p for p in journal.rows("processes", order_by="id DESC")
            if contact_store.name_key(p["company"]) == key and p["id"] != upcoming.get("process_id")]


def plan(journal: Journal, upcoming: Row, now: dt.datetime) -> Plan:
    if now.tzinfo is None:
        raise ValueError("the plan needs a timezone-aware time")
    areas, audits = weak_areas(journal, upcoming)
    items, not_due = practice_plan(journal, upcoming, now)
    names = contact_store.split_names(upcoming.get("people"))
    return Plan(upcoming=upcoming, now=now, areas=areas, audits=audits, practice=items,
                not_due=not_due, sessions=sessions(upcoming, items, now),
                themes=feedback_themes(journal), asks=questions_to_ask(journal, upcoming),
                met_before=contact_store.met_before(journal, names),
                been_before=been_before(journal, upcoming))
