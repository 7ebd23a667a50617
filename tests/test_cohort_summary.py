"""A participant's summary: what it counts from a journal, its shipped schema, and in words."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nextround.documents.cohort import document, summary
from nextround.documents.cohort.document import FORMAT, generate_schema, shipped_schema
from nextround.store import processes as process_store

TODAY = dt.date(2026, 3, 31)  # ISO week 2026-W14
PARTICIPANT = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def small(journal):
    """Two processes, each part of a journal a summary counts, with exact numbers."""
    acme = process_store.add_process(journal, "Acme", "Data engineer", outcome="rejected")
    screening = process_store.add_stage(journal, acme["id"], kind="Screening call")
    process_store.add_stage(journal, acme["id"], kind="Technical test")
    beta = process_store.add_process(journal, "Beta", "Analyst")  # in progress, no stage
    journal.add("preparations", process_id=acme["id"], company_research=3, examples=1)
    journal.add("preparations", process_id=beta["id"], company_research=2, examples=1,
                logistics=0)
    journal.add("reflections", stage_id=screening["id"],
                themes=["Communication", "A theme of my own"])
    journal.add("takeaways", process_id=acme["id"], position=0, text="Say I", theme="Communication")
    journal.add("feedback_points", process_id=acme["id"], text="x", themes=["Technical depth"],
                surprise=True)
    journal.add("feedback_points", process_id=acme["id"], text="y",
                themes=["Technical depth", "Their own word"], surprise=False)
    journal.add("feedback_points", process_id=acme["id"], text="z", themes=[])
    journal.add("reasons", process_id=acme["id"], text="r1", control="within my control")
    journal.add("reasons", process_id=acme["id"], text="r2", control="can't know")
    journal.add("reasons", process_id=acme["id"], text="r3", control=None)
    question = journal.add("questions", text="Why us?")
    journal.add("answer_versions", question_id=question["id"], situation="s", action="I did")
    journal.add("questions", text="No answer yet")
    journal.add("practice_reviews", question_id=question["id"], rating=3,
                reviewed_at="2026-03-30T09:00:00Z")
    journal.add("goals", title="g1")  # no status: active
    journal.add("goals", title="g2", status="done")
    journal.add("goals", title="g3", status="dropped")
    return journal


def test_a_summary_counts_processes_by_step_reached_and_outcome(small):
    doc = summary.build(small, PARTICIPANT, 1, TODAY)
    assert doc["counts"]["processes"] == [
        {"step": "Applied", "outcome": "in progress", "processes": 1},
        {"step": "Assessment", "outcome": "rejected", "processes": 1},
    ]


def test_a_summary_gives_each_preparation_area_to_the_nearest_half_level(small):
    prep = summary.build(small, PARTICIPANT, 1, TODAY)["counts"]["preparation"]
    assert prep["audited"] == 2
    assert prep["areas"] == {"company_research": 2.5, "role_requirements": None,
                             "interviewers": None, "examples": 1.0, "technical_practice": None,
                             "questions_to_ask": None, "logistics": 0.0}


def test_a_summary_counts_themes_on_both_sides_and_folds_words_outside_the_vocabulary(small):
    counts = summary.build(small, PARTICIPANT, 1, TODAY)["counts"]
    assert counts["themes"] == [
        {"theme": "Technical depth", "expected": 1, "surprise": 1, "unmarked": 0, "mine": 0},
        {"theme": "Communication", "expected": 0, "surprise": 0, "unmarked": 0, "mine": 2},
    ]
    assert counts["other_themes"] == {"expected": 1, "surprise": 0, "unmarked": 0, "mine": 1}
    assert counts["feedback_points"] == 2
    text = json.dumps(counts)
    assert "A theme of my own" not in text and "Their own word" not in text


def test_a_summary_counts_reasons_practice_and_goals(small):
    counts = summary.build(small, PARTICIPANT, 1, TODAY)["counts"]
    assert counts["reasons"] == {"within my control": 1, "outside my control": 0, "can't know": 1}
    assert counts["practice"] == {"questions": 2, "better_answers": 1, "reviews": 1}
    assert counts["goals"] == {"active": 1, "done": 1, "dropped": 1}


def test_a_summary_dates_no_finer_than_the_iso_week(small):
    doc = summary.build(small, PARTICIPANT, 3, TODAY)
    assert (doc["week"], doc["sequence"], doc["withdrawn"]) == ("2026-W14", 3, False)
    assert "2026-03" not in json.dumps(doc)


def test_an_outcome_the_states_do_not_know_is_counted_as_not_recorded(journal):
    journal.add("processes", company="Hand-edited", outcome="ghosted me <b>")
    counts = summary.build(journal, PARTICIPANT, 1, TODAY)["counts"]
    assert counts["processes"] == [{"step": "Applied", "outcome": "not recorded", "processes": 1}]


def test_an_empty_journal_gives_a_summary_of_zeros(journal):
    counts = summary.build(journal, PARTICIPANT, 1, TODAY)["counts"]
    assert counts["processes"] == [] and counts["themes"] == []
    assert counts["preparation"]["audited"] == 0
    assert set(counts["preparation"]["areas"].values()) == {None}


def test_a_withdrawal_carries_no_counts(journal):
    doc = summary.withdrawal(PARTICIPANT, 4, TODAY)
    assert doc == {"format": FORMAT, "format_version": 1, "participant": PARTICIPANT,
                   "sequence": 4, "week": "2026-W14", "withdrawn": True, "counts": None}


def test_the_shipped_schema_is_the_generated_one():
    assert shipped_schema() == generate_schema()


def _objects(schema: dict, where: str = "$"):
    """Every object schema inside `schema`, with where it is."""
    if schema.get("type") == "object" or "properties" in schema:
        yield where, schema
    for key in ("properties",):
        for name, sub in schema.get(key, {}).items():
            yield from _objects(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _objects(schema["items"], f"{where}[]")
    for option in schema.get("anyOf", []):
        yield from _objects(option, where)


def test_every_object_in_the_schema_names_all_its_keys():
    found = list(_objects(shipped_schema()))
    assert len(found) == 10  # the summary, its counts, and the eight objects inside them
    for where, schema in found:
        assert schema["additionalProperties"] is False, where
        assert set(schema["required"]) == set(schema["properties"]), where


def test_the_words_describe_every_part_of_a_summary(small):
    doc = summary.build(small, PARTICIPANT, 1, TODAY)
    sentences = summary.describe(doc)
    assert sentences[0] == ("2 interview processes: how far each got (Applied 1, Assessment 1) "
                            "and where it stands (in progress 1, rejected 1).")
    assert any("Technical depth 2" in s and "2 tagged points" in s for s in sentences)
    assert any("counted only as “other”" in s and "1 from interviewers, 1 of your own" in s
               for s in sentences)
    assert any(PARTICIPANT in s for s in sentences)
    assert sentences[-1] == "The week you shared: 2026-W14."


def test_a_summary_reads_back_as_itself(small):
    doc = summary.build(small, PARTICIPANT, 1, TODAY)
    assert document.parse(document.summary_text(doc).encode("utf-8")) == doc
