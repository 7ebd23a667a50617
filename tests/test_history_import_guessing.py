"""What NextRound understands of a file by itself: columns by their names in several
languages, known trackers' exports, statuses and stages, and dates in the usual forms."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.documents.history_import import propose, read_table
from nextround.documents.history_import.guessing import (
    date_order_evidence, guess_columns, guess_stage, guess_status, normalise, parse_date,
)


def table(text: str, name: str = "apps.csv"):
    return read_table(name, text.encode("utf-8"))


def test_headers_are_compared_without_case_accents_punctuation_or_camel_case():
    assert normalise(" Date_Applied ") == "date applied"
    assert normalise("dateApplied") == "date applied"
    assert normalise("Fecha de Aplicación") == "fecha de aplicacion"


@pytest.mark.parametrize("headers, expected", [
    (["Company", "Role", "Date applied", "Status"],
     {"company": "Company", "role": "Role", "applied_on": "Date applied", "status": "Status"}),
    (["Unternehmen", "Stelle", "Bewerbungsdatum", "Status", "Notizen"],
     {"company": "Unternehmen", "role": "Stelle", "applied_on": "Bewerbungsdatum",
      "status": "Status", "notes": "Notizen"}),
    (["Entreprise", "Poste", "Date de candidature", "Statut", "Ville"],
     {"company": "Entreprise", "role": "Poste", "applied_on": "Date de candidature",
      "status": "Statut", "location": "Ville"}),
    (["Empresa", "Puesto", "Fecha", "Estado", "Fuente"],
     {"company": "Empresa", "role": "Puesto", "applied_on": "Fecha", "status": "Estado",
      "applied_via": "Fuente"}),
    (["employer_name", "JobTitle", "applied_on", "Outcome", "Stage reached", "Recruiter"],
     {"company": "employer_name", "role": "JobTitle", "applied_on": "applied_on",
      "status": "Outcome", "stage": "Stage reached", "contact": "Recruiter"}),
])
def test_columns_are_guessed_from_their_names_in_several_languages(headers, expected):
    assert guess_columns(headers) == expected


def test_the_plainest_name_wins_when_two_columns_could_be_the_date():
    assert guess_columns(["Company", "Date", "Date applied"])["applied_on"] == "Date applied"


def test_unknown_columns_are_left_unmapped():
    assert guess_columns(["Company", "Salary", "Favourite colour"]) == {"company": "Company"}


@pytest.mark.parametrize("text, key", [
    ("Rejected", "rejected"), ("rejected", "rejected"), ("Absage", "rejected"),
    ("Rechazado", "rejected"), ("Refusé", "rejected"), ("Afgewezen", "rejected"),
    ("Ghosted", "no_reply"), ("No response", "no_reply"), ("Keine Antwort", "no_reply"),
    ("Interviewing", "interview"), ("Vorstellungsgespräch", "interview"),
    ("Entretien", "interview"), ("Offer", "offer"), ("Zusage", "offer"), ("Oferta", "offer"),
    ("Applied", "applied"), ("Beworben", "applied"), ("Withdrawn", "withdrew"),
    ("Zurückgezogen", "withdrew"), ("Wishlist", "left_out"), ("Final round", "final"),
    ("Phone screen", "screening"), ("Pending", "waiting"),
])
def test_statuses_are_understood_in_several_languages(text, key):
    assert guess_status(text) == key


def test_a_status_nobody_would_guess_stays_unknown():
    assert guess_status("Pending HR approval") is None
    assert guess_status("Declined") is None  # who declined? the person is asked


@pytest.mark.parametrize("text, step", [
    ("Screening call", "Screening"), ("Final interview", "Final"), ("Phone screen", "Screening"),
    ("Take-home task", "Assessment"), ("Onsite", "Interview"), ("2nd interview with the CTO",
                                                                 "Interview"),
    ("Final round (2026-01-20)", "Final"), ("Closed", "ignore"),
])
def test_stages_are_understood_by_how_far_they_got(text, step):
    assert guess_stage(text) == step


# ------------------------------------------------------------------------ known exports
def test_a_jobsync_export_is_recognised_without_questions():
    text = ("index,createdAt,applied,appliedDate,Company,JobTitle,jobType,workplaceType,"
            "Location,JobSource,Status\n"
            "1,2025-01-02,Yes,2025-01-03,Acme,Data engineer,Full Time,Remote,Berlin,Linkedin,"
            "Rejected\n"
            "2,2025-01-04,No,N/A,Beta,Analyst,Full Time,Remote,N/A,Indeed,Draft\n")
    mapping = propose(table(text, "jobs.csv"))
    assert mapping.export.name == "a JobSync export"
    assert mapping.columns == {"company": "Company", "role": "JobTitle",
                               "applied_on": "appliedDate", "status": "Status",
                               "applied_via": "JobSource", "location": "Location"}
    assert mapping.statuses == {"Rejected": "rejected", "Draft": "left_out"}


def test_a_reactive_resume_export_is_recognised_with_its_closed_reasons():
    header = ('"Company","Role","Stage","Stage Date","Application Date","Location","Salary",'
              '"Source","URL","Tags","Contacts","Notes","Closed Reason","Stage History",'
              '"Timeline","Created At","Updated At"\r\n')
    row = ('"Acme","Data engineer","closed","2026-02-01","2026-01-05","Berlin","","Referral","",'
           '"","Priya Shah (Recruiter)","\'=HYPERLINK(1)","withdrew",'
           '"Applied (2026-01-05) → Interview (2026-01-20) → Closed (2026-02-01)","",'
           '"2026-01-05T10:00:00.000Z","2026-02-01T10:00:00.000Z"\r\n')
    mapping = propose(table("\ufeff" + header + row, "applications.csv"))
    assert mapping.export.name == "a Reactive Resume export"
    assert mapping.statuses == {"closed · withdrew": "withdrew"}
    assert mapping.stages == {"Applied": "Applied", "Interview": "Interview", "Closed": "ignore"}


def test_a_huntr_export_is_recognised():
    text = ("id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,"
            "lastMovedAt,boardId,boardName,listId,listName,companyId,companyName,companyDomain\n"
            "62,2022-02-26 19:17:05,Software Engineer,-,-,-,-,-,-,-,-,61,Search,63,rejected,58,"
            "Yext,yext.com\n")
    mapping = propose(table(text, "huntr.csv"))
    assert mapping.export.name == "a Huntr export"
    assert mapping.columns["company"] == "companyName"
    assert mapping.statuses == {"rejected": "rejected"}


def test_nextrounds_own_csv_export_is_recognised():
    text = ("id,rev,created_at,updated_at,company,role,category,seniority,company_type,"
            "applied_via,applied_on,outcome,ended_on,notes,fit_note,imported_from\n"
            "1,1,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,Acme,DE,Data engineering,,,,"
            "2026-01-01,waiting,,'=SUM(1),,\n")
    mapping = propose(table(text, "processes.csv"))
    assert mapping.export.name == "NextRound's own processes.csv"
    assert mapping.statuses == {"waiting": "waiting"}


# ---------------------------------------------------------------------------------- dates
@pytest.mark.parametrize("value, order, expected", [
    ("2026-01-05", None, dt.date(2026, 1, 5)),
    ("2026/01/05", None, dt.date(2026, 1, 5)),
    ("2026-01-05T09:30:00.000Z", None, dt.date(2026, 1, 5)),
    ("2026-01-05 09:30", None, dt.date(2026, 1, 5)),
    ("31/01/2026", None, dt.date(2026, 1, 31)),
    ("01/31/2026", None, dt.date(2026, 1, 31)),
    ("03/04/2026", "day-first", dt.date(2026, 4, 3)),
    ("03/04/2026", "month-first", dt.date(2026, 3, 4)),
    ("03.04.2026 14:05", "day-first", dt.date(2026, 4, 3)),
    ("4/3/26 2:05 PM", "month-first", dt.date(2026, 4, 3)),
    ("5 Jan 2026", None, dt.date(2026, 1, 5)),
    ("January 5, 2026", None, dt.date(2026, 1, 5)),
    (dt.datetime(2026, 1, 5, 9, 30), None, dt.date(2026, 1, 5)),
    (46027, None, dt.date(2026, 1, 5)),  # an Excel serial date
    (46027.75, None, dt.date(2026, 1, 5)),
])
def test_dates_are_read_in_the_usual_forms(value, order, expected):
    assert parse_date(value, order) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "2026-02-30", "13/13/2026", "yesterday",
                                   "03/04/2026", "2026-1", "", True, -5, float("nan")])
def test_what_is_not_a_date_is_not_read_as_one(value):
    assert parse_date(value, None) is None


def test_which_order_a_date_proves():
    assert date_order_evidence("31/01/2026") == "day-first"
    assert date_order_evidence("01/31/2026") == "month-first"
    assert date_order_evidence("03/04/2026") == "either"
    assert date_order_evidence("04/04/2026") is None
    assert date_order_evidence("2026-01-05") is None
