"""The page frame under Jupyter Server's `/voila/render/…`, as Binder and JupyterHub serve the
workbooks: the notebooks ask for NextRound's template themselves (their `voila` metadata), so
no server setting is needed beyond finding it among the Jupyter data folders (a wheel installs
it there; here, as from a checkout, the package's copy is named in JUPYTER_PATH)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from nextround.cli import jupyter_data_dir, workbooks_dir
from nextround.demo import write_demo
from nextround.store.journal import Journal
from nextround.words import words

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_binder_serves_every_workbook_in_the_frame_with_its_guard(browser, server_process,
                                                                  harness, tmp_path):
    data = tmp_path / "data"
    with Journal.open(data / "journal.sqlite3", create=True) as journal:
        write_demo(journal)
    env = {"NEXTROUND_DATA_DIR": str(data), "NEXTROUND_TEMPORARY": "1",
           "JUPYTER_PATH": os.pathsep.join(filter(None, [str(jupyter_data_dir()),
                                                         os.environ.get("JUPYTER_PATH")])),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "jupyter", "server", "--no-browser", "--port={port}",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
               "--allow-root", f"--ServerApp.root_dir={workbooks_dir()}",
               f"--config={ROOT / 'binder' / 'jupyter_server_config.json'}"]
    server = server_process(command, env=env, ready_path="/api/status", startup_timeout=90)
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + "/voila/render/01_review_and_reflect.ipynb",
                                     timeout=120)
    page.wait_for_function("""() => window.nextround && window.nextround.guard.hooked
        && document.querySelector('.nr-nav:not([hidden])')
        && ![...document.querySelectorAll('.jp-OutputArea-output')].some(
             o => o.textContent.trim() === 'Loading widget...')""", timeout=60_000)
    assert page.locator(".nr-nav a[aria-current='page']").get_attribute(
        "data-nr-page") == "01_review_and_reflect"
    assert report.external_requests == []
    # On a temporary server the notice says how long an idle page lives, the backup beside it.
    notice = page.locator(".nr-temporary-notice")
    assert "10 minutes" in notice.inner_text()

    harness.kill_kernel(page)
    banner = page.locator(".nr-guard")
    banner.wait_for(state="visible", timeout=5_000)
    guard = words()["frame"]["guard"]
    assert guard["kernel_title"] in banner.inner_text()
    assert guard["temporary"].format(minutes=10) in banner.inner_text()
    assert json.loads(page.locator("#jupyter-config-data").text_content())["baseUrl"] == "/"
