"""Start here and My progress in a real Chromium, as a workshop participant uses them.

On an empty journal on a temporary server: a bad upload is refused in plain words, a backup is
restored by upload, My progress lists what is due and draws the charts, and its report and
backup links download files that work — the report opens offline with its charts drawn, the
backup restores.
"""

from __future__ import annotations

import sys

import pytest

from nextround import Journal
from nextround.documents.backup import MAX_BACKUP_BYTES, backup_text, parse_backup, restore_backup
from nextround.demo import write_demo

pytestmark = pytest.mark.browser

START = "/voila/render/00_start_here.ipynb"


@pytest.fixture
def demo_backup(tmp_path) -> bytes:
    journal = Journal.open(tmp_path / "demo" / "journal.sqlite3", create=True)
    write_demo(journal)
    data = backup_text(journal).encode("utf-8")
    journal.close()
    return data


def choose_file(page, name: str, data: bytes) -> None:
    """Click "Choose a backup file" and pick a file, as a person does."""
    with page.expect_file_chooser() as chooser:
        page.locator(".nr-exercise-restore").get_by_role(
            "button", name="Choose a backup file").click()
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": data})


def restore_message(page):
    return page.locator(".nr-exercise-restore .nr-restore-message")


def test_restore_then_progress_report_and_backup(browser, server_process, harness, tmp_path,
                                                 demo_backup):
    data = tmp_path / "data"
    server = server_process([sys.executable, "-m", "nextround.cli", "serve", "--no-browser",
                             "--port", "{port}", "--data", str(data)],
                            env={"NEXTROUND_TEMPORARY": "1"}, startup_timeout=90)
    page = browser.new_page(accept_downloads=True)
    failed = []  # (status, url) of every request the server refused
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    report = harness.open_voila_page(page, server.url + START, timeout=90)

    # The temporary-session notice, calm, with the backup right there.
    notice = page.locator(".nr-temporary-notice")
    assert "temporary session" in notice.inner_text()
    assert notice.get_by_role("button", name="Prepare my backup").count() == 1
    assert "It is empty so far" in page.locator(".nr-exercise-journal").inner_text()
    assert "up to 20.0 MB" in page.locator(".nr-exercise-restore").inner_text()

    # Not JSON, then too large: refused in plain words, the journal untouched.
    choose_file(page, "notes.json", b"Dear diary")
    restore_message(page).get_by_text("This file was not restored").wait_for()
    assert "is not valid JSON" in restore_message(page).inner_text()
    # Too large is refused in the browser, before it is sent (the page frame).
    choose_file(page, "huge.json", b" " * (MAX_BACKUP_BYTES + 1))
    refused = page.locator(".nr-exercise-restore .nr-upload-refused")
    refused.get_by_text("larger than the 20.0 MB").wait_for(timeout=60_000)
    assert "huge.json" in refused.inner_text() and "not sent" in refused.inner_text()
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.is_empty()

    # A real backup: checked, then restored on request.
    choose_file(page, "my-backup.json", demo_backup)
    restore_message(page).get_by_text("is a NextRound backup made on").wait_for()
    page.locator(".nr-exercise-restore").get_by_role(
        "button", name="Restore this backup").click()
    restore_message(page).get_by_text("Restored:").wait_for()
    page.locator(".nr-exercise-journal").get_by_text("It holds 11 processes").wait_for()

    # My progress: what is due, and the charts of every step.
    with page.expect_navigation():
        restore_message(page).get_by_role("link", name="My progress").click()
    harness.open_voila_page(page, page.url, timeout=120, ready_selector=".nextround-chart .main-svg",
                            ready_count=10)
    due = page.locator(".nr-exercise-next-steps li")
    assert due.count() >= 3
    assert "Follow up with" in page.locator(".nr-exercise-next-steps").inner_text()
    assert page.locator(".nr-exercise-next-steps a[href='02_ask_for_feedback.ipynb']").count() >= 1
    assert "Processes logged" in page.locator(".nr-exercise-headlines").inner_text()

    # The report: one HTML file that opens offline with its charts drawn.
    downloads = page.locator(".nr-exercise-downloads")
    downloads.get_by_role("button", name="Prepare my report").click()
    link = downloads.locator(".nr-report-download a[download]")
    link.wait_for(timeout=120_000)
    with page.expect_download() as got:
        link.click()
    report_file = tmp_path / "report.html"
    got.value.save_as(report_file)
    offline = browser.new_page()
    asked = []
    offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else (asked.append(route.request.url), route.abort()))
    offline.goto(report_file.as_uri())
    offline.wait_for_function("document.body.getAttribute('data-charts-drawn') !== null")
    drawn = int(offline.get_attribute("body", "data-charts-drawn"))
    assert drawn >= 10 and offline.locator(".plot .main-svg").count() >= drawn
    assert "Northwind Data" in offline.locator("#processes").inner_text()
    assert asked == []
    offline.close()

    # The backup: a file that restores into a new journal.
    downloads.get_by_role("button", name="Prepare my backup").click()
    link = downloads.locator(".nr-backup-download a[download]")
    link.wait_for()
    with page.expect_download() as got:
        link.click()
    assert got.value.suggested_filename.startswith("nextround-backup-")
    backup_file = tmp_path / "downloaded.json"
    got.value.save_as(backup_file)
    with Journal.open(tmp_path / "again" / "journal.sqlite3", create=True) as fresh:
        restore_backup(fresh, parse_backup(backup_file.read_bytes()))
        assert fresh.count("processes") == 11

    # Leaving a Voila page asks the server to shut its kernel down without an XSRF token, and
    # is refused (403): Voila's own doing, harmless. Anything else refused is an error.
    shutdowns = [f for f in failed if f[0] == 403 and "/voila/api/shutdown/" in f[1]]
    assert [f for f in failed if f not in shutdowns] == []
    refused = "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    errors = list(report.errors)
    for _ in shutdowns:
        if f"console: {refused}" in errors:
            errors.remove(f"console: {refused}")
    assert errors == []
    # Only Voila's own template stylesheet is looked for outside (and answered locally).
    assert report.external_requests == []  # the page frame fetches nothing from other hosts
