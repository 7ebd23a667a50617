"""`nextround serve --preheat` keeps one kernel ready per page (Voila's preheated pool): the
kernel imports what the page needs before anyone asks, and reads the journal only when the
page is asked for. A page opened after a save made elsewhere shows that save."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from nextround.cli import NOT_PREHEATED, workbooks_dir
from nextround.store import processes
from nextround.store.journal import Journal

pytestmark = pytest.mark.browser

STEP_1 = "/voila/render/01_review_and_reflect.ipynb"
WORKBOOKS = workbooks_dir()


KERNEL_ID = """async () => {
  const manager = await window.jupyterapp.widgetManagerPromise.promise;
  return manager.kernel.id;
}"""


def started_at(pid: int) -> float:
    """When a process started, as a wall-clock time (its /proc entry is made then)."""
    return Path(f"/proc/{pid}").stat().st_ctime


def kernels_below(root: int) -> dict[int, int]:
    """The ipykernel processes descended from `root`, each with its CPU time in ticks."""
    parent, ticks, kernels = {}, {}, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        pid = int(entry.name)
        parent[pid], ticks[pid] = int(stat[1]), int(stat[11]) + int(stat[12])
        if b"ipykernel" in command:
            kernels.append(pid)

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parent.get(pid, 0)
            if pid == root:
                return True
        return False

    return {pid: ticks[pid] for pid in kernels if descends(pid)}


def wait_for_the_pool(root: int, size: int, timeout: float = 240) -> dict[int, int]:
    """Until the kernels below `root` have hardly used the CPU for two seconds (an idle
    kernel's heartbeat costs a tick now and then; a page's imports cost seconds): each has run
    its page's imports and waits for its request. Returns them."""
    deadline = time.monotonic() + timeout
    before: dict[int, int] = {}
    while time.monotonic() < deadline:
        now = kernels_below(root)
        if len(now) >= size and now.keys() == before.keys() and \
                all(now[pid] - before[pid] <= 5 for pid in now):
            return now
        before = now
        time.sleep(2)
    raise AssertionError(f"the pool did not settle: {before}")


def test_a_preheated_page_shows_a_save_made_after_its_kernel_started(
        browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        processes.add_process(journal, "Before the pool", "Analyst")
    server = server_process([sys.executable, "-m", "nextround.cli", "serve", "--preheat",
                             "--no-browser", "--port", "{port}", "--data", str(data)],
                            startup_timeout=90)
    preheated = [p for p in WORKBOOKS.glob("*.ipynb") if p.name not in NOT_PREHEATED]
    pool = wait_for_the_pool(server.proc.pid, len(preheated))
    assert len(pool) == len(preheated)  # one kernel per page, none for the coach's page
    with Journal.open(data / "journal.sqlite3") as journal:  # another tab saves meanwhile
        added = processes.add_process(journal, "Saved in another tab", "Engineer")
        processes.choose_process(journal, added["id"])
    saved_at = time.time()
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + STEP_1, timeout=120)
    page.locator("select option", has_text="Saved in another tab").first.wait_for(
        state="attached", timeout=60_000)
    picker = page.locator("select").filter(
        has=page.locator("option", has_text="Saved in another tab"))
    assert picker.count() == 1
    # ipywidgets writes an option's spaces as no-break spaces
    chosen = picker.locator("option:checked").inner_text().replace("\xa0", " ")
    assert chosen == "Saved in another tab — Engineer"
    # The page's kernel had run its notebook up to the request before the save.
    [pid, *_] = harness.kernel_pids(page.evaluate(KERNEL_ID))
    assert started_at(pid) < saved_at
    assert report.errors == []
    harness.shutdown_voila_kernel(page, server.url)
    page.close()
