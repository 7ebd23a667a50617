"""When an interview is: its local date and time in its own time zone, and the days left counted on that clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from nextround.errors import JournalError
from nextround.store.journal import Row
from nextround.words import words


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


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


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
