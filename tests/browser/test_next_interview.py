"""Before your next interview, in a real Chromium on the demo journal, the whole path: log an
upcoming interview, see its plan, tick, practise, download the calendar, log it in step 1."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from nextround import Journal
from nextround.store import processes
from nextround.demo import write_demo
from nextround.words import preparation_areas

pytestmark = pytest.mark.browser

PAGE = "/voila/render/04b_before_your_next_interview.ipynb"
STEP_1 = "/voila/render/01_review_and_reflect.ipynb"


def wait_text(page, selector, text, timeout=30_000):
    page.wait_for_function("([sel, t]) => [...document.querySelectorAll(sel)].some("
                           "e => e.textContent.includes(t))", arg=[selector, text],
                           timeout=timeout)


def test_log_plan_tick_practise_calendar_and_log_it_on_the_demo_journal(
        browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    write_demo(journal)
    reviews_before = journal.count("practice_reviews")
    journal.close()
    day = dt.date.today() + dt.timedelta(days=3)

    server = harness.serve(server_process, data)
    page = browser.new_page(accept_downloads=True)
    report = harness.open_voila_page(page, server.url + PAGE, timeout=120)

    # Log an upcoming interview (the demo already has one: start a new one).
    form = page.locator(".nr-exercise-interview")
    form.get_by_label("Interview", exact=True).select_option(label="— a new interview —")
    form.get_by_label("Company", exact=True).fill("Kestrel <Labs>")
    form.get_by_label("Role", exact=True).fill("Analytics engineer")
    form.get_by_label("Date", exact=True).fill(day.isoformat())
    form.get_by_label("Starts at", exact=True).fill("10:00")
    form.get_by_label("Who you will meet", exact=True).fill("priya  SHAH, Noor Haddad")
    form.get_by_role("button", name="Log this interview").click()
    wait_text(page, ".nr-countdown", "3 days left")
    assert page.locator(".nr-countdown").inner_text() == (
        "3 days left: 1 question to practise, 4 areas to research.")

    # The plan: the weakest areas first, for this company, the question due, questions to ask.
    research = page.locator(".nr-exercise-research")
    wait_text(page, ".nr-exercise-research", "Kestrel <Labs>")
    assert research.locator(".nr-plan-weak").count() == 4
    assert research.locator("input[type=checkbox]").count() == len(preparation_areas())
    first_task = research.locator(".widget-checkbox").first.inner_text()
    assert first_task.startswith("Look up the people you will meet at Kestrel <Labs>")
    practice = page.locator(".nr-exercise-interview-practice .nr-practice-item")
    practice.first.wait_for()
    assert practice.count() == 1
    assert "modern data stack" in practice.first.inner_text()
    fit = page.locator(".nr-exercise-fit-questions")
    wait_text(page, ".nr-exercise-fit-questions .nr-met-before", "Priya Shah")
    assert "You met Priya Shah before, at Northwind Data." in fit.locator(".nr-met-before").inner_text()
    assert fit.locator(".nr-asks li").count() == 7
    assert page.locator("script:has-text('Kestrel')").count() == 0  # the name is text, not markup

    # Tick an area: the countdown follows.
    research.get_by_label("Look up the people you will meet at Kestrel <Labs>", exact=False).check()
    wait_text(page, ".nr-countdown", "3 areas to research")

    # Practise the question: recall, reveal, and say it did not go well (it comes back soon).
    practice.first.get_by_role("button", name="Show my better answer").click()
    practice.first.get_by_role("button", name="Again", exact=True).click()
    wait_text(page, ".nr-exercise-interview-practice", "recall now about")
    page.wait_for_function("() => document.querySelector('.nr-countdown').textContent"
                           ".includes('1 question to practise, 3 areas')")

    # The calendar file: the interview in its zone, and the practice session.
    calendar = page.locator(".nr-exercise-interview-calendar")
    calendar.get_by_role("button", name="Make the calendar file").click()
    link = calendar.get_by_text("Download the calendar file (.ics)")
    link.wait_for()
    with page.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == f"nextround-kestrel-labs-{day.isoformat()}.ics"
    parsed = Calendar.from_ical(open(download.path(), "rb").read())
    events = parsed.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Interview: Kestrel <Labs> Analytics engineer",
        "Practise 1 interview question for Kestrel <Labs>"]
    start = events[0].decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (day, 10, 0)
    assert start.utcoffset() == dt.datetime.combine(day, dt.time(10)).astimezone().utcoffset()
    assert events[1].decoded("dtstart").date() < day

    # Afterwards: log it, and it is a process in step 1 with the audit from the ticks.
    page.locator(".nr-exercise-log-it").get_by_role("button", name="Log it in step 1").click()
    wait_text(page, ".nr-exercise-log-it", "Logged: Kestrel <Labs> is now a process in step 1.")
    assert report.errors == []
    page.close()

    with Journal.open(data / "journal.sqlite3") as j:
        assert j.count("practice_reviews") == reviews_before + 1
        process = j.find_one("processes", company="Kestrel <Labs>")
        assert process["role"] == "Analytics engineer"
        audit = j.find_one("preparations", process_id=process["id"])
        assert {f: audit[f] for f, _ in preparation_areas()} == {
            "company_research": 0, "role_requirements": 0, "interviewers": 2, "examples": 0,
            "technical_practice": 0, "questions_to_ask": 0, "logistics": 0}
        (stage,) = processes.stages(j, process["id"])
        assert (stage["held_on"], stage["interviewers"]) == (day.isoformat(),
                                                            "priya  SHAH, Noor Haddad")
        assert processes.current_process_id(j) == process["id"]

    step_1 = browser.new_page()
    harness.open_voila_page(step_1, server.url + STEP_1, timeout=120)
    chosen = step_1.locator(".nr-section select").first
    shown = chosen.locator("option:checked").inner_text().replace("\xa0", " ")
    assert shown.startswith("Kestrel <Labs> — Analytics engineer")
    step_1.close()
