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
audit filled from what was ticked. Time is always a parameter here, never the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nextround.store import contacts as contact_store
from nextround.store import practice
from nextround.store import processes as process_store
from nextround.errors import JournalError
from nextround.store.journal import Journal, Row
from nextround.rules.states import UPCOMING_STATUSES
from nextround.words import preparation_areas
from nextround.store.upcoming.times import (DEFAULT_MINUTES, MAX_MINUTES, _w, countdown_sentence,
                                             days_left, local_timezone_name, parse_clock,
                                             starts, valid_timezone)
from nextround.store.upcoming.planning import focus, plan, weak_areas


UPCOMING, LOGGED = UPCOMING_STATUSES


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


# ----------------------------------------------------------------------- the countdown
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
