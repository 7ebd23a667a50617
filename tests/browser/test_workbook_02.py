"""Workbook 2 in a real Chromium, served by `nextround serve` as a person runs it."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround import Journal
from nextround.store import feedback_requests as request_store
from nextround.store import processes as store

pytestmark = pytest.mark.browser

PAGE = "/voila/render/02_ask_for_feedback.ipynb"
NAME = "Priya <b>Shah</b> $5"
FEEDBACK = "- Your system design lacked depth\n- Your examples needed numbers"


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def test_ask_follow_up_and_record_feedback_then_find_it_after_reload(browser, server_process,
                                                                     harness, tmp_path):
    # A process reviewed in workbook 1: a final interview, and a theme named in the reflection.
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    process = store.add_process(journal, "Acme & Co", "Data engineer")
    stage = store.add_stage(journal, process["id"], kind="Final interview")
    journal.add("reflections", stage_id=stage["id"], themes=["Preparation and research"])
    journal.close()
    today = dt.date.today()
    due = request_store.add_working_days(today, 5)

    server = harness.serve(server_process, data)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)

    # Draft a request: the message names the company, the role and the stage.
    compose = page.locator(".nr-exercise-compose")
    compose.get_by_role("button", name="Start a new request").click()
    compose.get_by_label("Their name").fill(NAME)
    message = compose.get_by_label("Message")
    page.wait_for_function(
        "document.querySelector('.nr-exercise-compose textarea')?.value.includes('Hi Priya')")
    text = message.input_value()
    assert "Acme & Co" in text and "Data engineer" in text and "final interview" in text
    assert f"Hi {NAME}," in text
    harness.wait_saved(page)

    # Mark it sent: the follow-up date appears here and in the follow-ups list.
    compose.get_by_role("button", name="Mark as sent").click()
    compose.get_by_text(f"Follow up on {long_date(due)}").wait_for()
    follow_ups = page.locator(".nr-exercise-follow-ups")
    follow_ups.get_by_text(f"follow up by {long_date(due)}").wait_for()
    assert follow_ups.get_by_text("Add a reminder to my calendar (.ics)").count() == 1

    # Record their answer and tag the first point with two themes.
    record = page.locator(".nr-exercise-record")
    record.get_by_label("What they said").fill(FEEDBACK)
    record.get_by_role("button", name="Save as separate points").click()
    first = record.locator(".nr-card").first
    first.wait_for()
    first.get_by_label("Technical depth").check()
    first.get_by_label("Examples and evidence").check()
    harness.wait_saved(page)

    # The perception gap draws from both workbooks' data.
    gap = page.locator(".nr-exercise-feedback-charts .nr-card", has_text="Perception gap")
    gap.locator(".main-svg").first.wait_for(timeout=30_000)
    assert "preparation and research" in gap.inner_text()

    assert report.errors == []
    # Open the workbook again (a new page, so a new kernel reading the journal): everything is
    # still there. A new page rather than page.reload(): on unload Voila's kernel-shutdown call
    # is refused (403) and logged as a console error that is not this workbook's.
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)
    compose = page.locator(".nr-exercise-compose")
    assert compose.get_by_label("Their name").input_value() == NAME
    assert "Acme & Co" in compose.get_by_label("Message").input_value()
    assert f"Sent on {long_date(today)}" in compose.inner_text()
    assert "Status: answered" in compose.inner_text()
    record = page.locator(".nr-exercise-record")
    cards = record.locator(".nr-card")
    assert cards.count() == 2
    assert cards.nth(0).get_by_label("Point").input_value() == "Your system design lacked depth"
    assert cards.nth(0).get_by_label("Technical depth").is_checked()
    assert cards.nth(0).get_by_label("Examples and evidence").is_checked()
    assert not cards.nth(0).get_by_label("Communication").is_checked()
    gap = page.locator(".nr-exercise-feedback-charts .nr-card", has_text="Perception gap")
    gap.locator(".main-svg").first.wait_for(timeout=30_000)
    bars = gap.locator(".bars .point")
    assert bars.count() >= 3

    # The name's markup stayed text, `$` is not mathematics, and nothing went wrong.
    assert page.locator(".nr-exercise-follow-ups b", has_text="Shah").count() == 0
    assert page.locator("mjx-container, .MathJax").count() == 0
    assert dialogs == []
    assert page.locator(".nr-status-error").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert report.errors == []

    journal = Journal.open(data / "journal.sqlite3")
    try:
        (request,) = journal.rows("feedback_requests")
        assert request["person_name"] == NAME
        assert (request["status"], request["sent_on"]) == ("answered", today.isoformat())
        points = journal.rows("feedback_points")
        assert points[0]["themes"] == ["Technical depth", "Examples and evidence"]
    finally:
        journal.close()
