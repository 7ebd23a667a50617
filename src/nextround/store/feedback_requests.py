"""Feedback requests (step 2): drafting, statuses, follow-up dates, reminders and links.

A request belongs to one process and one person (recruiter, interviewer…). It starts as a
`draft`; marking it `sent` sets a follow-up date a number of working days later. The words
of every draft come from the `[feedback]` section of coaching.toml, so a coach can change them.

The draft is stored as one editable text: for email channels its first line is
"Subject: …", which `split_subject` takes apart again for the `mailto:` link.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from typing import Any

from nextround.rules.states import REQUEST_STATUSES, WAITING
from nextround.store import processes as process_store
from nextround.store.journal import Journal, Row
from nextround.words import say, themes, words

FOLLOW_UP_DAYS = "feedback_follow_up_working_days"
WORKING_WEEK = "feedback_working_week"
SIGN_OFF = "feedback_sign_off"

PLACEHOLDERS = ("name", "company", "role", "stage", "questions", "sign_off")
REMINDER_PLACEHOLDERS = ("name", "company", "role", "sent_on")


def _w() -> dict[str, Any]:
    return words()["feedback"]


# ----------------------------------------------------------------------------- templates
def template_fields(template: str) -> set[str]:
    """The {placeholders} a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def fill(template: str, values: dict[str, str], *, allowed: tuple[str, ...] = PLACEHOLDERS,
         blank: dict[str, str] | None = None) -> str:
    """Fill a coaching template. A blank value drops its placeholder with the space before it
    ("Hi {name}," → "Hi,") unless `blank` names a stand-in. Values are inserted once, never
    read as templates themselves, so a name typed as "{company}" stays as typed."""
    unknown = template_fields(template) - set(allowed)
    if unknown:
        raise ValueError(f"A feedback template uses {', '.join(sorted('{' + u + '}' for u in unknown))}; "
                         f"it may use only {' '.join('{' + a + '}' for a in allowed)}.")
    values = dict(values)
    for key, value in list(values.items()):
        if not (value or "").strip():
            stand_in = (blank or {}).get(key, "")
            if stand_in:
                values[key] = stand_in
            else:
                template = re.sub(r"[ \t]*\{" + key + r"(?:[!:][^}]*)?\}", "", template)
                values.pop(key)
    return template.format_map(values).strip()


def stage_label(stage: Row | None) -> str:
    """How a draft names the stage: "final interview", or a kind word when none is logged."""
    if stage is None or not stage.get("kind") or stage["kind"] == "Other":
        return _w()["stage_if_unknown"]
    return stage["kind"][0].lower() + stage["kind"][1:]


def furthest_stage(journal: Journal, process_id: int) -> Row | None:
    stages = process_store.stages(journal, process_id)
    return stages[-1] if stages else None


def reflection_themes(journal: Journal, process_id: int, stage_id: int | None = None) -> list[str]:
    """Themes the person named about themselves for this process, most named first.

    The chosen stage's reflection counts first, then the other stages, then the takeaways;
    ties keep the order of the shared vocabulary.
    """
    vocabulary = themes()
    counts: Counter[str] = Counter()
    first: set[str] = set()
    for stage in process_store.stages(journal, process_id):
        reflection = journal.find_one("reflections", stage_id=stage["id"])
        for theme in (reflection or {}).get("themes") or []:
            counts[theme] += 1
            if stage["id"] == stage_id:
                first.add(theme)
    for takeaway in journal.rows("takeaways", {"process_id": process_id}):
        if takeaway.get("theme"):
            counts[takeaway["theme"]] += 1

    def rank(theme: str):
        order = vocabulary.index(theme) if theme in vocabulary else len(vocabulary)
        return (theme not in first, -counts[theme], order)

    return sorted(counts, key=rank)


def suggested_questions(journal: Journal, process_id: int, stage_id: int | None = None) -> list[str]:
    """Questions drawn from the person's own reflection on this process, then the generic ones."""
    by_theme = _w()["theme_questions"]
    chosen = [by_theme[t] for t in reflection_themes(journal, process_id, stage_id) if t in by_theme]
    for question in _w()["default_questions"]["generic"]:
        if question not in chosen:
            chosen.append(question)
    return chosen


@dataclass(frozen=True)
class DraftInput:
    """Everything a draft is made from."""

    company: str
    role: str = ""
    stage: str = ""
    name: str = ""
    channel: str = "Email"
    tone: str = "Warm"
    questions: tuple[str, ...] = ()
    sign_off: str = ""


def _values(data: DraftInput) -> dict[str, str]:
    prefix = _w()["question_prefix"]
    questions = [q.strip() for q in data.questions if q and q.strip()]
    if not questions:
        questions = list(_w()["default_questions"]["generic"])
    return {
        "name": data.name.strip(), "company": data.company.strip(), "role": data.role.strip(),
        "stage": data.stage.strip() or _w()["stage_if_unknown"],
        "questions": "\n".join(prefix + q for q in questions), "sign_off": data.sign_off.strip(),
    }


def _render(template: dict[str, str], data: DraftInput) -> str:
    values = _values(data)
    if data.channel in _w()["spoken_channels"]:
        return fill(template["call"], values)
    blank = {"name": template.get("name_if_blank", "")}
    body = fill(template["body"], values, blank=blank)
    if data.channel in _w()["email_channels"]:
        subject = fill(template["subject"], values, blank=blank)
        return f"{_w()['subject_label']}: {subject}\n\n{body}"
    return body


def draft_message(data: DraftInput) -> str:
    """The request for feedback, in the chosen tone and shaped for the channel."""
    templates = _w()["templates"]
    # A tone saved under other words (the coaching words changed since) drafts in the
    # default tone rather than failing the whole exercise.
    return _render(templates.get(data.tone) or templates[_w()["default_tone"]], data)


def follow_up_message(data: DraftInput) -> str:
    """A short nudge for a request that had no reply."""
    return _render(_w()["follow_up"], data)


def draft_input(journal: Journal, request: Row, *, stage: str | None = None,
                questions: tuple[str, ...] | None = None, sign_off: str | None = None) -> DraftInput:
    """What a draft for `request` is made from, filled from the journal where not given."""
    process = journal.get("processes", request["process_id"])
    if stage is None:
        stage = stage_label(furthest_stage(journal, process["id"]))
    if questions is None:
        questions = tuple(suggested_questions(journal, process["id"])[:2])
    if sign_off is None:
        sign_off = journal.setting(SIGN_OFF, "") or ""
    return DraftInput(company=process["company"] or "", role=process.get("role") or "",
                      stage=stage, name=request.get("person_name") or "",
                      channel=request.get("channel") or _w()["channels"][0],
                      tone=request.get("tone") or _w()["default_tone"],
                      questions=tuple(questions), sign_off=sign_off)


def split_subject(message: str) -> tuple[str | None, str]:
    """("the subject", "the body") of a stored draft; no subject line gives (None, message)."""
    label = _w()["subject_label"] + ":"
    first, _, rest = message.partition("\n")
    if first.strip().startswith(label):
        return first.strip()[len(label):].strip(), rest.lstrip("\r\n")
    return None, message


# --------------------------------------------------------------------------- working days
def working_weekdays(journal: Journal) -> set[int]:
    """The weekdays (0 = Monday) that count as working days for this person."""
    names = _w()["weekday_names"]
    chosen = journal.setting(WORKING_WEEK, None)
    if chosen is None:
        chosen = _w()["working_week"]
    days = {names.index(d) for d in chosen if d in names}
    return days or set(range(7))


def follow_up_days(journal: Journal) -> int:
    return int(journal.setting(FOLLOW_UP_DAYS, _w()["follow_up_working_days"]))


def set_follow_up_rule(journal: Journal, days: int, working_week: list[str]) -> None:
    """Change how long to wait before following up, and which days are working days."""
    names = _w()["weekday_names"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise ValueError(say("feedback.errors.follow_up_days", min=1, max=60))
    unknown = [d for d in working_week if d not in names]
    if unknown:
        raise ValueError(f"Unknown weekday {unknown[0]!r}")
    if not working_week:
        raise ValueError(say("feedback.errors.no_working_day"))
    with journal.transaction():
        journal.set_setting(FOLLOW_UP_DAYS, days)
        journal.set_setting(WORKING_WEEK, [d for d in names if d in working_week])


def add_working_days(start: dt.date, days: int, working: set[int] | frozenset[int] = frozenset(range(5))) -> dt.date:
    """The date `days` working days after `start` (which itself does not count)."""
    working = set(working) or set(range(7))
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() in working:
            remaining -= 1
    return current


def follow_up_date(journal: Journal, start: dt.date) -> dt.date:
    return add_working_days(start, follow_up_days(journal), working_weekdays(journal))


# ------------------------------------------------------------------------------ statuses
def requests_for(journal: Journal, process_id: int) -> list[Row]:
    return journal.rows("feedback_requests", {"process_id": process_id}, order_by="id")


def start_request(journal: Journal, process_id: int, *, person_role: str | None = None,
                  channel: str | None = None, tone: str | None = None) -> Row:
    """A new draft request for this process, its message drafted from the templates."""
    w = _w()
    with journal.transaction():
        request = journal.add("feedback_requests", process_id=process_id, status="draft",
                              person_role=person_role or w["person_roles"][0],
                              channel=channel or w["channels"][0], tone=tone or w["default_tone"])
        message = draft_message(draft_input(journal, request))
        return journal.update("feedback_requests", request["id"], request["rev"], message=message)


def _as_date(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, str):
        return dt.date.fromisoformat(on)
    return on


def set_status(journal: Journal, request: Row, status: str, on: dt.date | str | None = None) -> Row:
    """Move a request to `status` as of `on` (default today), keeping its dates consistent:
    sending or following up sets the next follow-up date; a reply or giving up clears it."""
    if status not in REQUEST_STATUSES:
        raise ValueError(f"Status must be one of {', '.join(REQUEST_STATUSES)}")
    day = _as_date(on)
    fields: dict[str, Any] = {"status": status}
    if status == "draft":
        fields.update(sent_on=None, follow_up_on=None, answered_on=None)
    elif status == "sent":
        fields.update(sent_on=day, follow_up_on=follow_up_date(journal, day), answered_on=None)
    elif status == "followed up":
        fields.update(follow_up_on=follow_up_date(journal, day), answered_on=None)
        if not request.get("sent_on"):
            fields["sent_on"] = day
    elif status in ("answered", "declined"):
        fields.update(answered_on=day, follow_up_on=None)
        if not request.get("sent_on"):
            fields["sent_on"] = day
    else:  # no reply: stop waiting
        fields.update(follow_up_on=None)
    return journal.update("feedback_requests", request["id"], request["rev"], **fields)


def mark_sent(journal: Journal, request: Row, on: dt.date | str | None = None) -> Row:
    return set_status(journal, request, "sent", on)


def mark_followed_up(journal: Journal, request: Row, on: dt.date | str | None = None) -> Row:
    return set_status(journal, request, "followed up", on)


def mark_answered(journal: Journal, request: Row, on: dt.date | str | None = None) -> Row:
    return set_status(journal, request, "answered", on)


def is_due(request: Row, today: dt.date | None = None) -> bool:
    """True when a request still waits for a reply and its follow-up date has come."""
    today = today or dt.date.today()
    return (request.get("status") in WAITING and bool(request.get("follow_up_on"))
            and dt.date.fromisoformat(request["follow_up_on"]) <= today)


def follow_up_order(requests: list[Row], today: dt.date | None = None) -> list[Row]:
    """Due follow-ups first (longest overdue first), then those still waiting (soonest first),
    then drafts (newest first), then finished ones (most recent first)."""
    today = today or dt.date.today()
    due = [r for r in requests if is_due(r, today)]
    due_ids = {r["id"] for r in due}  # ids, not rows: comparing rows made this quadratic
    waiting = [r for r in requests if r.get("status") in WAITING and r["id"] not in due_ids]
    drafts = [r for r in requests if r.get("status") in (None, "draft")]
    placed = due_ids | {r["id"] for r in waiting} | {r["id"] for r in drafts}
    finished = [r for r in requests if r["id"] not in placed]
    return (sorted(due, key=lambda r: (r["follow_up_on"], r["id"]))
            + sorted(waiting, key=lambda r: (r.get("follow_up_on") or "9999-12-31", r["id"]))
            + sorted(drafts, key=lambda r: -r["id"])
            + sorted(finished, key=lambda r: (r.get("answered_on") or r.get("sent_on") or "",
                                              r["id"]), reverse=True))


def all_requests(journal: Journal, today: dt.date | None = None) -> list[Row]:
    """Every request, in the order the Follow-ups exercise shows them."""
    return follow_up_order(journal.rows("feedback_requests"), today)


# -------------------------------------------------------------------- reminders and links
def reminder_ics(request: Row, process: Row, *, stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar file with one all-day event on the follow-up date and a 9 am alarm."""
    from icalendar import Alarm, Calendar, Event

    if not request.get("follow_up_on"):
        raise ValueError(say("feedback.errors.no_follow_up_date"))
    due = dt.date.fromisoformat(request["follow_up_on"])
    reminder = _w()["reminder"]
    values = {"name": request.get("person_name") or "", "company": process.get("company") or "",
              "role": process.get("role") or "", "sent_on": request.get("sent_on") or ""}
    blank = {"name": reminder.get("name_if_blank", "")}
    summary = fill(reminder["summary"], values, allowed=REMINDER_PLACEHOLDERS, blank=blank)
    description = fill(reminder["description"], values, allowed=REMINDER_PLACEHOLDERS, blank=blank)

    calendar = Calendar()
    calendar.add("prodid", "-//NextRound//Feedback follow-up//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"nextround-feedback-request-{request['id']}-{due.isoformat()}@nextround")
    event.add("dtstamp", stamp or dt.datetime.now(dt.timezone.utc))
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(hours=9))  # 9 am on the day
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def mailto_link(address: str, subject: str | None, body: str) -> str:
    """A `mailto:` URL (RFC 6068) that opens the person's email app with the draft in place.

    Everything but unreserved characters is percent-encoded as UTF-8, so `&`, `?`, `#`, `+`,
    `%`, line breaks (sent as CRLF) and any script arrive exactly as written.
    """
    to = urllib.parse.quote((address or "").strip(), safe="@+,")
    params = []
    if subject:
        params.append("subject=" + urllib.parse.quote(subject, safe=""))
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    params.append("body=" + urllib.parse.quote(text, safe=""))
    return f"mailto:{to}?" + "&".join(params)


def request_mailto(request: Row, message: str | None = None) -> str:
    if message is None:
        message = request.get("message") or ""
    subject, body = split_subject(message)
    return mailto_link(request.get("address") or "", subject, body)


def describe(request: Row) -> str:
    """A one-line plain-text name for a request, e.g. for a list of choices."""
    who = request.get("person_name") or say("feedback.someone")
    if request.get("person_role"):
        who += f" ({request['person_role']})"
    return f"{who} · {request.get('status') or 'draft'}"
