"""Workbook 4 in a real Chromium, served by `nextround serve` as a person runs it."""

from __future__ import annotations


import pytest

from nextround import Journal
from nextround.store import processes

pytestmark = pytest.mark.browser

PAGE = "/voila/render/04_keep_learning.ipynb"
QUESTION = "Tell me about a time you led without authority — $0 budget?"
TAKEAWAY = "Prepare three STAR stories about leading a project"
STAR = {
    "Situation": "At a 40-person logistics firm the nightly reporting pipeline failed about twice "
                 "a week, and the operations team had stopped trusting the morning dashboards.",
    "Task": "Nobody owned the pipeline. I had no reports, and I wanted it fixed before peak "
            "season, six weeks away.",
    "Action": "I logged every failure for two weeks and showed the pattern to the three teams "
              "involved. I proposed a shared on-call rota, wrote the runbook myself, and I paired "
              "with each team's engineer to move their export to an event trigger.",
    "Result": "Failures fell from eight a month to one, and the dashboards were fresh by 7am on "
              "98% of days through peak season.",
}


def wait_text(page, selector, text, timeout=15_000):
    page.wait_for_function("([sel, t]) => [...document.querySelectorAll(sel)].some("
                           "e => e.textContent.includes(t))", arg=[selector, text],
                           timeout=timeout)


def test_a_person_logs_practises_and_plans_and_finds_it_after_reload(
        browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    process = processes.add_process(journal, "Northwind Data", "Data engineer")
    journal.add("takeaways", process_id=process["id"], position=0, text=TAKEAWAY)
    journal.close()

    server = harness.serve(server_process, data)
    page = browser.new_page()
    failed = []  # which resource a "Failed to load resource" console error was about
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)

    # A surprise question, with a better answer as STAR.
    new = page.locator(".nr-new-question")
    new.get_by_label("Question", exact=True).fill(QUESTION)
    new.get_by_label("Kind of question").select_option("Behavioural")
    new.get_by_role("button", name="Add this question").click()
    card = page.locator(".nr-question-card")
    card.wait_for()
    for label, text in STAR.items():
        card.get_by_label(label, exact=True).fill(text)
    harness.wait_saved(page)
    wait_text(page, ".nr-question-card", "All four parts are there")

    # Practise it once: it is due, reveal, rate.
    deck = page.locator(".nr-exercise-practice")
    wait_text(page, ".nr-exercise-practice", "1 question due now.")
    deck.get_by_role("button", name="Show my better answer").click()
    wait_text(page, ".nr-exercise-practice", "event trigger")
    deck.get_by_role("button", name="Good", exact=True).click()
    wait_text(page, ".nr-exercise-practice", "This question comes back")

    # The step-1 takeaway becomes a goal with one click; log a session on it.
    plan = page.locator(".nr-exercise-plan")
    wait_text(page, ".nr-exercise-plan", TAKEAWAY)
    plan.get_by_role("button", name="Make this a goal").click()
    goal = page.locator(".nr-goal-card")
    goal.wait_for()
    goal.get_by_label("Minutes spent").fill("45")
    goal.get_by_label("Minutes spent").press("Tab")
    goal.get_by_label("What I did").fill("Drafted the rota story")
    page.wait_for_timeout(300)
    goal.get_by_role("button", name="Log this session").click()
    wait_text(page, ".nr-goal-card", "45 minutes in all")
    harness.wait_saved(page)

    # The three charts render from what was just saved.
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-learning-charts .main-svg').length >= 3",
        timeout=30_000)

    assert report.errors == [], failed
    # Reload: open the workbook again in a new page (a new kernel reading the journal). A new
    # page rather than page.reload(): on unload Voila's kernel-shutdown call is refused (403)
    # and logged as a console error that is not this workbook's.
    harness.shutdown_voila_kernel(page, server.url)
    page.close()
    page = browser.new_page()
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)
    card = page.locator(".nr-question-card")
    assert card.get_by_label("Question", exact=True).input_value() == QUESTION
    for label, text in STAR.items():
        assert card.get_by_label(label, exact=True).input_value() == text
    practice_text = page.locator(".nr-exercise-practice").inner_text()
    assert "Nothing to practise right now" in practice_text and "comes back" in practice_text
    goal_text = page.locator(".nr-goal-card").inner_text()
    assert "1 session, 45 minutes in all" in goal_text and "Drafted the rota story" in goal_text
    assert page.locator(".nr-goal-card").get_by_label("Goal", exact=True).input_value() == TAKEAWAY
    # The takeaway is a goal now, so it is no longer offered.
    assert page.locator(".nr-exercise-plan").get_by_role("button", name="Make this a goal").count() == 0
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-learning-charts .main-svg').length >= 3",
        timeout=30_000)

    # Nothing went wrong on the way, and the dollar sign stayed text.
    assert page.locator("mjx-container, .MathJax").count() == 0
    assert page.locator(".nr-status-error").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert report.errors == [], failed


def test_a_long_plan_opens_a_page_of_goals_and_shows_more_on_request(
        browser, server_process, harness, tmp_path):
    import datetime as dt

    from nextround.store import goals as goal_store

    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    today = dt.date.today()
    for i in range(1, 14):
        goal_store.add_goal(journal, f"Goal {i:02d}", today,
                            deadline=today + dt.timedelta(days=i))
    journal.close()

    server = harness.serve(server_process, data)
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)
    plan = page.locator(".nr-exercise-plan")
    wait_text(page, ".nr-exercise-plan", "Showing 10 of 13 goals.")
    assert plan.locator(".nr-goal-card").count() == 10
    plan.get_by_role("button", name="Show 3 more").click()
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-plan .nr-goal-card').length === 13")
    assert plan.get_by_text("Showing 10 of 13 goals.").count() == 0
    last = plan.locator(".nr-goal-card").nth(12)
    assert last.get_by_label("Goal", exact=True).input_value() == "Goal 13"
    last.get_by_label("Measurable", exact=True).fill("Two mock interviews")
    harness.wait_saved(page)

    # The chart keeps to a screenful and says so.
    wait_text(page, ".nr-exercise-learning-charts",
              "Showing the 12 active goals with the nearest deadlines, of 13.")
    assert "Traceback" not in page.inner_text("body")
    assert page.locator(".nr-status-error").count() == 0
    assert report.errors == []
    journal = Journal.open(data / "journal.sqlite3")
    try:
        assert journal.find_one("goals", title="Goal 13")["measure"] == "Two mock interviews"
    finally:
        journal.close()
