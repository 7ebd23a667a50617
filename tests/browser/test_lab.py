"""The workbooks where people edit them: `nextround lab` in a real Chromium.

JupyterLab opens on the person's own copy of the workbooks; a workbook runs all its cells,
and its widgets and charts appear, the same as under Voila.
"""

from __future__ import annotations

import json
import secrets
import sys

import pytest

from nextround import Journal
from nextround.demo import write_demo

pytestmark = pytest.mark.browser

WORKBOOKS = ["00_start_here.ipynb", "01_review_and_reflect.ipynb", "02_ask_for_feedback.ipynb",
             "03_its_not_personal.ipynb", "04_keep_learning.ipynb",
             "04b_before_your_next_interview.ipynb", "05_my_progress.ipynb", "coach_cohort.ipynb"]


def test_lab_opens_the_workbooks_and_one_runs_with_widgets_and_charts(
        browser, server_process, harness, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3", create=True)
    write_demo(journal)
    journal.close()
    token = secrets.token_hex(16)
    state = tmp_path / "lab-state"
    # A config folder of its own: nothing from this machine's Jupyter settings leaks in.
    # (Under root, as in CI, `nextround lab` itself allows it.)
    (state / "config").mkdir(parents=True)
    # Keep every cell in the page (Lab leaves cells scrolled out of view out of the DOM), and
    # no news pop-up over the notebook.
    for extension, settings in (("notebook-extension/tracker", {"windowingMode": "none"}),
                                ("apputils-extension/notification", {"fetchNews": "false"})):
        target = state / "settings" / "@jupyterlab" / f"{extension}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    env = {
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_TOKEN": token,  # known to the test; the server still requires it
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
    }
    server = server_process([sys.executable, "-m", "nextround.cli", "lab", "--no-browser",
                             "--port", "{port}", "--data", str(data)],
                            env=env, ready_path="/api/status", startup_timeout=120)

    # Their own copy of every workbook, beside the journal.
    assert sorted(p.name for p in (data / "workbooks").glob("*.ipynb")) == WORKBOOKS

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    report = harness.watch_page(page)
    page.goto(f"{server.url}/lab/tree/05_my_progress.ipynb?token={token}",
              wait_until="domcontentloaded", timeout=120_000)

    # The file browser lists the workbooks.
    listing = page.locator(".jp-DirListing-content")
    listing.get_by_text("00_start_here.ipynb").wait_for(timeout=120_000)
    for name in WORKBOOKS:
        assert listing.get_by_text(name, exact=True).count() == 1

    # The notebook opens; run every cell from the Run menu (they wait for the kernel).
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    notebook.locator(".jp-Cell").first.wait_for(timeout=120_000)
    # Lab may first ask which kernel to use, as it does a person; the notebook's own is
    # already chosen in the dialog.
    choose = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    try:
        choose.click(timeout=20_000)
    except PlaywrightTimeout:
        pass
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

    # Widgets: the next steps, the figures, the download buttons; and Plotly charts drawn.
    notebook.locator(".nr-exercise-next-steps li").first.wait_for(timeout=180_000)
    notebook.get_by_role("button", name="Prepare my report").wait_for(timeout=180_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-NotebookPanel .nextround-chart .main-svg')"
        ".length >= 10", timeout=180_000)
    assert "Processes logged" in notebook.locator(".nr-exercise-headlines").inner_text()
    # Every code cell ran, none failed.
    code_cells = notebook.locator(".jp-CodeCell")
    prompts = notebook.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    assert len(prompts) == code_cells.count() and all(
        p.strip() not in ("[ ]:", "[*]:", "") for p in prompts), prompts
    assert notebook.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0

    # A widget works here too: the backup is built on request.
    notebook.locator(".nr-exercise-downloads").get_by_role(
        "button", name="Prepare my backup").click()
    notebook.locator(".nr-exercise-downloads .nr-backup-download a[download]").wait_for(
        timeout=60_000)
    assert [e for e in report.errors if "favicon" not in e] == []
