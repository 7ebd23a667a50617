"""`nextround serve` keeps one kernel ready per page (Voila's preheated pool): the kernel
imports what the page needs before anyone asks, and reads the journal only when the page is
asked for. A page opened after a save made elsewhere shows that save."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nextround.store import processes
from nextround.store.journal import Journal

pytestmark = pytest.mark.browser

STEP_1 = "/voila/render/01_review_and_reflect.ipynb"


KERNEL_ID = """async () => {
  const manager = await window.jupyterapp.widgetManagerPromise.promise;
  return manager.kernel.id;
}"""


def started_at(pid: int) -> float:
    """When a process started, as a wall-clock time (its /proc entry is made then)."""
    return Path(f"/proc/{pid}").stat().st_ctime


def test_a_preheated_page_shows_a_save_made_after_its_kernel_started(
        browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        processes.add_process(journal, "Before the pool", "Analyst")
    server = harness.serve(server_process, data)
    # Wait for the pool: every page's kernel has run its imports and waits for a request.
    time.sleep(20)
    with Journal.open(data / "journal.sqlite3") as journal:  # another tab saves meanwhile
        added = processes.add_process(journal, "Saved in another tab", "Engineer")
        processes.choose_process(journal, added["id"])
    saved_at = time.time()
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + STEP_1, timeout=120)
    picker = page.locator(".widget-dropdown select").first
    labels = picker.locator("option").all_inner_texts()
    assert any("Saved in another tab" in label for label in labels), labels
    assert "Saved in another tab" in picker.locator("option:checked").inner_text()
    # The page's kernel was started (and its notebook run up to the request) before the save.
    [pid, *_] = harness.kernel_pids(page.evaluate(KERNEL_ID))
    assert started_at(pid) < saved_at - 5
    assert report.errors == []
    harness.shutdown_voila_kernel(page, server.url)
    page.close()
