"""The calendar file of an interview coming up: the interview and the practice sessions before it."""

from __future__ import annotations

import datetime as dt

from nextround.store.journal import Row
from nextround.store.upcoming.planning import Plan, _fill
from nextround.store.upcoming.times import DEFAULT_MINUTES, _w, starts
from nextround.words import say


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
        lines += [say("next_interview.calendar.practice_item", question=i.text)
                  for i in session.items]
        item.add("description", "\n".join(lines))
        calendar.add_component(item)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_file_name(upcoming: Row) -> str:
    company = "".join(ch if ch.isalnum() else "-" for ch in (upcoming.get("company") or ""))
    company = "-".join(filter(None, company.split("-")))[:40] or "interview"
    return f"nextround-{company.lower()}-{upcoming['held_on']}.ics"
