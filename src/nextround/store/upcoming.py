"""Before your next interview: the interview coming up, and the plan built from the journal.

An upcoming interview has a date and a start time as the person reads them on their own clock,
with that clock's time zone (an IANA name such as Europe/London): "Tuesday at 10:00 in London"
stays 10:00 in London whatever the computer's zone and whenever the clocks change. Days left
are counted on that clock too, so a countdown turns over at the person's midnight.

The plan (`plan()`) gathers, from everything logged so far:
- *research*: every preparation area, those rated weakest across past audits first, ticked as
  the person prepares;
- *practice*: the surprise questions the scheduler (FSRS, `practice`) has due before the
  interview, each planned on a day before it (a due date on or after the day is brought in to
  the day before), weakest recall first;
- *what to address*: feedback themes interviewers named more than once, with the takeaways
  and active goals that answer them;
- *fit*: questions to ask them, from the person's values and their target role;
- people met before, and companies interviewed at before.

Afterwards `log_it()` turns the interview into a process in step 1 with its preparation
audit filled from what was ticked. Time is always a parameter here, never the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from nextround.store import contacts as contact_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.errors import JournalError
from nextround.store.journal import Journal, Row
from nextround.rules.states import UPCOMING_STATUSES
from nextround.words import preparation_areas, words

UPCOMING, LOGGED = UPCOMING_STATUSES
DEFAULT_MINUTES = 60
MAX_MINUTES = 12 * 60


def _w() -> dict[str, Any]:
    return words()["next_interview"]


# ------------------------------------------------------------------------ time zones
def local_timezone_name() -> str:
    """This computer's time zone as an IANA name, or "UTC" when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and valid_timezone(name):
            return name
    return "UTC"


def valid_timezone(name: str | None) -> bool:
    if not name or name != name.strip() or ".." in name or name.startswith("/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def timezone_names() -> list[str]:
    return sorted(available_timezones())


def parse_clock(text: str | None) -> dt.time:
    """A start time typed as 9:30, 09:30 or 14.05 (24-hour clock)."""
    raw = (text or "").strip().replace(".", ":")
    try:
        hours, minutes = raw.split(":")
        moment = dt.time(int(hours), int(minutes))
    except ValueError:
        raise JournalError(_w()["bad_time"].format(text=text or "")) from None
    if len(minutes) != 2:
        raise JournalError(_w()["bad_time"].format(text=text or ""))
    return moment


def starts(upcoming: Row) -> dt.datetime:
    """When the interview starts, as an aware time on the person's clock."""
    day = dt.date.fromisoformat(upcoming["held_on"])
    clock = parse_clock(upcoming.get("starts_at") or "09:00")
    return dt.datetime.combine(day, clock, tzinfo=zone(upcoming))


def zone(upcoming: Row) -> ZoneInfo:
    name = upcoming.get("timezone")
    return ZoneInfo(name) if valid_timezone(name) else ZoneInfo("UTC")


def today_for(upcoming: Row, now: dt.datetime) -> dt.date:
    """Today's date on the person's clock."""
    if now.tzinfo is None:
        raise ValueError("the plan needs a timezone-aware time")
    return now.astimezone(zone(upcoming)).date()


def days_left(upcoming: Row, now: dt.datetime) -> int:
    """Whole days from today to the interview day, both on the person's clock (0: today)."""
    return (dt.date.fromisoformat(upcoming["held_on"]) - today_for(upcoming, now)).days


# -------------------------------------------------------------------------- entries
FIELDS = ("company", "role", "held_on", "starts_at", "timezone", "minutes", "kind", "format",
          "people", "notes")


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in FIELDS}
    if "company" in out and not (out["company"] or "").strip():
        raise JournalError(_w()["needs_company"])
    if "held_on" in out and not out["held_on"]:
        raise JournalError(_w()["needs_date"])
    if out.get("starts_at") is not None:
        out["starts_at"] = f"{parse_clock(out['starts_at']):%H:%M}"
    if "timezone" in out and not valid_timezone(out["timezone"]):
        raise JournalError(_w()["bad_timezone"].format(text=out["timezone"] or ""))
    minutes = out.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)
                                or not 0 < minutes <= MAX_MINUTES):
        raise JournalError(_w()["bad_minutes"].format(max=MAX_MINUTES))
    return out


def add_upcoming(journal: Journal, company: str, held_on: dt.date | str, starts_at: str = "09:00",
                 timezone: str | None = None, **fields: Any) -> Row:
    """Log an interview that is coming; the people named are linked to contacts."""
    values = _checked({"company": company, "held_on": held_on, "starts_at": starts_at,
                       "timezone": timezone or local_timezone_name(), **fields})
    values.setdefault("minutes", DEFAULT_MINUTES)
    with journal.transaction():
        row = journal.add("upcoming_interviews", status=UPCOMING, ticked=[], **values)
        contact_store.sync_upcoming(journal, row)
    return row


def update_upcoming(journal: Journal, upcoming: Row, **fields: Any) -> Row:
    values = _checked(fields)
    with journal.transaction():
        row = journal.update("upcoming_interviews", upcoming["id"], upcoming["rev"], **values)
        if "people" in values or "company" in values:
            contact_store.sync_upcoming(journal, row)
    return row


def remove_upcoming(journal: Journal, upcoming: Row) -> None:
    journal.delete("upcoming_interviews", upcoming["id"], upcoming["rev"])


def still_to_come(journal: Journal) -> list[Row]:
    """Interviews not logged yet, soonest first."""
    rows = journal.rows("upcoming_interviews", {"status": UPCOMING}, order_by="held_on, starts_at, id")
    return rows


def next_one(journal: Journal) -> Row | None:
    """The interview the page opens on: the soonest one not logged yet."""
    found = still_to_come(journal)
    return found[0] if found else None


def tick(journal: Journal, upcoming: Row, area: str, done: bool) -> Row:
    """Tick (or untick) a preparation area for this interview."""
    known = [f for f, _ in preparation_areas()]
    if area not in known:
        raise JournalError(f"Unknown preparation area {area!r}")
    ticked = [a for a in upcoming.get("ticked") or [] if a != area]
    if done:
        ticked.append(area)
    ticked.sort(key=lambda a: known.index(a) if a in known else len(known))
    return journal.update("upcoming_interviews", upcoming["id"], upcoming["rev"], ticked=ticked)


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


# ----------------------------------------------------------------------- the countdown
def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=n)


def countdown_sentence(days: int, to_practise: int, to_research: int, begins: dt.datetime) -> str:
    """"3 days left: 2 questions to practise, 1 area to research." — days on the person's clock."""
    w = _w()["countdown"]
    parts = []
    if to_practise:
        parts.append(_count(to_practise, w["practise_one"], w["practise_many"]))
    if to_research:
        parts.append(_count(to_research, w["research_one"], w["research_many"]))
    todo = ", ".join(parts) if parts else w["nothing_left"]
    when = f"{begins:%H:%M}"
    if days < 0:
        return w["past"].format(date=long_date(begins.date()))
    if days == 0:
        return w["today"].format(time=when, todo=todo)
    if days == 1:
        return w["tomorrow"].format(time=when, todo=todo)
    return w["days"].format(days=days, todo=todo)


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def countdown_sentence_for(journal: Journal, upcoming: Row, now: dt.datetime) -> str:
    """The countdown without the rest of the plan: what is due by the start is counted by
    SQLite (`practice.due_questions`), as My progress asks on every save."""
    begins = starts(upcoming)
    to_practise = len(practice.due_questions(journal, begins))
    areas, audits = weak_areas(journal, upcoming)
    to_research = sum(not a.ticked for a in focus(areas, audits))
    return countdown_sentence(days_left(upcoming, now), to_practise, to_research, begins)


def countdown(journal: Journal, now: dt.datetime) -> tuple[Row, str] | None:
    """The next interview and its countdown sentence (for My progress), or None."""
    upcoming = next_one(journal)
    if upcoming is None:
        return None
    return upcoming, plan(journal, upcoming, now).countdown()


# ------------------------------------------------------------------------- calendar
def calendar_ics(current: Plan, *, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar file with the interview and each practice session, in the interview's own
    time zone (a TZID with its VTIMEZONE definition)."""
    from icalendar import Alarm, Calendar, Event

    w = _w()["calendar"]
    upcoming = current.upcoming
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    values = {"company": upcoming.get("company") or "", "role": upcoming.get("role") or "",
              "kind": upcoming.get("kind") or w["kind_if_blank"],
              "people": upcoming.get("people") or ""}
    calendar = Calendar()
    calendar.add("prodid", "-//NextRound//Before your next interview//EN")
    calendar.add("version", "2.0")

    begins = starts(upcoming)
    event = Event()
    event.add("uid", f"nextround-interview-{upcoming['id']}@nextround")
    event.add("dtstamp", stamp)
    event.add("dtstart", begins)
    event.add("dtend", begins + dt.timedelta(minutes=upcoming.get("minutes") or DEFAULT_MINUTES))
    event.add("summary", _fill(w["interview_summary"], **values).strip())
    description = [_fill(w["interview_description"], **values)]
    if upcoming.get("people"):
        description.append(_fill(w["interview_people"], **values))
    event.add("description", "\n".join(description))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _fill(w["interview_summary"], **values).strip())
    alarm.add("trigger", -dt.timedelta(hours=int(w["interview_alarm_hours"])))
    event.add_component(alarm)
    calendar.add_component(event)

    for session in current.sessions:
        item = Event()
        item.add("uid", f"nextround-practice-{upcoming['id']}-{session.day.isoformat()}@nextround")
        item.add("dtstamp", stamp)
        item.add("dtstart", session.start)
        item.add("dtend", session.start + dt.timedelta(minutes=session.minutes))
        key = "practice_summary_one" if len(session.items) == 1 else "practice_summary"
        item.add("summary", _fill(w[key], count=len(session.items), **values))
        lines = [_fill(w["practice_description"], **values)]
        lines += [f"- {i.text}" for i in session.items]
        item.add("description", "\n".join(lines))
        calendar.add_component(item)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_file_name(upcoming: Row) -> str:
    company = "".join(ch if ch.isalnum() else "-" for ch in (upcoming.get("company") or ""))
    company = "-".join(filter(None, company.split("-")))[:40] or "interview"
    return f"nextround-{company.lower()}-{upcoming['held_on']}.ics"


# ------------------------------------------------------------------------- log it
def log_it(journal: Journal, upcoming: Row, *, today: dt.date | None = None) -> Row:
    """After the interview: a process in step 1 with this interview as its stage, its
    preparation audit filled from what was ticked (ticked areas at one level, the rest at
    another, as the words file says), the people linked, and the process chosen to work on.
    Logging twice makes one process."""
    w = _w()
    with journal.transaction():
        current = journal.get("upcoming_interviews", upcoming["id"])
        if current is None:
            raise JournalError(w["gone"])
        if current["status"] == LOGGED and current["process_id"] is not None:
            existing = journal.get("processes", current["process_id"])
            if existing is not None:
                return existing
        process = process_store.add_process(
            journal, current["company"], current["role"] or "",
            applied_on=today or dt.date.fromisoformat(current["held_on"]),
            notes=current["notes"] or None)
        stage = process_store.add_stage(
            journal, process["id"], kind=current["kind"] or None, held_on=current["held_on"],
            interviewers=current["people"] or None, format=current["format"] or None)
        ticked = set(current["ticked"] or [])
        levels = {f: int(w["ticked_level"]) if f in ticked else int(w["unticked_level"])
                  for f, _ in preparation_areas()}
        journal.add("preparations", process_id=process["id"], **levels)
        contact_store.sync_stage(journal, stage, current["company"], w["interviewer_role"])
        journal.update("upcoming_interviews", current["id"], current["rev"], status=LOGGED,
                       process_id=process["id"])
        process_store.choose_process(journal, process["id"])
    return process
