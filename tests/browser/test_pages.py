"""Every page in NextRound's frame, as a person meets it in Chromium: nothing fetched from
another host, no accessibility violation (axe-core, WCAG 2.1 A/AA and 2.2 AA), the server's
root opens Start here, and step 1 can be filled in with the keyboard alone."""

from __future__ import annotations

import time

import pytest

from nextround.demo import write_demo
from nextround.store.journal import Journal
from nextround.words import words

pytestmark = pytest.mark.browser

PAGES = [page["file"] for page in words()["frame"]["pages"]]
START = "00_start_here"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, harness):
    """`nextround serve` on the demo journal, for the whole module."""
    import sys

    data = tmp_path_factory.mktemp("demo") / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        write_demo(journal)
    server = harness.ServerProcess([sys.executable, "-m", "nextround.cli", "serve",
                                    "--no-browser", "--port", "{port}", "--data", str(data)],
                                   startup_timeout=90)
    server.start()
    yield server
    server.stop()


def wait_drawn(page) -> None:
    """Every widget drawn and the frame's header filled in from the kernel."""
    page.wait_for_function("""() => document.querySelector('.nr-nav:not([hidden])')
        && ![...document.querySelectorAll('.jp-OutputArea-output')].some(
             o => o.textContent.trim() === 'Loading widget...')""", timeout=60_000)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_whole_local_and_accessible(demo_server, browser, harness, name):
    page = browser.new_page()
    try:
        report = harness.open_voila_page(page, f"{demo_server.url}/voila/render/{name}.ipynb",
                                         timeout=120)
        wait_drawn(page)
        page.wait_for_timeout(2_000)  # charts and later parts arrive after the forms
        assert report.external_requests == []
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("header nav a[aria-current='page']").get_attribute(
            "data-nr-page") == name
        assert page.locator("main").count() == 1
        assert harness.axe_violations(page) == []
        assert report.errors == []
    finally:
        harness.shutdown_voila_kernel(page, demo_server.url)
        page.close()


def test_the_header_says_which_steps_hold_entries(browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        journal.add("processes", company="Acme")  # step 1 holds an entry, no other step
    server = harness.serve(server_process, data)
    page = browser.new_page()
    harness.open_voila_page(page, f"{server.url}/voila/render/{START}.ipynb", timeout=90)
    wait_drawn(page)
    marked = page.evaluate("""[...document.querySelectorAll('.nr-nav a')]
        .filter(a => a.querySelector('.nr-filled')).map(a => a.dataset.nrPage)""")
    assert marked == ["01_review_and_reflect"]
    holds = words()["frame"]["holds_entries"]
    assert holds in page.locator(".nr-nav a[data-nr-page='01_review_and_reflect']").inner_text()
    assert page.title() == words()["frame"]["document_title"].format(page="Start here")


def test_the_root_opens_start_here(demo_server, browser, harness):
    page = browser.new_page()
    try:
        report = harness.watch_page(page)
        page.goto(demo_server.url + "/", wait_until="domcontentloaded")
        page.wait_for_url(f"**/voila/render/{START}.ipynb", timeout=30_000)
        harness.open_voila_page(page, page.url, timeout=120, report=report)
        wait_drawn(page)
        assert page.locator("h1").first.inner_text().startswith("Start here")
        assert report.errors == [] and report.external_requests == []
    finally:
        harness.shutdown_voila_kernel(page, demo_server.url)
        page.close()


# ------------------------------------------------------------------------------ keyboard
def pause(page) -> None:
    """A person's pause after typing, until the kernel has heard every keystroke: ipywidgets
    sends a field's changes one kernel reply at a time but a button press at once, so a press
    right after typing, on a slow kernel, can overtake them. Quiet = idle for 0.8 s."""
    page.evaluate("""() => new Promise((resolve) => {
        const kernel = window.nextround.guard.kernel;
        let quiet = 0;
        const timer = setInterval(() => {
            quiet = kernel.status === 'idle' ? quiet + 1 : 0;
            if (quiet >= 8) { clearInterval(timer); resolve(true); }
        }, 100);
    })""")


def tab_to(page, locator, limit: int = 400) -> None:
    """Press Tab (only) until `locator` has the focus."""
    target = locator.element_handle(timeout=30_000)
    for _ in range(limit):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_step_one_is_filled_in_with_the_keyboard_alone(browser, server_process, harness,
                                                       tmp_path):
    data = tmp_path / "data"
    server = harness.serve(server_process, data)
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + "/voila/render/01_review_and_reflect.ipynb",
                                     timeout=90)
    wait_drawn(page)
    page.wait_for_function("window.nextround.guard.hooked === true")
    keys = page.keyboard

    # The process: a new one, then its form.
    new = page.locator(".nr-new-process")
    tab_to(page, new.get_by_label("Company"))
    keys.type("Keyboard & Co")
    keys.press("Tab")
    keys.type("Analyst")
    pause(page)
    tab_to(page, new.get_by_role("button", name="Add this process"))
    keys.press("Enter")
    process = page.locator(".nr-exercise-process")
    process.get_by_label("Notes").wait_for(timeout=30_000)
    category = words()["process"]["role_categories"][0]
    tab_to(page, process.get_by_label("Role category"))
    keys.type(category[:6])  # a list's own type-ahead
    tab_to(page, process.get_by_label("Notes"))
    keys.type("Found by the Tab key")
    pause(page)
    tab_to(page, process.get_by_role("button", name="Add a stage"))
    keys.press("Enter")
    stage = process.locator(".nr-card").first
    stage.get_by_label("Stage").wait_for(timeout=30_000)
    first_kind = words()["process"]["stage_kinds"][0]
    tab_to(page, stage.get_by_label("Stage"))
    keys.type(first_kind[:6])
    card = page.locator(".nr-exercise-stages .nr-card").first
    card.locator(".nr-card-title").get_by_text(first_kind).wait_for(timeout=30_000)

    # One stage reflection.
    tab_to(page, card.get_by_label("Went well"))
    keys.type("Stayed calm")
    slider = card.locator("[role=slider]")
    tab_to(page, slider)
    share = round(float(slider.get_attribute("aria-valuenow"))) + 10  # one step of 10 %
    keys.press("ArrowRight")
    skill = words()["reflection"]["soft_skills"][0]
    tab_to(page, card.get_by_role("checkbox", name=skill).first)  # soft skills come first
    keys.press("Space")
    rating = words()["reflection"]["rating_labels"][3]
    tab_to(page, card.get_by_role("button", name=rating, exact=True))
    keys.press("Space")
    pause(page)
    harness.wait_saved(page)

    def saved() -> dict:
        with Journal.open(data / "journal.sqlite3") as journal:
            process = journal.rows("processes")
            stage = journal.rows("stages")
            reflection = journal.rows("reflections")
        return {
            "process": [(r["company"], r["role"], r["category"], r["notes"]) for r in process],
            "stage": [r["kind"] for r in stage],
            "reflection": [(r["went_well"], r["technical_share"], r["soft_skills"],
                            r["self_rating"]) for r in reflection],
        }

    expected = {"process": [("Keyboard & Co", "Analyst", category, "Found by the Tab key")],
                "stage": [first_kind], "reflection": [("Stayed calm", share, [skill], 4)]}
    deadline = time.monotonic() + 30
    while saved() != expected and time.monotonic() < deadline:
        time.sleep(0.3)
    assert saved() == expected
    assert report.errors == []
