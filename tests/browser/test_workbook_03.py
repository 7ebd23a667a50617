"""Workbook 3 in a real Chromium, served by `nextround serve` as a person runs it."""

from __future__ import annotations


import pytest

from nextround import Journal
from nextround.store import processes as store
from nextround.demo import write_demo

pytestmark = pytest.mark.browser

PAGE = "/voila/render/03_its_not_personal.ipynb"
OWN_VALUE = "Team $culture$ <b>matters</b>"
PILES = {  # reason → the pile it goes in
    "Research their product first": "Within my control",
    "The role went to an internal candidate": "Outside my control",
    "The decision was made by people I never met": "Can't know",
}


def active(locator) -> bool:
    return "mod-active" in (locator.get_attribute("class") or "")


def reason_card(page, text):
    return page.locator(".nr-exercise-reasons .nr-card", has_text=text)


def value_card(page, name):
    return page.locator(".nr-exercise-culture-fit .nr-card", has_text=name)


def test_sorted_reasons_values_and_ratings_survive_a_reload(browser, server_process, harness,
                                                            tmp_path):
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    process = store.add_process(journal, "Acme", "Data engineer")
    stage = store.add_stage(journal, process["id"], kind="Screening call")
    journal.add("reflections", stage_id=stage["id"], do_differently="Research their product first")
    journal.close()

    server = harness.serve(server_process, data)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    bad = []  # failed requests, to explain a console error
    page.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 else None)
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)

    # Sort three reasons.
    for text, pile in PILES.items():
        reason_card(page, text).get_by_role("button", name=pile).click()
    harness.wait_saved(page)

    # Two values: one from the list, one of my own; then weigh them.
    fit = page.locator(".nr-exercise-culture-fit")
    fit.get_by_label("What matters").fill("Learning and growth")
    fit.get_by_role("button", name="Add this value").click()
    value_card(page, "Learning and growth").wait_for()
    fit.get_by_label("What matters").fill(OWN_VALUE)
    fit.get_by_role("button", name="Add this value").click()
    value_card(page, OWN_VALUE).wait_for()
    value_card(page, "Learning and growth").get_by_role("button", name="5 · essential").click()
    value_card(page, OWN_VALUE).get_by_role("button", name="2 · helps").click()

    # Rate the company on both.
    ratings = fit.locator(".nr-rating")
    ratings.nth(0).get_by_role("button", name="4 · good").click()
    ratings.nth(1).get_by_role("button", name="3 · okay").click()
    harness.wait_saved(page)
    page.wait_for_function(
        "document.querySelector('.nr-exercise-culture-fit .nr-figure')?.textContent === '68'")

    assert report.errors == [], bad
    # Open the workbook again (a new page, so a new kernel reading the journal): everything is
    # still there. A new page rather than page.reload(): on unload Voila's kernel-shutdown call
    # is refused (403) and logged as a console error that is not this workbook's.
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)
    for text, pile in PILES.items():
        assert active(reason_card(page, text).get_by_role("button", name=pile)), text
    assert active(value_card(page, "Learning and growth").get_by_role("button",
                                                                     name="5 · essential"))
    assert active(value_card(page, OWN_VALUE).get_by_role("button", name="2 · helps"))
    ratings = page.locator(".nr-exercise-culture-fit .nr-rating")
    assert active(ratings.nth(0).get_by_role("button", name="4 · good"))
    assert active(ratings.nth(1).get_by_role("button", name="3 · okay"))
    # 5·3 + 2·2 over (5 + 2)·4 = 19/28.
    assert page.locator(".nr-exercise-culture-fit .nr-figure").inner_text() == "68"

    # The fit chart drew, the own value's markup is text, and nothing went wrong.
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-culture-fit .main-svg').length >= 1",
        timeout=30_000)
    assert page.locator(".nr-exercise-culture-fit b", has_text="matters").count() == 0
    assert page.locator("mjx-container, .MathJax").count() == 0
    assert dialogs == []
    assert page.locator(".nr-status-error").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert report.errors == [], bad

    journal = Journal.open(data / "journal.sqlite3")
    try:
        kept = {r["text"]: r["control"] for r in journal.rows("reasons")}
        assert kept == {"Research their product first": "within my control",
                        "The role went to an internal candidate": "outside my control",
                        "The decision was made by people I never met": "can't know"}
        assert {v["name"]: v["weight"] for v in journal.rows("work_values")} == {
            "Learning and growth": 5, OWN_VALUE: 2}
        assert sorted(r["rating"] for r in journal.rows("fit_ratings")) == [3, 4]
    finally:
        journal.close()


def test_the_targeting_chart_renders_on_the_demo_journal(browser, server_process, harness,
                                                         tmp_path):
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    write_demo(journal)
    journal.close()

    server = harness.serve(server_process, data)
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)
    roles = page.locator(".nr-exercise-right-roles")
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-right-roles .main-svg').length >= 2",
        timeout=30_000)
    assert roles.locator(".js-plotly-plot .bars .point").count() >= 4
    assert "3 of 4 Data engineering processes reached the final stage" in roles.inner_text()
    # The processes are listed with their target match.
    options = page.eval_on_selector_all(
        ".nr-section select option", "os => os.map(o => o.textContent.replace(/\u00a0/g, ' '))")
    assert any("Helix Biotech" in o and "target match 100%" in o for o in options), options
    assert report.errors == []
