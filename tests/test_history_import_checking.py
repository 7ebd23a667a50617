"""Checking every row before anything is written, and writing it all at once: errors name the
row and the column, re-imports add nothing, and imported processes count in step 3."""

from __future__ import annotations

import datetime as dt

import pytest

import history_rows
from nextround.store import frames
from nextround.store import contacts as contact_store
from nextround.store import processes as process_store
from nextround.analysis.fit import findings
from nextround.documents.backup import MAX_TEXT_CHARS
from nextround.documents.history_import import ImportFileError, check, propose, read_table, result_text, write
from nextround.documents.history_import import writing
from nextround.store.journal import Journal


def plan_for(text: str, name: str = "apps.csv", **choices):
    table = read_table(name, text.encode("utf-8"))
    mapping = propose(table)
    for key, value in choices.items():
        setattr(mapping, key, value)
    return check(table, mapping)


def imported(journal, text: str, name: str = "apps.csv", **choices):
    plan = plan_for(text, name, **choices)
    assert plan.problems == []
    return write(journal, plan)


HEADER = "Company,Role,Date applied,Status\n"


# --------------------------------------------------------------------------------- errors
def test_a_date_that_does_not_exist_names_its_row_and_column():
    text = HEADER + "".join(f"C{n},R,1{n}/01/2026,Rejected\n" for n in range(5)) + (
        "Acme,Data engineer,31/02/2026,Rejected\n")
    plan = plan_for(text)
    assert plan.problems == ["row 7, Date applied: '31/02/2026' is not a date"]
    assert not plan.ok


def test_every_row_is_checked_and_every_error_is_listed():
    text = HEADER + ("Acme,DE,2026-01-05,Rejected\n"
                     ",DE,2026-01-06,Rejected\n"
                     "Beta,DE,someday,Rejected\n"
                     "  ,Analyst,2026-13-01,Offer\n")
    plan = plan_for(text)
    assert plan.problems == [
        "row 3, Company: empty, and every process needs its company",
        "row 4, Date applied: 'someday' is not a date",
        "row 5, Company: empty, and every process needs its company",
        "row 5, Date applied: '2026-13-01' is not a date",
    ]


def test_a_status_that_is_not_understood_is_named_with_its_rows():
    text = HEADER + ("Acme,DE,2026-01-05,Pending HR\n"
                     "Beta,DE,2026-01-06,Rejected\n"
                     "Gamma,DE,2026-01-07,Pending HR\n"
                     "Delta,DE,2026-01-08,Shortlisted?\n")
    plan = plan_for(text)
    assert plan.problems == [
        "Status: 'Pending HR', 'Shortlisted?' are not matched to an outcome (rows 2, 4, 5)."]
    assert plan.needs_mapping


def test_a_file_without_a_company_column_says_which_columns_it_has():
    plan = plan_for("Who,What\nAcme,DE\n")
    assert plan.problems == [
        "NextRound could not tell which column of apps.csv holds the company (its columns: "
        "Who, What). Every process needs one."]


def test_a_text_over_the_length_limit_is_refused_with_its_row():
    long = "n" * (MAX_TEXT_CHARS + 1)
    plan = plan_for(f"Company,Notes\nAcme,short\nBeta,{long}\n")
    assert plan.problems == [
        "row 3, Notes: 100,001 characters, more than the 100,000 a text can be"]


def test_dates_that_fit_both_orders_are_asked_once():
    text = HEADER + "Acme,DE,03/04/2026,Rejected\nBeta,DE,05/06/2026,Offer\n"
    plan = plan_for(text)
    assert plan.needs_date_order
    assert plan.problems == [
        "The dates in Date applied fit both day first and month first (row 2: '03/04/2026')."]
    chosen = plan_for(text, dates="month-first")
    assert chosen.ok
    assert [d.applied_on for d in chosen.drafts] == [dt.date(2026, 3, 4), dt.date(2026, 5, 6)]


def test_one_unambiguous_date_settles_the_order_for_the_file():
    text = HEADER + "Acme,DE,03/04/2026,Rejected\nBeta,DE,25/06/2026,Offer\n"
    plan = plan_for(text)
    assert plan.ok and not plan.needs_date_order
    assert [d.applied_on for d in plan.drafts] == [dt.date(2026, 4, 3), dt.date(2026, 6, 25)]


def test_dates_that_contradict_each_other_are_refused():
    text = HEADER + "Acme,DE,25/04/2026,Rejected\nBeta,DE,04/25/2026,Offer\n"
    assert plan_for(text).problems == [
        "The dates in Date applied mix day first (row 2: '25/04/2026') and month first "
        "(row 3: '04/25/2026'). Make them agree in the file."]


def test_a_status_column_with_hundreds_of_values_is_not_taken_for_a_status():
    text = HEADER + "".join(f"C{n},DE,2026-01-05,Note {n}\n" for n in range(60))
    assert plan_for(text).problems == [
        "Status has 60 different values, too many for a status: choose the column that holds "
        "the status, or none."]


# -------------------------------------------------------------------------------- writing
def test_nothing_is_written_for_a_plan_with_problems(journal):
    plan = plan_for(HEADER + "Acme,DE,31/02/2026,Rejected\n")
    with pytest.raises(ValueError):
        write(journal, plan)
    assert journal.count("processes") == 0


def test_an_imported_process_is_whole_and_says_where_it_came_from(journal):
    text = ("Company,Role,Date applied,Status,Stage reached,How I applied,Location,Recruiter,"
            "Notes\n"
            "Acme,Data engineer,2026-01-05,Rejected,Final interview,Referral,Berlin,Priya Shah,"
            "Great team\n")
    result = imported(journal, text, name="/home/sam/private/my-jobs.csv")
    assert result_text(result) == "Imported 1 process."
    process = journal.get("processes", result.process_ids[0])
    assert {k: process[k] for k in ("company", "role", "applied_on", "outcome", "applied_via",
                                    "notes", "imported_from")} == {
        "company": "Acme", "role": "Data engineer", "applied_on": "2026-01-05",
        "outcome": "rejected", "applied_via": "Referral",
        "notes": "Great team\nLocation: Berlin", "imported_from": "my-jobs.csv"}
    # The recruiter is one of the person's contacts, met in this process at this company.
    assert [(c["name"], c["company"]) for c in contact_store.all_contacts(journal)] == [
        ("Priya Shah", "Acme")]
    assert [(link["contact_id"], link["process_id"]) for link in journal.rows("contact_links")] == [
        (contact_store.find(journal, "priya shah")["id"], process["id"])]
    history = process_store.history(journal, process["id"])
    assert [(e["outcome"], e["happened_on"], e["note"]) for e in history] == [
        ("in progress", "2026-01-05", "Imported from my-jobs.csv"),
        ("rejected", dt.date.today().isoformat(),  # the file does not say when: the import
         "Imported from my-jobs.csv; its status there: Rejected")]
    stages = process_store.stages(journal, process["id"])
    assert [(s["kind"], s["outcome"], s["position"]) for s in stages] == [
        ("Final interview", "Rejected", 0)]


def test_a_stage_named_loosely_is_logged_as_step_ones_kind_for_that_step(journal):
    result = imported(journal, "Company,Stage,Status\nAcme,Onsite with the team,Interviewing\n")
    stages = process_store.stages(journal, result.process_ids[0])
    assert [(s["kind"], s["outcome"]) for s in stages] == [("Competency interview", "Waiting")]


def test_formula_like_and_hostile_text_is_stored_exactly(journal):
    texts = ["=SUM(A1:A3)", "+44 20 7946 0000", "-5", "@handle", "<script>alert(1)</script>",
             "שלום עולם", "👩🏽‍💻 🚀"]
    rows = "".join(f'C{n},"{t}"\n' for n, t in enumerate(texts))
    imported(journal, "Company,Notes\n" + rows)
    assert [p["notes"] for p in journal.rows("processes")] == texts


def test_importing_the_same_file_again_adds_nothing(journal):
    text = history_rows.csv_bytes().decode("utf-8-sig")
    assert result_text(imported(journal, text)) == "Imported 500 processes."
    before = journal.rows("processes")
    again = imported(journal, text)
    assert result_text(again) == "Imported 0 processes; 500 were already in your journal."
    assert journal.rows("processes") == before


def test_the_same_rows_as_a_workbook_are_the_same_processes(journal):
    imported(journal, history_rows.csv_bytes().decode("utf-8-sig"))
    table = read_table("apps.xlsx", history_rows.xlsx_bytes())
    result = write(journal, check(table, propose(table)))
    assert (result.added, result.already) == (0, 500)


def test_a_later_file_adds_only_what_is_new(journal):
    imported(journal, HEADER + "Acme,Data engineer,2026-01-05,Interviewing\n")
    later = HEADER + ("ACME ,  data   Engineer,2026-01-05,Rejected\n"  # the same process
                      "Beta,Analyst,2026-02-01,Applied\n")
    result = imported(journal, later)
    assert result_text(result) == "Imported 1 process; 1 was already in your journal."
    assert [p["company"] for p in journal.rows("processes")] == ["Acme", "Beta"]
    assert journal.rows("processes")[0]["outcome"] == "in progress"  # left as it was


def test_a_row_repeating_an_earlier_row_is_imported_once_from_the_first(journal):
    text = HEADER + ("Acme,DE,2026-01-05,Interviewing\n"
                     "acme,de,2026-01-05,Rejected\n"
                     "Acme,DE,2026-03-01,Rejected\n")  # another date: another process
    result = imported(journal, text)
    assert result_text(result) == "Imported 2 processes; 1 row repeated an earlier row of the file."
    assert [p["outcome"] for p in journal.rows("processes")] == ["in progress", "rejected"]


def test_rows_not_applied_to_are_left_out(journal):
    result = imported(journal, HEADER + "Acme,DE,,Wishlist\nBeta,DE,2026-01-05,Applied\n")
    assert result_text(result) == (
        "Imported 1 process; 1 row was left out as not applied to.")


def test_a_failure_halfway_writes_nothing(journal, monkeypatch):
    plan = plan_for(history_rows.csv_bytes().decode("utf-8-sig"))
    real = writing._write_process
    calls = {"n": 0}

    def failing(journal, conn, draft, source):
        calls["n"] += 1
        if calls["n"] == 300:
            raise OSError(28, "No space left on device")
        return real(journal, conn, draft, source)

    monkeypatch.setattr(writing, "_write_process", failing)
    with pytest.raises(OSError):
        write(journal, plan)
    assert [journal.count(t) for t in ("processes", "process_events", "stages")] == [0, 0, 0]


def test_two_tabs_importing_the_same_file_add_it_once(journal):
    plan = plan_for(history_rows.csv_bytes(50).decode("utf-8-sig"))
    other = Journal.open(journal.path)
    try:
        assert write(other, plan).added == 50
    finally:
        other.close()
    assert (write(journal, plan).added, journal.count("processes")) == (0, 50)


def test_a_read_only_journal_is_refused(tmp_path, journal):
    plan = plan_for(HEADER + "Acme,DE,2026-01-05,Rejected\n")
    journal.read_only_reason = "the journal was written by a newer version"
    with pytest.raises(ImportFileError) as caught:
        write(journal, plan)
    assert str(caught.value) == (
        "Nothing was imported: the journal was written by a newer version")


# ------------------------------------------------------------------------- after import
def test_an_imported_process_is_edited_like_any_other(journal):
    result = imported(journal, HEADER + "Acme,DE,2026-01-05,Interviewing\n")
    process = journal.get("processes", result.process_ids[0])
    process = process_store.set_outcome(journal, process, "offer", on="2026-02-01")
    process = journal.update("processes", process["id"], process["rev"], role="Lead DE")
    assert (process["outcome"], process["role"], process["imported_from"]) == (
        "offer", "Lead DE", "apps.csv")
    assert [e["outcome"] for e in process_store.history(journal, process["id"])] == [
        "in progress", "offer"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_step_three_findings_use_the_imported_history(journal, kind):
    data = history_rows.csv_bytes() if kind == "csv" else history_rows.xlsx_bytes()
    table = read_table(f"apps.{kind}", data)
    write(journal, check(table, propose(table)))
    found = {f.dimension: f for f in findings(
        frames.table(journal, "processes"), frames.reached(journal))}
    assert found["category"].text == history_rows.FINDING
