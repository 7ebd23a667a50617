"""Start here's "Bring your history" in a real Chromium: a 500-row CSV and the same rows as
.xlsx uploaded and imported, a bad file refused, and step 3's findings drawn from them."""

from __future__ import annotations

import pytest

import history_rows
from nextround import Journal

pytestmark = pytest.mark.browser

START = "/voila/render/00_start_here.ipynb"
STEP_3 = "/voila/render/03_its_not_personal.ipynb"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose(page, name: str, data: bytes, mime: str) -> None:
    """Click "Choose a spreadsheet" and pick a file, as a person does."""
    with page.expect_file_chooser() as chooser:
        page.locator(".nr-exercise-import").get_by_role(
            "button", name="Choose a spreadsheet").click()
    chooser.value.set_files({"name": name, "mimeType": mime, "buffer": data})


def test_a_spreadsheet_and_a_workbook_are_imported_and_step_three_uses_them(
        browser, server_process, harness, tmp_path):
    data = tmp_path / "data"
    server = harness.serve(server_process, data)
    page = browser.new_page()
    report = harness.open_voila_page(page, server.url + START, timeout=120)
    section = page.locator(".nr-exercise-import")
    assert "up to 20 MiB and 10,000 rows" in section.inner_text()

    # A bad file first: its errors name the row and the column, and Import stays off.
    choose(page, "bad.csv", b"Company,Date applied\nAcme,2026-01-05\nBeta,31/02/2026\n",
           "text/csv")
    problems = section.locator(".nr-import-problems")
    problems.get_by_text("row 3, Date applied: '31/02/2026' is not a date").wait_for()
    assert section.get_by_role("button", name="Import", exact=True).is_disabled()

    # The 500-row CSV: previewed (hostile text shown as text), then imported.
    choose(page, "applications.csv", history_rows.csv_bytes(), "text/csv")
    ready = section.locator(".nr-import-ready")
    ready.get_by_text("Ready to import: 500 new; 0 already in your journal.").wait_for(
        timeout=60_000)
    preview = section.locator(".nr-import-preview")
    assert "<script>alert(1)</script>" in preview.inner_text()
    assert preview.locator("script").count() == 0
    assert section.get_by_label("Company", exact=True).input_value() == "Company"
    section.get_by_role("button", name="Import", exact=True).click()
    message = section.locator(".nr-import-message")
    message.get_by_text("Imported 500 processes.").wait_for(timeout=60_000)

    # The same rows as a workbook: nothing new.
    choose(page, "applications.xlsx", history_rows.xlsx_bytes(), XLSX)
    ready.get_by_text("Ready to import: 0 new; 500 already in your journal.").wait_for(
        timeout=60_000)
    section.get_by_role("button", name="Import", exact=True).click()
    message.get_by_text("Imported 0 processes; 500 were already in your journal.").wait_for(
        timeout=60_000)
    with Journal.open(data / "journal.sqlite3") as journal:
        assert journal.count("processes") == 500
        assert {p["imported_from"] for p in journal.rows("processes")} == {"applications.csv"}
    assert report.errors == []

    # Step 3 says what the imported history shows.
    step3 = browser.new_page()
    report3 = harness.open_voila_page(step3, server.url + STEP_3, timeout=120)
    # In the findings' list: once the section's charts are drawn, the sentence stands twice.
    findings = step3.locator(".nr-exercise-right-roles ul.nr-list")
    findings.get_by_text(history_rows.FINDING).wait_for(timeout=60_000)
    assert report3.errors == []
    for opened in (page, step3):
        harness.shutdown_voila_kernel(opened, server.url)
        opened.close()
