"""The people you meet: recruiters, interviewers, referrers — one entry per person.

A contact is linked (`contact_links`) to where you met them: a process, a stage of it, a
feedback request, an interview still to come. The recruiter met in three processes is one
contact with one history: which requests they answered, and how fast.

Names are matched as a person would match them: case, spacing and Unicode forms do not make
two people (`name_key`). Names are stored exactly as typed; escape them wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from nextround.errors import JournalError
from nextround.store.journal import Journal, Row
from nextround.words import say

# Between names in one field ("Priya Shah, Tom Lee & Ana Ruiz"): commas, semicolons, slashes,
# ampersands, plus signs, new lines, and "and" as a word.
_BETWEEN_NAMES = re.compile(r"\s*(?:[,;/&+\n]|\band\b)\s*", re.IGNORECASE)
MAX_NAME_CHARS = 200  # a longer "name" is a note pasted in the wrong field


def name_key(name: str | None) -> str:
    """The name as it is matched: Unicode-normalised, case-folded, one space between words."""
    text = unicodedata.normalize("NFKC", name or "")
    # Invisible format characters (bidirectional marks, zero-width joiners) do not make a
    # different person either.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.casefold().split())


def split_names(text: str | None) -> list[str]:
    """The names in a free-text field, each once, in the order typed."""
    found, seen = [], set()
    for part in _BETWEEN_NAMES.split(text or ""):
        name = " ".join(part.split())
        key = name_key(name)
        if key and key not in seen and len(name) <= MAX_NAME_CHARS:
            seen.add(key)
            found.append(name)
    return found


def all_contacts(journal: Journal) -> list[Row]:
    """Every contact, by name."""
    return sorted(journal.rows("contacts"), key=lambda c: (c["name_key"] or "", c["id"]))


def find(journal: Journal, name: str) -> Row | None:
    """The contact with this name (however it is capitalised or spaced), or None."""
    key = name_key(name)
    if not key:
        return None
    return journal.find_one("contacts", name_key=key)


def add_contact(journal: Journal, name: str, **fields) -> Row:
    clean = " ".join((name or "").split())
    if not clean:
        raise JournalError(say("contacts.errors.needs_name"))
    if len(clean) > MAX_NAME_CHARS:
        raise JournalError(say("contacts.errors.name_too_long", max=MAX_NAME_CHARS))
    with journal.transaction():
        if find(journal, clean) is not None:
            raise JournalError(say("contacts.errors.already", name=clean))
        return journal.add("contacts", name=clean, name_key=name_key(clean), **fields)


def find_or_add(journal: Journal, name: str, **fields) -> Row:
    """The contact with this name; a new one (with `fields`) if there is none yet."""
    with journal.transaction():
        existing = find(journal, name)
        if existing is not None:
            missing = {k: v for k, v in fields.items() if v and not existing.get(k)}
            if missing:  # what was blank is filled in; nothing typed before is replaced
                existing = journal.update("contacts", existing["id"], existing["rev"], **missing)
            return existing
        return add_contact(journal, name, **fields)


def rename(journal: Journal, contact: Row, name: str) -> Row:
    clean = " ".join((name or "").split())
    if not clean:
        raise JournalError(say("contacts.errors.needs_name"))
    with journal.transaction():
        other = find(journal, clean)
        if other is not None and other["id"] != contact["id"]:
            raise JournalError(say("contacts.errors.already", name=clean))
        return journal.update("contacts", contact["id"], contact["rev"], name=clean,
                              name_key=name_key(clean))


def remove_contact(journal: Journal, contact: Row) -> None:
    """Remove the person and where you met them; the processes and requests stay."""
    journal.delete("contacts", contact["id"], contact["rev"])


# ---------------------------------------------------------------------------- links
def link(journal: Journal, contact_id: int, *, process_id: int | None = None,
         stage_id: int | None = None, request_id: int | None = None,
         upcoming_id: int | None = None, role: str | None = None) -> Row:
    """Say where you met this contact; linking the same place twice changes nothing."""
    where = {"contact_id": contact_id, "process_id": process_id, "stage_id": stage_id,
             "request_id": request_id, "upcoming_id": upcoming_id}
    with journal.transaction():
        existing = journal.find_one("contact_links", **where)
        if existing is not None:
            if role and existing["role"] != role:
                return journal.update("contact_links", existing["id"], existing["rev"], role=role)
            return existing
        return journal.add("contact_links", role=role, **where)


def _sync(journal: Journal, where: dict, names: Iterable[str], role: str | None,
          company: str | None, extra: dict) -> list[Row]:
    """Make the links at `where` be exactly the contacts named (created if new)."""
    with journal.transaction():
        wanted = []
        for name in names:
            contact = find_or_add(journal, name, kind=role, company=company or None)
            wanted.append(contact)
            link(journal, contact["id"], role=role, **where, **extra)
        keep = {c["id"] for c in wanted}
        for row in journal.rows("contact_links", where):
            if row["contact_id"] not in keep:
                journal.delete("contact_links", row["id"])
        return wanted


def sync_stage(journal: Journal, stage: Row, company: str | None = None,
               role: str | None = None) -> list[Row]:
    """Link the people named in a stage's interviewers field to contacts (new ones created);
    a name taken out of the field is no longer linked to the stage. Returns the contacts."""
    if company is None and stage.get("process_id"):
        process = journal.get("processes", stage["process_id"])
        company = process["company"] if process else None
    return _sync(journal, {"stage_id": stage["id"]}, split_names(stage.get("interviewers")),
                 role, company, {"process_id": stage.get("process_id")})


def sync_request(journal: Journal, request: Row, contact_id: int | None = None) -> Row | None:
    """Link a feedback request to the person it goes to: the contact picked, or the one with
    the request's name (created if new). Returns the contact, or None for a request with no
    name yet."""
    with journal.transaction():
        for row in journal.rows("contact_links", {"request_id": request["id"]}):
            if row["contact_id"] != contact_id:
                journal.delete("contact_links", row["id"])
        if contact_id is not None:
            contact = journal.get("contacts", contact_id)
            if contact is None:
                raise JournalError(say("contacts.errors.gone"))
        elif (request.get("person_name") or "").strip():
            process = journal.get("processes", request["process_id"]) if request.get(
                "process_id") else None
            contact = find_or_add(journal, request["person_name"],
                                  kind=request.get("person_role") or None,
                                  company=process["company"] if process else None,
                                  address=request.get("address") or None)
        else:
            return None
        link(journal, contact["id"], process_id=request.get("process_id"),
             request_id=request["id"], role=request.get("person_role") or None)
        return contact


def sync_upcoming(journal: Journal, upcoming: Row) -> list[Row]:
    """Link the people you will meet at an interview still to come."""
    return _sync(journal, {"upcoming_id": upcoming["id"]}, split_names(upcoming.get("people")),
                 None, upcoming.get("company"), {})


# -------------------------------------------------------------------------- history
@dataclass(frozen=True)
class Meeting:
    """One process where you met the contact."""

    process_id: int
    company: str
    role: str
    on: str | None  # the earliest date known: a stage, the application


@dataclass(frozen=True)
class History:
    contact: Row
    meetings: tuple[Meeting, ...] = ()
    asked: int = 0        # feedback requests sent to them
    replied: int = 0      # of those, answered
    reply_days: tuple[int, ...] = field(default=())  # days from sent to answered, each reply

    @property
    def median_reply_days(self) -> float | None:
        return statistics.median(self.reply_days) if self.reply_days else None

    @property
    def companies(self) -> list[str]:
        seen: list[str] = []
        for meeting in self.meetings:
            if meeting.company and meeting.company not in seen:
                seen.append(meeting.company)
        return seen


_ANSWERED = ("answered", "declined")  # a reply, even a no


def history(journal: Journal, contact_id: int) -> History | None:
    contact = journal.get("contacts", contact_id)
    if contact is None:
        return None
    links = journal.rows("contact_links", {"contact_id": contact_id})
    process_ids = {l["process_id"] for l in links if l["process_id"] is not None}
    process_rows = journal.rows_by_id("processes", process_ids)
    stage_rows = journal.rows_by_id("stages", [l["stage_id"] for l in links if l["stage_id"]])
    meetings = []
    for pid in sorted(process_rows):
        process = process_rows[pid]
        dates = [s["held_on"] for s in stage_rows.values() if s["process_id"] == pid and s["held_on"]]
        on = min(dates) if dates else process.get("applied_on")
        meetings.append(Meeting(pid, process["company"] or "", process["role"] or "", on))
    meetings.sort(key=lambda m: (m.on or "", m.process_id))
    request_rows = journal.rows_by_id("feedback_requests",
                                      [l["request_id"] for l in links if l["request_id"]])
    asked = replied = 0
    days = []
    for request in request_rows.values():
        if request["status"] in (None, "draft"):
            continue
        asked += 1
        if request["status"] in _ANSWERED:
            replied += 1
            if request["sent_on"] and request["answered_on"]:
                gap = (dt.date.fromisoformat(request["answered_on"])
                       - dt.date.fromisoformat(request["sent_on"])).days
                if gap >= 0:
                    days.append(gap)
    return History(contact, tuple(meetings), asked, replied, tuple(days))


def describe(item: History) -> str:
    """One plain line: where you met them, and how they answered (for the contact lists)."""
    from nextround.words import words

    w = words()["contacts"]
    parts = []
    if item.companies:
        parts.append(w["met_at"].format(companies=and_list(item.companies)))
    if item.asked and item.replied:
        median = item.median_reply_days
        days = _days_text(median) if median is not None else ""
        if item.asked == 1:
            key = "replied_one" if median is not None else None
        else:
            key = "replied_many" if median is not None else "replied_many_undated"
        if key:
            parts.append(w[key].format(replied=item.replied, asked=item.asked, days=days))
    elif item.asked:
        key = "no_reply_one" if item.asked == 1 else "no_reply_many"
        parts.append(w[key].format(asked=item.asked))
    return " ".join(parts) if parts else w["nothing_yet"]


def _days_text(days: float) -> str:
    from nextround.words import words

    w = words()["contacts"]
    if days < 1:
        return w["same_day"]
    shown = f"{days:g}"
    return w["one_day" if days == 1 else "many_days"].format(days=shown)


def and_list(items: list[str]) -> str:
    from nextround.words import words

    joiner = words()["contacts"]["and"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {joiner} " + items[-1]


def met_before(journal: Journal, names: Iterable[str]) -> list[History]:
    """Of these names, the contacts you already met in a process (for the interview plan)."""
    found = []
    for name in names:
        contact = find(journal, name)
        if contact is None:
            continue
        item = history(journal, contact["id"])
        if item is not None and item.meetings:
            found.append(item)
    return found
