"""Mapping files: what NextRound understood of a file, saved, edited and given back, checked
like a backup before it is used."""

from __future__ import annotations

import json

import pytest

from nextround.documents.history_import import (
    ImportFileError, Mapping, apply_mapping, check, mapping_text, parse_mapping, propose,
    read_table,
)

TEXT = "Employer,Position,Result\nAcme,DE,Pending HR\nBeta,DE,Rejected\n"


def table():
    return read_table("jobs.csv", TEXT.encode())


def document(**changes) -> bytes:
    doc = {"format": "nextround-import-mapping", "format_version": 1,
           "columns": {"company": "Employer", "role": "Position", "status": "Result"},
           "statuses": {"Pending HR": "waiting"}, "stages": {}, "dates": None}
    doc.update(changes)
    return json.dumps(doc).encode()


def refused(data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse_mapping("mine.json", data)
    return str(caught.value)


def test_a_saved_mapping_reads_back_the_same():
    mapping = propose(table())
    mapping.statuses["Pending HR"] = "waiting"
    mapping.dates = "day-first"
    again = parse_mapping("m.json", mapping_text(mapping).encode())
    assert (again.columns, again.statuses, again.stages, again.dates) == (
        mapping.columns, mapping.statuses, mapping.stages, mapping.dates)


def test_a_given_mapping_is_used_and_the_rest_is_guessed():
    mapping = apply_mapping(table(), parse_mapping("m.json", document()))
    assert mapping.statuses == {"Pending HR": "waiting", "Rejected": "rejected"}
    assert check(table(), mapping).ok


def test_a_mapping_naming_a_column_the_file_lacks_is_refused():
    given = Mapping(columns={"company": "Company"})
    with pytest.raises(ImportFileError) as caught:
        apply_mapping(table(), given)
    assert str(caught.value) == (
        "The mapping names the column 'Company', which this file does not have.")


@pytest.mark.parametrize("data, message", [
    (b"{not json", "it is not valid JSON (line 1, column 2: Expecting property name enclosed "
                   "in double quotes)"),
    (b'{"format": "nextround-import-mapping", "format": "x"}', "the field 'format' appears twice"),
    (document(format="something else"), "format: 'nextround-import-mapping' was expected"),
    (document(format_version=2), "it was written by a newer NextRound (mapping format 2; this "
                                 "version reads 1): upgrade NextRound"),
    (document(colour="blue"), "colour is not a field a mapping has"),
    (document(columns={"salary": "Employer"}), "columns names \"salary\", which is not one of "
     "company, role, applied_on, status, status_detail, stage, applied_via, location, notes, "
     "contact, category, seniority, company_type, ended_on"),
    (document(stages={"Onsite": "Lunch"}), "stages.Onsite must be one of Applied, Screening, "
     "Assessment, Interview, Final, Offer, ignore (or null), not \"Lunch\""),
    (document(dates="sideways"), "dates must be one of day-first, month-first (or null), not "
                                 "\"sideways\""),
    (b" " * (1024 * 1024 + 1), "it is larger than 1024 KiB"),
])
def test_a_bad_mapping_file_is_refused_naming_what_is_wrong(data, message):
    assert refused(data) == f"The mapping mine.json cannot be used: {message}."
