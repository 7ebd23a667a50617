"""The coach's view in a real Chromium: the group's report drawn offline from six people's
`nextround share`, nothing drawn from four; and a participant sharing from My progress into
the drop box, then the coach's page showing the group."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cohort_journals import journal_in

from nextround.documents.cohort import drop_box, summary
from nextround.documents.cohort.document import summary_text
from nextround.specs import for_step
from nextround.store.journal import Journal

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 3, 31)
CHARTS = len(for_step("cohort"))


def command(*args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "NEXTROUND_DATA_DIR"}
    return subprocess.Popen([sys.executable, "-m", "nextround.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Six people's `nextround share`, then `nextround cohort` on all six and on four."""
    folder = tmp_path_factory.mktemp("room")
    files = [folder / f"person{n}.json" for n in range(6)]
    sharing = [command("share", "--data", str(journal_in(folder / f"d{n}", n)), "-o", str(f))
               for n, f in enumerate(files)]
    for process in sharing:  # side by side: each is a whole interpreter starting
        finished(process)
    six, four = folder / "six.html", folder / "four.html"
    for process in [command("cohort", *map(str, files), "-o", str(six)),
                    command("cohort", *map(str, files[:4]), "-o", str(four))]:
        finished(process)
    return six, four


def open_offline(browser, path: Path):
    """The report from the disk, with every request that is not the file itself refused."""
    page = browser.new_page()
    asked: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (asked.append(route.request.url), route.abort()))
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-charts-drawn') !== null",
                           timeout=60_000)
    return page, asked, errors


def test_the_groups_report_from_six_people_draws_every_chart_offline(browser, reports):
    page, asked, errors = open_offline(browser, reports[0])
    assert page.get_attribute("body", "data-charts-drawn") == str(CHARTS)
    for i in range(CHARTS):
        assert page.locator(f"#nr-chart-{i} .main-svg").count() >= 1, i
    assert "6 people counted" in page.locator("#nr-counted").inner_text()
    assert "Ask the room" in page.locator("#charts").inner_text()
    assert asked == [] and errors == []
    page.close()


def test_the_groups_report_from_four_people_draws_nothing_and_asks_for_one_more(
        browser, reports):
    page, asked, errors = open_offline(browser, reports[1])
    assert page.get_attribute("body", "data-charts-drawn") == "0"
    assert page.locator(".plot").count() == 0
    messages = page.locator("figure .empty").all_inner_texts()
    assert messages == ["So far 4 people shared a summary. Nothing is shown for fewer than 5 "
                        "people: 1 more needed."] * CHARTS
    assert asked == [] and errors == []
    page.close()


def test_a_participant_shares_from_my_progress_and_the_coachs_page_shows_the_group(
        browser, server_process, harness, tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    os.chmod(box, 0o3733)
    for n in range(4):  # four people shared already: one more and the group shows
        with Journal.open(tmp_path / f"j{n}" / "journal.sqlite3", create=True) as journal:
            from cohort_journals import fill

            fill(journal, 10 + n)
            doc = summary.build(journal, f"{n + 1:032x}", 1, TODAY)
        drop_box.add(box, summary_text(doc).encode("utf-8"))
    data = journal_in(tmp_path / "data", 14)
    server = server_process([sys.executable, "-m", "nextround.cli", "serve", "--no-browser",
                             "--port", "{port}", "--data", str(data)],
                            env={drop_box.ENV_VAR: str(box)}, startup_timeout=90)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    report = harness.open_voila_page(page, f"{server.url}/voila/render/05_my_progress.ipynb",
                                     timeout=180)
    share = page.locator(".nr-exercise-share")
    assert "only your coach can read it" in share.inner_text()
    share.get_by_role("button", name="Show what I would share").click()
    content = share.locator(".nr-share-content")
    content.wait_for(timeout=120_000)
    assert '"format": "nextround-cohort-summary"' in content.inner_text()
    assert "Company 14-" not in share.inner_text()  # what it says and what it holds
    assert len(os.listdir(box)) == 4  # shown, not sent
    share.get_by_role("button", name="Share this with my coach").click()
    share.get_by_text("Shared with your coach at").wait_for(timeout=60_000)
    assert len(os.listdir(box)) == 5
    assert share.get_by_role("button", name="Take back what I shared").count() == 1
    assert report.errors == []
    harness.shutdown_voila_kernel(page, server.url)
    page.close()  # (navigating away would send Voila's shutdown beacon, refused without XSRF)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    coach = harness.open_voila_page(page, f"{server.url}/voila/render/coach_cohort.ipynb",
                                    timeout=180, ready_selector=".nr-chart-panel .main-svg",
                                    ready_count=CHARTS)
    assert "5 people counted" in page.locator(".nr-cohort-counted").inner_text()
    for spec in for_step("cohort"):
        assert page.locator(f".nr-chart-cohort-{spec.name} .main-svg").count() >= 1, spec.name
    assert "Company 14-" not in page.inner_text("body")
    assert coach.errors == []
    harness.shutdown_voila_kernel(page, server.url)
    page.close()
