"""Contacts: one person across processes, stages and feedback requests, with a history."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.store import contacts
from nextround.store import feedback_requests as request_store
from nextround.store import processes as process_store
from nextround.store import upcoming
from nextround.documents.csv_export import table_csv
from nextround.errors import JournalError


def test_names_match_whatever_the_case_spacing_or_unicode_form():
    assert contacts.name_key("  Priya   SHAH ") == "priya shah"
    assert contacts.name_key("Priya\u00a0Shah") == "priya shah"           # no-break space
    assert contacts.name_key("Priya\u200b Shah\u200f") == "priya shah"    # invisible marks
    assert contacts.name_key("Ｐｒｉｙａ Shah") == "priya shah"             # full-width letters
    assert contacts.name_key("José") == contacts.name_key("Jose\u0301")  # composed or not
    assert contacts.name_key("José") != contacts.name_key("Jose")        # accents are kept


def test_a_field_of_several_names_is_split_into_each_person_once():
    assert contacts.split_names("Priya Shah, Tom Lee & ana  ruiz; PRIYA SHAH and Mo / Li") == [
        "Priya Shah", "Tom Lee", "ana ruiz", "Mo", "Li"]
    assert contacts.split_names("  ,, ") == []
    assert contacts.split_names("Alexandra Bond") == ["Alexandra Bond"]  # "and" inside a name


def test_find_or_add_makes_one_contact_for_one_person(journal):
    first = contacts.find_or_add(journal, "Priya Shah", kind="Recruiter")
    again = contacts.find_or_add(journal, "  priya  shah ", company="Northwind Data")
    assert again["id"] == first["id"]
    assert again["name"] == "Priya Shah"                 # the name as first typed
    assert again["company"] == "Northwind Data"          # a blank is filled in
    kept = contacts.find_or_add(journal, "PRIYA SHAH", kind="Interviewer")
    assert kept["kind"] == "Recruiter"                   # nothing typed is replaced
    assert journal.count("contacts") == 1


def test_adding_a_second_contact_with_the_same_name_is_refused(journal):
    contacts.add_contact(journal, "Priya Shah")
    with pytest.raises(JournalError, match="already one of your contacts"):
        contacts.add_contact(journal, "priya shah")
    with pytest.raises(JournalError, match="name first"):
        contacts.add_contact(journal, "   ")


def _request(journal, process, name, sent, answered=None, status=None):
    request = request_store.start_request(journal, process["id"], person_role="Recruiter")
    request = journal.update("feedback_requests", request["id"], request["rev"], person_name=name)
    request = request_store.mark_sent(journal, request, sent)
    if status:
        request = request_store.set_status(journal, request, status, on=answered)
    return request


def test_the_recruiter_met_in_three_processes_is_one_person_with_a_history(journal):
    day = dt.date(2026, 3, 2)
    made = [process_store.add_process(journal, company) for company in
            ("Northwind Data", "Lumen Health", "Brightpath Bank")]
    for process, name, answered in zip(made, ["Tom Okafor", "tom okafor", "TOM  OKAFOR"],
                                       [day + dt.timedelta(days=2), day + dt.timedelta(days=6), None]):
        request = _request(journal, process, name, day, answered,
                           "answered" if answered else None)
        contacts.sync_request(journal, request)
    assert journal.count("contacts") == 1
    item = contacts.history(journal, journal.rows("contacts")[0]["id"])
    assert item.companies == ["Northwind Data", "Lumen Health", "Brightpath Bank"]
    assert (item.asked, item.replied, item.reply_days) == (3, 2, (2, 6))
    assert item.median_reply_days == 4
    assert contacts.describe(item) == ("Met at Northwind Data, Lumen Health and Brightpath Bank. "
                                       "Replied to 2 of 3 feedback requests, typically in 4 days.")


def test_a_draft_request_counts_as_not_asked_yet(journal):
    process = process_store.add_process(journal, "Acme")
    request = request_store.start_request(journal, process["id"])
    request = journal.update("feedback_requests", request["id"], request["rev"], person_name="Ana")
    contact = contacts.sync_request(journal, request)
    item = contacts.history(journal, contact["id"])
    assert (item.asked, item.replied) == (0, 0)
    assert contacts.describe(item) == "Met at Acme."


def test_one_request_answered_says_how_fast_in_words(journal):
    process = process_store.add_process(journal, "Acme")
    request = _request(journal, process, "Ana", dt.date(2026, 3, 2), dt.date(2026, 3, 2), "answered")
    contact = contacts.sync_request(journal, request)
    assert contacts.describe(contacts.history(journal, contact["id"])) == (
        "Met at Acme. Replied to your feedback request the same day.")


def test_a_request_relinked_to_another_person_leaves_the_first(journal):
    process = process_store.add_process(journal, "Acme")
    request = _request(journal, process, "Ana", dt.date(2026, 3, 2))
    ana = contacts.sync_request(journal, request)
    request = journal.update("feedback_requests", request["id"], request["rev"], person_name="Bo")
    bo = contacts.sync_request(journal, request)
    assert [l["contact_id"] for l in journal.rows("contact_links", {"request_id": request["id"]})] == [bo["id"]]
    assert contacts.history(journal, ana["id"]).asked == 0


def test_a_stage_links_the_names_in_its_interviewers_field(journal):
    process = process_store.add_process(journal, "Northwind Data")
    stage = process_store.add_stage(journal, process["id"], interviewers="Priya Shah, Tom Lee")
    linked = contacts.sync_stage(journal, stage)
    assert [c["name"] for c in linked] == ["Priya Shah", "Tom Lee"]
    assert {c["company"] for c in linked} == {"Northwind Data"}
    stage = journal.update("stages", stage["id"], stage["rev"], interviewers="priya shah")
    contacts.sync_stage(journal, stage)
    links = journal.rows("contact_links", {"stage_id": stage["id"]})
    assert [l["contact_id"] for l in links] == [linked[0]["id"]]
    assert journal.count("contacts") == 2  # Tom Lee is still a contact, just not of this stage


def test_removing_a_process_removes_where_you_met_but_keeps_the_person(journal):
    process = process_store.add_process(journal, "Acme")
    stage = process_store.add_stage(journal, process["id"], interviewers="Ana")
    contacts.sync_stage(journal, stage)
    journal.delete("processes", process["id"])
    assert journal.count("contact_links") == 0
    assert [c["name"] for c in journal.rows("contacts")] == ["Ana"]


def test_the_plan_names_people_met_before(journal):
    northwind = process_store.add_process(journal, "Northwind Data")
    stage = process_store.add_stage(journal, northwind["id"], interviewers="Priya Shah")
    contacts.sync_stage(journal, stage)
    coming = upcoming.add_upcoming(journal, "Juniper Health", dt.date(2026, 3, 10), "10:00",
                                   "Europe/London", people="PRIYA shah, Noor Haddad")
    plan = upcoming.plan(journal, coming, dt.datetime(2026, 3, 5, 9, tzinfo=dt.timezone.utc))
    assert [(h.contact["name"], h.companies) for h in plan.met_before] == [
        ("Priya Shah", ["Northwind Data"])]
    assert journal.count("contacts") == 2  # Noor is new, Priya is the same person


def test_new_contact_tables_are_exported_as_csv_with_formulas_neutralised(journal):
    contacts.add_contact(journal, "=HYPERLINK(\"http://x\")", notes="+1 555")
    text = table_csv(journal, "contacts")
    assert text.splitlines()[0] == "id,rev,created_at,updated_at,name,name_key,kind,company,address,notes"
    assert "'=HYPERLINK" in text and "'+1 555" in text
