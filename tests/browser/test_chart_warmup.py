"""The page frame starts plotly.js on a page with charts while the kernel computes them, and
leaves nothing of it behind; a page without charts never loads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextround.demo import write_demo
from nextround.store.journal import Journal

pytestmark = pytest.mark.browser

STEP1 = "/voila/render/01_review_and_reflect.ipynb"
START = "/voila/render/00_start_here.ipynb"

# Every chart on the page drawn (or showing its words for too little data).
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('#rendered_cells .nextround-chart')]
  .every(c => c.querySelector('.main-svg') || (c.innerText.trim() !== ''
                                              && !c.innerText.includes('Drawing the chart')))"""


def demo_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        write_demo(journal)
    return data


def test_a_page_with_charts_warms_plotly_and_cleans_up(harness, server_process, browser,
                                                        tmp_path):
    server = harness.serve(server_process, demo_data(tmp_path))
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + STEP1, timeout=120)
    page.wait_for_function("() => window.nextround.charts.warm !== null", timeout=60_000)
    assert page.evaluate("() => window.nextround.charts.warm") == "drawn"
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=60_000)
    charts = page.locator("#rendered_cells .nextround-chart")
    drawn = page.locator("#rendered_cells .nextround-chart .main-svg").first
    assert charts.count() == 3 and drawn.is_visible()
    # the empty chart drew off the page and was taken away again: every Plotly chart on the
    # page is one of the page's own
    assert page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .every(p => p.closest('#rendered_cells .nextround-chart'))""") is True
    assert page.locator("body > .jp-RenderedPlotly").count() == 0
    assert report.errors == []


def test_a_page_without_charts_does_not_warm_plotly(harness, server_process, browser, tmp_path):
    server = harness.serve(server_process, demo_data(tmp_path))
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + START, timeout=120)
    page.wait_for_selector(".nr-nav:not([hidden])", timeout=30_000)
    page.wait_for_timeout(3_500)  # past the frame's settling (2.5 s after the page is done)
    assert page.evaluate("() => window.nextround.charts.warm") is None
    assert page.locator(".js-plotly-plot").count() == 0
    assert report.errors == []
