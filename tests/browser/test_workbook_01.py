"""Workbook 1 in a real Chromium, served by `nextround serve` as a person runs it."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.browser

PAGE = "/voila/render/01_review_and_reflect.ipynb"
HOSTILE_COMPANY = "<img src=x onerror=alert(1)>"
DOLLARS = "$80k–$95k"


def wait_saved(form):
    """The form's own status says its save landed (after the typing pause)."""
    form.locator(":scope > .nr-status-saved").wait_for(timeout=20_000)


def test_a_person_reviews_a_process_and_finds_it_after_reload(browser, server_process, harness,
                                                             tmp_path):
    server = harness.serve(server_process, tmp_path / "data")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    forbidden = []
    page.on("response", lambda r: forbidden.append(r.url) if r.status == 403 else None)
    report = harness.open_voila_page(page, server.url + PAGE, timeout=90)

    # Log a new process whose company name is an XSS attempt.
    new = page.locator(".nr-new-process")
    new.get_by_label("Company").fill(HOSTILE_COMPANY)
    new.get_by_label("Role").fill(DOLLARS)
    new.get_by_role("button", name="Add this process").click()
    process = page.locator(".nr-exercise-process")
    process.get_by_label("Company").first.wait_for()
    page.wait_for_function(
        "v => [...document.querySelectorAll('.nr-exercise-process input')].some(i => i.value === v)",
        arg=HOSTILE_COMPANY)
    process.get_by_label("Notes").fill(DOLLARS + " — base, not counting equity")
    wait_saved(process)

    # Two stages, in order.
    process.get_by_role("button", name="Add a stage").click()
    page.wait_for_function("document.querySelectorAll('.nr-exercise-process .nr-card').length >= 1")
    process.get_by_role("button", name="Add a stage").click()
    page.wait_for_function("document.querySelectorAll('.nr-exercise-process .nr-card').length >= 2")
    cards = process.locator(".nr-card")
    cards.nth(0).get_by_label("Stage").select_option("Screening call")
    cards.nth(1).get_by_label("Stage").select_option("Technical interview")

    # The preparation audit.
    prep = page.locator(".nr-exercise-preparation")
    rows = prep.locator(".widget-toggle-buttons")
    rows.nth(0).get_by_role("button", name="Solid").click()
    rows.nth(3).get_by_role("button", name="A little").click()
    prep.get_by_role("button", name="Partly").click()
    prep.get_by_label("Why").fill("Ran out of time for the company research")
    wait_saved(prep)

    # A stage reflection (its cards follow the stages added above).
    stages = page.locator(".nr-exercise-stages")
    page.wait_for_function("document.querySelectorAll('.nr-exercise-stages .nr-card').length >= 2")
    first_card = stages.locator(".nr-card").nth(0)
    first_card.get_by_label("Went well").fill("Explained my motivation clearly 🙂")
    wait_saved(first_card)

    # The charts drew from what was just saved.
    page.wait_for_function(
        "document.querySelectorAll('.nr-exercise-charts .main-svg').length >= 2", timeout=30_000)

    # Reload: everything is still there.
    page.reload()
    harness.open_voila_page(page, server.url + PAGE, timeout=90, report=report)
    process = page.locator(".nr-exercise-process")
    assert process.get_by_label("Company").first.input_value() == HOSTILE_COMPANY
    assert process.get_by_label("Role").first.input_value() == DOLLARS
    assert process.get_by_label("Notes").input_value().startswith(DOLLARS)
    cards = process.locator(".nr-card")
    assert cards.count() == 2
    assert cards.nth(0).get_by_label("Stage").input_value() == "Screening call"
    assert cards.nth(1).get_by_label("Stage").input_value() == "Technical interview"
    prep = page.locator(".nr-exercise-preparation")
    solid = prep.locator(".widget-toggle-buttons").nth(0).get_by_role("button", name="Solid")
    assert "mod-active" in solid.get_attribute("class")
    assert prep.get_by_label("Why").input_value() == "Ran out of time for the company research"
    went_well = page.locator(".nr-exercise-stages .nr-card").nth(0).get_by_label("Went well")
    assert went_well.input_value() == "Explained my motivation clearly 🙂"

    # Funnel and radar render after the reload too, and a person can see them: a chart
    # clipped to zero height still has its SVG in the page.
    # (A drawn chart has several .main-svg layers: count the plots that hold one.)
    page.wait_for_function(
        "[...document.querySelectorAll('.nr-exercise-charts .js-plotly-plot')]"
        ".filter(p => p.querySelector('.main-svg')).length === 3", timeout=60_000)
    heights = page.eval_on_selector_all(
        ".nr-exercise-charts .js-plotly-plot", "ps => ps.map(p => p.getBoundingClientRect().height)")
    assert len(heights) == 3 and all(h > 200 for h in heights), heights

    # The hostile name is shown as text, never run; the dollars are not mathematics
    # (ipywidgets writes the spaces of option labels as no-break spaces).
    labels = page.eval_on_selector_all(
        "select option", "os => os.map(o => o.textContent.replace(/\u00a0/g, ' '))")
    assert any(HOSTILE_COMPANY in label and DOLLARS in label for label in labels), labels
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("mjx-container, .MathJax").count() == 0
    assert dialogs == []
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert page.locator(".nr-status-error").count() == 0
    # On reload Voila asks to shut the old page's kernel without an XSRF token and is refused
    # (`nextround serve` culls idle kernels instead): that one refusal is expected.
    assert all("/voila/api/shutdown/" in url for url in forbidden), forbidden
    errors = [e for e in report.errors if not (forbidden and "status of 403" in e)]
    assert errors == []
    assert not page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()


@pytest.mark.slow
def test_every_load_renders_every_chart(browser, server_process, harness, tmp_path):
    """Consecutive loads of workbook 1 on the demo journal: no hang, every chart drawn and
    visible, no browser error. NEXTROUND_LOADS sets how many (50 for the full check)."""
    import os
    import subprocess

    loads = int(os.environ.get("NEXTROUND_LOADS", "5"))
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "nextround.cli", "demo", "--data", str(data)],
                   check=True, capture_output=True)
    server = harness.serve(server_process, data)
    failures = []
    for attempt in range(loads):
        page = browser.new_page()
        try:
            report = harness.open_voila_page(
                page, server.url + PAGE, timeout=90,
                ready_selector=".nr-exercise-charts .js-plotly-plot .main-svg:first-child",
                ready_count=3)
            heights = page.eval_on_selector_all(
                ".nr-exercise-charts .js-plotly-plot",
                "ps => ps.map(p => p.getBoundingClientRect().height)")
            if report.errors or len(heights) != 3 or min(heights) < 200:
                failures.append((attempt, report.errors, heights))
            harness.shutdown_voila_kernel(page, server.url)
        except Exception as exc:  # a hang shows up as a timeout here
            failures.append((attempt, repr(exc)[:300], None))
        finally:
            page.close()
    print(f"{loads} loads of workbook 1, {len(failures)} failed")
    assert failures == []
