"""Feedback requests: drafts from the coaching templates, statuses, working days, .ics, mailto."""

from __future__ import annotations

import datetime as dt
import itertools
import urllib.parse

import pytest

from nextround.store import feedback_requests as fr
from nextround.store import processes
from nextround.words import words

W = words()["feedback"]
TONES = list(W["tones"])
CHANNELS = list(W["channels"])


@pytest.fixture
def process(journal):
    p = processes.add_process(journal, "Acme & Söhne", "Data engineer")
    first = processes.add_stage(journal, p["id"], kind="Screening call")
    final = processes.add_stage(journal, p["id"], kind="Final interview")
    journal.add("reflections", stage_id=first["id"], themes=["Communication"])
    journal.add("reflections", stage_id=final["id"],
                themes=["Examples and evidence", "Technical depth"])
    journal.add("takeaways", process_id=p["id"], text="More numbers", theme="Examples and evidence")
    return p


# ------------------------------------------------------------------------------ drafting
@pytest.mark.parametrize("tone,channel", list(itertools.product(TONES, CHANNELS)))
def test_every_tone_and_channel_names_company_role_stage_and_fills_every_field(tone, channel):
    data = fr.DraftInput(company="Acme & Söhne", role="Data engineer", stage="final interview",
                         name="Priya", channel=channel, tone=tone,
                         questions=("How was my system design?",), sign_off="Sam")
    text = fr.draft_message(data)
    for expected in ("Acme & Söhne", "Data engineer", "final interview",
                     "How was my system design?", "Priya"):
        assert expected in text
    assert "{" not in text and "}" not in text
    subject, body = fr.split_subject(text)
    if channel in W["email_channels"]:
        assert subject and "Data engineer" in subject
    else:
        assert subject is None
    if channel not in W["spoken_channels"]:
        assert body.rstrip().endswith("Sam")
    follow_up = fr.follow_up_message(data)
    assert "{" not in follow_up and "Acme & Söhne" in follow_up


@pytest.mark.parametrize("tone,channel", list(itertools.product(TONES, CHANNELS)))
def test_blank_name_role_stage_and_questions_leave_no_gaps(tone, channel):
    text = fr.draft_message(fr.DraftInput(company="Acme", channel=channel, tone=tone))
    assert "{" not in text and "}" not in text
    assert "  " not in text and " ," not in text and "Dear ," not in text
    assert "Acme" in text and W["stage_if_unknown"] in text
    # With no question chosen, the generic ones are asked.
    assert W["default_questions"]["generic"][0] in text


def test_every_template_uses_only_known_placeholders():
    for tone in TONES:
        for part in ("subject", "body", "call"):
            assert fr.template_fields(W["templates"][tone][part]) <= set(fr.PLACEHOLDERS)
    for part in ("summary", "description"):
        assert fr.template_fields(W["reminder"][part]) <= set(fr.REMINDER_PLACEHOLDERS)


def test_a_template_with_an_unknown_placeholder_is_refused_with_its_name():
    with pytest.raises(ValueError, match=r"\{salary\}"):
        fr.fill("Hi {name}, about {salary}", {"name": "Jo"})


def test_typed_braces_stay_as_typed():
    text = fr.draft_message(fr.DraftInput(company="{role} Ltd", role="R", name="{company}",
                                          tone="Brief", channel="Email"))
    assert "Hi {company}," in text and "{role} Ltd" in text


def test_questions_come_from_the_persons_own_reflection(journal, process):
    stages = processes.stages(journal, process["id"])
    questions = fr.suggested_questions(journal, process["id"], stages[-1]["id"])
    by_theme = W["theme_questions"]
    # The chosen stage's themes first; "Examples and evidence" is also a takeaway, so it leads.
    assert questions[:3] == [by_theme["Examples and evidence"], by_theme["Technical depth"],
                             by_theme["Communication"]]
    assert questions[-2:] == W["default_questions"]["generic"]


def test_a_new_request_is_drafted_from_the_journal(journal, process):
    journal.set_setting(fr.SIGN_OFF, "Sam Rivera")
    request = fr.start_request(journal, process["id"])
    assert request["status"] == "draft"
    assert request["tone"] == W["default_tone"] and request["channel"] == CHANNELS[0]
    message = request["message"]
    assert "Acme & Söhne" in message and "Data engineer" in message
    assert "final interview" in message  # the furthest stage reached
    assert W["theme_questions"]["Examples and evidence"] in message
    assert message.rstrip().endswith("Sam Rivera")


# ---------------------------------------------------------------------------- working days
def test_working_days_skip_the_weekend():
    friday = dt.date(2026, 4, 3)
    assert fr.add_working_days(friday, 1) == dt.date(2026, 4, 6)  # Monday
    assert fr.add_working_days(friday, 5) == dt.date(2026, 4, 10)
    assert fr.add_working_days(dt.date(2026, 4, 4), 1) == dt.date(2026, 4, 6)  # from a Saturday


def test_working_days_follow_a_sunday_to_thursday_week():
    thursday = dt.date(2026, 4, 2)
    assert fr.add_working_days(thursday, 1, {6, 0, 1, 2, 3}) == dt.date(2026, 4, 5)  # Sunday


def test_the_person_can_change_the_rule(journal, process):
    request = fr.start_request(journal, process["id"])
    assert fr.mark_sent(journal, request, "2026-04-03")["follow_up_on"] == "2026-04-10"
    fr.set_follow_up_rule(journal, 2, ["Sun", "Mon", "Tue", "Wed", "Thu"])
    request = journal.get("feedback_requests", request["id"])
    # Friday → Sunday (1), Monday (2).
    assert fr.mark_sent(journal, request, "2026-04-03")["follow_up_on"] == "2026-04-06"
    assert fr.working_weekdays(journal) == {6, 0, 1, 2, 3}
    with pytest.raises(ValueError):
        fr.set_follow_up_rule(journal, 0, ["Mon"])
    with pytest.raises(ValueError):
        fr.set_follow_up_rule(journal, 3, [])
    assert fr.follow_up_days(journal) == 2


# -------------------------------------------------------------------------------- statuses
def test_statuses_keep_their_dates_consistent(journal, process):
    request = fr.start_request(journal, process["id"])
    request = fr.mark_sent(journal, request, dt.date(2026, 4, 3))
    assert (request["status"], request["sent_on"], request["follow_up_on"]) == (
        "sent", "2026-04-03", "2026-04-10")
    request = fr.mark_followed_up(journal, request, dt.date(2026, 4, 10))
    assert request["status"] == "followed up" and request["follow_up_on"] == "2026-04-17"
    assert request["sent_on"] == "2026-04-03"
    request = fr.mark_answered(journal, request, dt.date(2026, 4, 14))
    assert (request["answered_on"], request["follow_up_on"]) == ("2026-04-14", None)
    with pytest.raises(ValueError):
        fr.set_status(journal, request, "ghosted")


def test_due_follow_ups_come_first(journal, process):
    today = dt.date(2026, 4, 20)
    rows = {}
    for name, sent in (("Later", "2026-04-17"), ("Due", "2026-04-06"), ("Overdue", "2026-04-01"),
                       ("Draft", None), ("Answered", "2026-04-02")):
        request = fr.start_request(journal, process["id"])
        request = journal.update("feedback_requests", request["id"], request["rev"],
                                 person_name=name)
        if sent:
            request = fr.mark_sent(journal, request, sent)
        rows[name] = request
    fr.mark_answered(journal, rows["Answered"], "2026-04-09")
    ordered = [r["person_name"] for r in fr.all_requests(journal, today)]
    assert ordered == ["Overdue", "Due", "Later", "Draft", "Answered"]
    assert fr.is_due(journal.get("feedback_requests", rows["Due"]["id"]), today)
    assert not fr.is_due(journal.get("feedback_requests", rows["Later"]["id"]), today)


# ------------------------------------------------------------------------------ reminders
def test_the_ics_reminder_parses_and_falls_on_the_follow_up_date(journal, process):
    from icalendar import Calendar

    request = fr.start_request(journal, process["id"])
    request = journal.update("feedback_requests", request["id"], request["rev"],
                             person_name="Zoë, \"the\"; recruiter\\")
    request = fr.mark_sent(journal, request, dt.date(2026, 4, 3))
    data = fr.reminder_ics(request, process)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == dt.date(2026, 4, 10)
    assert event.decoded("dtend") == dt.date(2026, 4, 11)
    assert str(event["summary"]) == "Follow up with Zoë, \"the\"; recruiter\\ at Acme & Söhne"
    assert "2026-04-03" in str(event["description"])
    alarms = list(event.walk("VALARM"))
    assert alarms and alarms[0].decoded("trigger") == dt.timedelta(hours=9)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_no_reminder_without_a_follow_up_date(journal, process):
    with pytest.raises(ValueError):
        fr.reminder_ics(fr.start_request(journal, process["id"]), process)


# ---------------------------------------------------------------------------------- mailto
def _parse_mailto(url: str) -> tuple[str, dict[str, str]]:
    assert url.startswith("mailto:")
    to, _, query = url[len("mailto:"):].partition("?")
    params = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        params[key] = urllib.parse.unquote(value, errors="strict")
    return urllib.parse.unquote(to), params


@pytest.mark.parametrize("text", [
    "Q&A? #1 + 100% = done",
    "Line one\nLine two\r\nLine three\n\n- a list",
    "مرحبا — 日本語 — Ünïcødé 👩‍💻",
    "a=b&subject=evil&body=x",
    "%20 is not a space; %0A is not a newline",
])
def test_mailto_carries_any_text_exactly(text):
    url = fr.mailto_link("priya+jobs@example.com", text, text)
    assert "\n" not in url and " " not in url and "#" not in url
    assert url.count("?") == 1 and url.count("&") == 1
    to, params = _parse_mailto(url)
    assert to == "priya+jobs@example.com"
    assert set(params) == {"subject", "body"}
    assert params["subject"] == text
    assert params["body"] == text.replace("\r\n", "\n").replace("\n", "\r\n")


def test_mailto_from_a_stored_draft_splits_the_subject(journal, process):
    request = fr.start_request(journal, process["id"])
    request = journal.update("feedback_requests", request["id"], request["rev"],
                             address="priya@example.com")
    to, params = _parse_mailto(fr.request_mailto(request))
    subject, body = fr.split_subject(request["message"])
    assert to == "priya@example.com"
    assert params["subject"] == subject and "Data engineer" in subject
    assert params["body"] == body.replace("\n", "\r\n")
    assert not params["body"].startswith(W["subject_label"])
