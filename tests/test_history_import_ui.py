"""Start here's "Bring your history", in plain pytest: upload, preview, confirm or change what
NextRound understood, see the errors, import, and read the result line."""

from __future__ import annotations

import datetime as dt
import html
import re

import history_rows
from nextround.documents.history_import import MAX_BYTES
from nextround.ui.start import StartHere


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def upload(section, name: str, data: bytes) -> None:
    """What the browser sends when a file is chosen (ipywidgets 8): a tuple of one dict."""
    section.upload.value = ({"name": name, "type": "text/csv", "size": len(data),
                             "last_modified": dt.datetime.now(dt.timezone.utc),
                             "content": memoryview(data)},)


def section_for(journal):
    return StartHere(journal).history_import()


PLAIN = (b"Company,Role,Date applied,Status\n"
         b"Acme <script>alert(1)</script>,Data engineer,2026-01-05,Rejected\n"
         b"Beta,=SUM(A1:A3),2026-02-01,Ghosted\n")


def test_the_limits_are_said_before_anything_is_chosen(journal):
    section = section_for(journal)
    text = plain(section.limits.value)
    assert "up to 20 MiB and 10,000 rows" in text
    assert section.upload.accept.startswith(".csv,.tsv,.txt,.xlsx")
    assert section.details.children == ()


def test_an_upload_shows_an_escaped_preview_and_the_guessed_columns(journal):
    section = section_for(journal)
    upload(section, "apps.csv", PLAIN)
    assert section.upload.value == ()  # ready for the same file again
    assert plain(section.message.value) == "Read apps.csv: 2 rows."
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section.preview.value
    assert "<script>" not in section.preview.value
    assert {name: d.value for name, d in section.columns.items() if d.value} == {
        "company": "Company", "role": "Role", "applied_on": "Date applied", "status": "Status"}
    assert {value: d.value for value, d in section.statuses.items()} == {
        "Rejected": "rejected", "Ghosted": "no_reply"}
    assert plain(section.ready.value) == "Ready to import: 2 new; 0 already in your journal."
    assert not section.button.disabled
    assert journal.count("processes") == 0  # nothing written yet


def test_import_writes_everything_and_says_so(journal):
    section = section_for(journal)
    upload(section, "apps.csv", PLAIN)
    section.button.click()
    assert plain(section.message.value) == (
        "Imported 2 processes. Each process says it was imported from apps.csv. Edit any of "
        "them in Step 1 like the others, or open Step 3 to see what your history says.")
    assert [(p["company"], p["role"], p["imported_from"]) for p in journal.rows("processes")] == [
        ("Acme <script>alert(1)</script>", "Data engineer", "apps.csv"),
        ("Beta", "=SUM(A1:A3)", "apps.csv")]
    assert section.details.children == ()


def test_the_same_file_again_adds_nothing_and_says_how_many_were_there(journal):
    section = section_for(journal)
    upload(section, "apps.csv", history_rows.csv_bytes())
    section.button.click()
    upload(section, "apps.xlsx", history_rows.xlsx_bytes())
    assert plain(section.message.value) == (
        "Read apps.xlsx: 500 rows from the sheet “Applications”.")
    assert plain(section.ready.value) == "Ready to import: 0 new; 500 already in your journal."
    section.button.click()
    assert plain(section.message.value).startswith(
        "Imported 0 processes; 500 were already in your journal.")
    assert journal.count("processes") == 500


def test_an_unknown_status_is_listed_and_chosen_in_a_dropdown(journal):
    section = section_for(journal)
    upload(section, "apps.csv", PLAIN + b"Gamma,Analyst,2026-02-03,Pending HR\n")
    assert section.statuses["Pending HR"].value is None
    assert plain(section.problems.value) == (
        "Fix these in the file, or change the choices above:"
        "Status: 'Pending HR' is not matched to an outcome (row 4).")
    assert section.button.disabled
    section.statuses["Pending HR"].value = "waiting"
    assert section.problems.value == ""
    assert not section.button.disabled
    section.button.click()
    assert [p["outcome"] for p in journal.rows("processes")] == ["rejected", "rejected", "waiting"]


def test_the_file_words_stay_text_in_their_dropdowns(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Company,Status\nAcme,<b>Rejected</b>\n")
    dropdown = section.statuses["<b>Rejected</b>"]
    assert dropdown.description == "<b>Rejected</b>" and not dropdown.description_allow_html


def test_a_column_can_be_changed_and_its_values_follow(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Company,Result,Round\nAcme,Rejected,Phone screen\n"
                                b"Beta,Offer,Final round\n")
    assert {n: d.value for n, d in section.columns.items() if d.value} == {
        "company": "Company", "status": "Result", "stage": "Round"}
    section.columns["stage"].value = None
    assert section.stages == {}
    section.columns["stage"].value = "Round"
    assert {v: d.value for v, d in section.stages.items()} == {
        "Phone screen": "Screening", "Final round": "Final"}
    section.columns["status"].value = None
    assert section.statuses == {}
    section.button.click()
    assert [p["outcome"] for p in journal.rows("processes")] == ["in progress", "in progress"]


def test_without_a_company_column_it_asks_for_one(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Who,What\nAcme,DE\n")
    assert plain(section.problems.value) == (
        "Fix these in the file, or change the choices above:"
        "Choose which column holds the company: every process needs one.")
    section.columns["company"].value = "Who"
    assert section.problems.value == ""


def test_dates_that_fit_both_orders_are_asked_once(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Company,Date applied\nAcme,03/04/2026\nBeta,05/06/2026\n")
    assert section.dates_box.layout.display is None  # shown
    assert section.button.disabled
    section.dates.value = "day-first"
    assert not section.button.disabled
    section.button.click()
    assert [p["applied_on"] for p in journal.rows("processes")] == ["2026-04-03", "2026-06-05"]


def test_the_question_is_hidden_when_the_dates_say_their_order(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Company,Date applied\nAcme,25/04/2026\n")
    assert section.dates_box.layout.display == "none"


def test_row_errors_name_the_row_and_the_column(journal):
    section = section_for(journal)
    upload(section, "apps.csv", b"Company,Date applied\nAcme,2026-01-05\n,2026-01-06\n"
                                b"Beta,31/02/2026\n")
    assert plain(section.problems.value) == (
        "Fix these in the file, or change the choices above:"
        "row 3, Company: empty, and every process needs its company"
        "row 4, Date applied: '31/02/2026' is not a date")


def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_written(journal):
    section = section_for(journal)
    upload(section, "huge.csv", b"Company\n" + b"Acme\n" * (MAX_BYTES // 5 + 1))
    assert plain(section.message.value) == (
        "This file was not imported. huge.csv is 20.1 MiB, more than the 20 MiB a file to import "
        "can be.Your journal has not been changed.")
    assert section.details.children == ()
    assert journal.count("processes") == 0


def test_the_choices_can_be_downloaded_as_a_mapping_file(journal):
    section = section_for(journal)
    upload(section, "apps.csv", PLAIN)
    assert section.mapping_link.filename == "nextround-import-mapping.json"
    assert b'"Ghosted": "no_reply"' in section.mapping_link.data


def test_a_read_only_journal_cannot_import(journal):
    journal.read_only_reason = "written by a newer version of NextRound"
    section = section_for(journal)
    assert section.upload.disabled
    assert "written by a newer version" in plain(section.message.value)


def test_a_known_export_is_recognised_in_the_message(journal):
    section = section_for(journal)
    upload(section, "jobs.csv", b"index,createdAt,applied,appliedDate,Company,JobTitle,Location,"
                                b"JobSource,Status\n1,2025-01-02,Yes,2025-01-03,Acme,DE,Berlin,"
                                b"Linkedin,Interview\n")
    assert plain(section.message.value) == (
        "Read jobs.csv: 1 row. Recognised as a JobSync export: the columns and statuses below "
        "are filled in for you.")
