"""Workbook 2 widgets, driven as a person would: typing sets `.value`, buttons are clicked."""

from __future__ import annotations

import base64
import datetime as dt
import re
import urllib.parse

import ipywidgets as widgets
import pytest

from nextround import Journal
from nextround.store import processes
from nextround.store import feedback_requests as fr
from nextround.demo import write_demo
from nextround.ui.feedback import AskForFeedback
from nextround.words import words
from widget_tree import click, confirm, containing, find, text_of

TODAY = dt.date(2026, 4, 6)  # a Monday


def build(journal):
    step = AskForFeedback(journal, today=TODAY)
    step.header()
    step.exercises = {"compose": step.compose(), "follow_ups": step.follow_ups(),
                      "record": step.record(), "charts": step.charts()}
    return step


@pytest.fixture
def step(journal):
    process = processes.add_process(journal, "Acme & Co", "Data engineer")
    stage = processes.add_stage(journal, process["id"], kind="Panel interview")
    journal.add("reflections", stage_id=stage["id"], themes=["Confidence and presence"])
    return build(journal)


def links_of(html: str) -> dict[str, str]:
    return {re.sub(r"<[^>]+>", "", m.group(2)): m.group(1)
            for m in re.finditer(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html)}


def data_url_bytes(url: str) -> bytes:
    return base64.b64decode(url.split("base64,", 1)[1])


def test_nothing_to_compose_without_a_process(journal):
    step = build(journal)
    compose = step.exercises["compose"]
    assert text_of(find(compose, widgets.HTML, classes="nr-muted")) == (
        "Log a process in step 1 first, then choose it above.")
    follow = step.exercises["follow_ups"]
    assert text_of(follow.summary) == "No requests yet: compose your first one above."
    assert follow.cards == {} and follow.requests.children == ()


def test_a_new_request_is_drafted_and_follows_the_choices(step):
    compose = step.exercises["compose"]
    assert compose.body.layout.display == "none"
    compose.new_button.click()
    assert compose.body.layout.display is None
    row = compose.request
    assert row["status"] == "draft" and "Acme & Co" in row["message"]
    assert "panel interview" in row["message"]
    assert words()["feedback"]["theme_questions"]["Confidence and presence"] in row["message"]

    compose.fields["person_name"].value = "Priya"
    compose.fields["tone"].value = "Formal"
    compose.sign_off.value = "Sam Rivera"
    message = compose.request["message"]
    assert message.startswith("Subject: Request for feedback: Data engineer application")
    assert "Dear Priya," in message and message.rstrip().endswith("Sam Rivera")
    assert step.journal.setting(fr.SIGN_OFF) == "Sam Rivera"
    assert compose.form.status.state == "saved"
    assert compose.request_choice.options == (("Priya (Recruiter) · draft", row["id"]),)

    assert compose.request["message"].count("\n- ") == 2  # a question on each line
    find(compose, widgets.Dropdown, description="Question 2").value = ""
    assert compose.request["message"].count("\n- ") == 1


def test_edits_are_kept_until_a_fresh_draft_is_asked_for(step):
    compose = step.exercises["compose"]
    compose.new_button.click()
    compose.fields["message"].value += "\nP.S. مرحبا $5"
    assert compose.edited_note.layout.display is None
    compose.fields["tone"].value = "Brief"
    assert compose.request["message"].endswith("P.S. مرحبا $5")
    click(compose, "Write a fresh draft")  # asks first
    assert compose.request["message"].endswith("P.S. مرحبا $5")
    click(compose, "Yes, write a fresh draft")
    message = compose.request["message"]
    assert "P.S." not in message and message.startswith("Subject: Thank you — Data engineer")
    assert compose.edited_note.layout.display == "none"


def test_links_copy_download_and_mailto_carry_the_message(step):
    compose = step.exercises["compose"]
    compose.new_button.click()
    compose.fields["address"].value = "priya@example.com"
    compose.fields["message"].value = "Subject: Q&A? #1\n\nLine 1 & more\nमहान 👍"
    found = links_of(compose.links.value)
    download = found["Download as a text file"].replace("&amp;", "&")
    assert data_url_bytes(download).decode("utf-8") == compose.fields["message"].value
    mailto = found["Open in my email app"].replace("&amp;", "&")
    query = urllib.parse.urlsplit(mailto).query if "#" not in mailto else None
    assert query is not None
    params = dict(p.split("=", 1) for p in query.split("&"))
    assert urllib.parse.unquote(params["subject"]) == "Q&A? #1"
    assert urllib.parse.unquote(params["body"]) == "Line 1 & more\r\nमहान 👍"
    assert 'class="nr-copy"' in compose.links.value
    compose.fields["channel"].value = "Phone call"
    assert "Open in my email app" not in compose.links.value


def test_marking_sent_sets_the_follow_up_date(step):
    compose = step.exercises["compose"]
    compose.new_button.click()
    compose.sent_on.value = dt.date(2026, 4, 3)  # a Friday
    compose.send_button.click()
    row = compose.request
    assert (row["status"], row["sent_on"], row["follow_up_on"]) == ("sent", "2026-04-03",
                                                                     "2026-04-10")
    assert text_of(compose.state_line) == (
        "Status: sent. Sent on Fri 3 Apr 2026. Follow up on Fri 10 Apr 2026 if there is no reply. "
        "Your follow-ups are listed below.")
    assert compose.send_row.layout.display == "none"
    # The form follows the new revision: typing still saves.
    compose.fields["person_name"].value = "Tom"
    assert compose.form.status.state == "saved"
    assert compose.request["person_name"] == "Tom"
    cards = step.exercises["follow_ups"].cards
    assert list(cards) == [row["id"]]


def test_a_save_that_lost_a_race_keeps_the_typed_text(step, journal_file):
    compose = step.exercises["compose"]
    compose.new_button.click()
    other = Journal.open(journal_file)
    row = other.get("feedback_requests", compose.request["id"])
    other.update("feedback_requests", row["id"], row["rev"], person_name="Changed elsewhere")
    other.close()
    compose.fields["person_name"].value = "Priya"
    assert compose.form.status.state == "error"
    assert compose.fields["person_name"].value == "Priya"


def test_follow_ups_due_first_with_status_changes_reminder_and_draft(step):
    journal = step.journal
    pid = processes.current_process_id(journal)
    later = fr.mark_sent(journal, fr.start_request(journal, pid), "2026-04-02")
    due = fr.start_request(journal, pid)
    due = journal.update("feedback_requests", due["id"], due["rev"],
                         person_name="<script>x</script>")
    due = fr.mark_sent(journal, due, "2026-03-20")
    follow = step.exercises["follow_ups"]
    assert list(follow.cards) == [due["id"], later["id"]]
    card = follow.cards[due["id"]]
    title = find(card, widgets.HTML, classes="nr-card-title")
    assert text_of(title) == "Acme & Co — Data engineer · <script>x</script> (Recruiter)"
    assert "<script>" not in title.value
    assert text_of(find(card, widgets.HTML, value=containing("Status:"))) == (
        "Status: sent · sent Fri 20 Mar 2026 · follow up by Fri 27 Mar 2026 — due, 10 days overdue")
    assert text_of(follow.summary) == "2 requests; 1 due for a follow-up."

    links = find(card, widgets.HTML, classes="nr-links")
    ics_url = links_of(links.value)["Add a reminder to my calendar (.ics)"]
    from icalendar import Calendar
    event = Calendar.from_ical(data_url_bytes(ics_url)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.date.fromisoformat(due["follow_up_on"])

    click(card, "Draft a follow-up")
    draft = find(card, widgets.Textarea, description="Follow-up").value
    assert "follow up" in draft and "Acme & Co" in draft

    find(card, widgets.Dropdown, description="Status").value = "followed up"
    find(card, widgets.DatePicker, description="As of").value = TODAY
    click(card, "Update status")
    row = journal.get("feedback_requests", due["id"])
    assert row["status"] == "followed up" and row["follow_up_on"] == "2026-04-13"
    assert list(follow.cards)[0] == later["id"]


def test_many_requests_show_a_page_of_cards_at_a_time(step):
    journal = step.journal
    pid = processes.current_process_id(journal)
    drafts = [fr.start_request(journal, pid) for _ in range(12)]
    follow = step.exercises["follow_ups"]
    assert list(follow.cards) == [r["id"] for r in reversed(drafts)][:10]  # newest first
    assert text_of(follow.summary) == "12 requests; none due for a follow-up today."
    assert text_of(follow.requests.count_line) == "Showing 10 of 12 requests."
    first = list(follow.cards.values())
    follow.requests.more_button.click()
    assert len(follow.cards) == 12 and follow.requests.footer not in follow.requests.children
    assert all(a is b for a, b in zip(first, follow.cards.values()))


def test_a_status_change_rebuilds_only_that_card(step):
    journal = step.journal
    pid = processes.current_process_id(journal)
    sent = [fr.mark_sent(journal, fr.start_request(journal, pid), day)
            for day in ("2026-03-20", "2026-03-23", "2026-03-24", "2026-04-02")]
    follow = step.exercises["follow_ups"]
    before = follow.cards
    assert list(before) == [r["id"] for r in sent]
    changed = sent[0]["id"]
    find(before[changed], widgets.Dropdown, description="Status").value = "followed up"
    find(before[changed], widgets.DatePicker, description="As of").value = TODAY
    click(before[changed], "Update status")
    after = follow.cards
    assert list(after) == [r["id"] for r in sent[1:]] + [changed]  # no longer due
    assert after[changed] is not before[changed]
    assert text_of(find(after[changed], widgets.HTML, value=containing("Status:"))) == (
        "Status: followed up · sent Fri 20 Mar 2026 · follow up by Mon 13 Apr 2026")
    assert all(after[r["id"]] is before[r["id"]] for r in sent[1:])
    # A change the cards do not show (the message) rebuilds nothing.
    row = journal.get("feedback_requests", sent[1]["id"])
    journal.update("feedback_requests", row["id"], row["rev"], message="Edited elsewhere")
    assert all(follow.cards[i] is card for i, card in after.items())


def test_the_follow_up_rule_is_saved(step):
    follow = step.exercises["follow_ups"]
    follow.days.value = 3
    follow.week.value = ["Sun", "Mon", "Tue", "Wed", "Thu"]
    assert fr.follow_up_days(step.journal) == 3
    assert fr.working_weekdays(step.journal) == {6, 0, 1, 2, 3}
    assert follow.rule_status.state == "saved"
    follow.week.value = []
    assert follow.rule_status.state == "error"
    assert fr.working_weekdays(step.journal) == {6, 0, 1, 2, 3}


def test_recording_feedback_as_tagged_points_with_actions(step):
    journal = step.journal
    compose = step.exercises["compose"]
    compose.new_button.click()
    compose.send_button.click()
    record = step.exercises["record"]
    assert record.source.value == compose.request["id"]
    record.pasted.value = ""
    record.save_button.click()
    assert record.save_status.state == "error" and journal.count("feedback_points") == 0

    record.pasted.value = "- Your system design lacked depth\n- Great questions at the end"
    record.save_button.click()
    assert record.pasted.value == ""
    assert compose.request["status"] == "answered"
    first = record.points.cards[0]
    fields = first.form.fields
    assert fields["text"].value == "Your system design lacked depth"
    fields["themes"].value = ["Technical depth", "Preparation and research"]
    fields["surprise"].value = True
    fields["action"].value = "Design two systems end to end"
    point = journal.rows("feedback_points")[0]
    assert point["themes"] == ["Technical depth", "Preparation and research"]
    assert point["surprise"] is True and point["action"] == "Design two systems end to end"
    from nextround.store.feedback_points import open_actions
    assert [a["action"] for a in open_actions(journal)] == ["Design two systems end to end"]

    confirm(record.points.cards[1], "Remove point")
    assert [p["text"] for p in journal.rows("feedback_points")] == ["Your system design lacked depth"]
    # The compose form followed the status change and still saves.
    compose.fields["person_name"].value = "Priya"
    assert compose.form.status.state == "saved"


def test_charts_wait_kindly_then_draw_from_the_journal(journal):
    step = build(journal)
    panels = {p.spec.name: p for p in step.exercises["charts"].panels}
    assert {p.shown for p in panels.values()} == {"message"}
    write_demo(journal, TODAY)
    step = build(journal)
    panels = {p.spec.name: p for p in step.exercises["charts"].panels}
    assert {name: p.shown for name, p in panels.items()} == {
        "outcomes": "figure", "reply_times": "figure", "themes": "figure",
        "perception_gap": "figure"}
    assert text_of(panels["outcomes"].summary) == (
        "You asked 7 people; 4 replied (57%), 3 with feedback. 2 still to hear from.")
    assert "interviewers on technical depth (23% of what they named)" in text_of(
        panels["perception_gap"].summary)


def test_the_demo_has_every_kind_of_request(journal):
    write_demo(journal, TODAY)
    statuses = {r["status"] for r in journal.rows("feedback_requests")}
    assert statuses == {"draft", "sent", "answered", "declined", "no reply"}
    assert sum(fr.is_due(r, TODAY) for r in journal.rows("feedback_requests")) == 1
    assert journal.count("feedback_points") == 9


def test_typing_a_message_does_not_rebuild_the_charts_but_a_new_status_does(step, monkeypatch):
    from nextround.charts import feedback as charts

    built = []
    original = charts.outcomes_chart
    monkeypatch.setattr(charts, "outcomes_chart", lambda data: built.append(1) or original(data))
    compose = step.exercises["compose"]
    compose.new_button.click()
    panels = {p.spec.name: p for p in step.exercises["charts"].panels}
    assert panels["outcomes"].shown == "figure"
    before = len(built)
    for letter in "thanks":
        compose.fields["message"].value += letter
    assert compose.form.status.state == "saved"
    assert len(built) == before
    compose.send_button.click()
    assert len(built) == before + 1
    assert text_of(panels["outcomes"].summary) == (
        "You asked 1 person; 0 replied (0%), 0 with feedback. 1 still to hear from.")
