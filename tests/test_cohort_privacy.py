"""Nothing a person wrote leaves their journal in a summary: random text planted in every
free-text field of several journals (company names, themes and stage kinds included) is in
no summary and nowhere in the group's report, and no summary holds a key its schema does not
name."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from cohort_journals import fill
from reliability.conftest import fill_every_table, person_text_fields

from nextround.documents.cohort import document, reading, sharing
from nextround.documents.cohort.report import build_report
from nextround.store.journal import Journal

TODAY = dt.date(2026, 3, 31)
JOURNALS = 6


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Six journals with random text in every person's text field, and their summaries."""
    texts: set[str] = set()
    summaries = []

    def plant(_table: str, _field: str) -> str:
        text = f"pl{secrets.token_hex(6)}"
        texts.add(text)
        return text

    for n in range(JOURNALS):
        path = tmp_path_factory.mktemp(f"j{n}") / "journal.sqlite3"
        with Journal.open(path, create=True) as journal:
            fill(journal, n)  # something in every chart…
            fill_every_table(journal, plant, rows=2)  # …and planted text everywhere
            summaries.append(sharing.prepare(journal, TODAY))
    return texts, summaries


def test_text_is_planted_in_every_persons_field_and_company(planted):
    texts, _ = planted
    assert len(texts) == JOURNALS * 2 * len(person_text_fields())
    assert ("processes", "company") in person_text_fields()
    assert ("feedback_points", "themes") in person_text_fields()


def test_no_planted_text_is_in_any_summary(planted):
    texts, summaries = planted
    for prepared in summaries:
        shared = prepared.data.decode("utf-8")
        assert [t for t in texts if t in shared] == []
        # The words shown beside it hold nothing the person wrote either.
        assert [t for t in texts if t in " ".join(prepared.sentences())] == []


def test_planted_themes_are_counted_only_as_other(planted):
    _, summaries = planted
    for prepared in summaries:
        other = prepared.doc["counts"]["other_themes"]
        assert other["mine"] > 0 and other["expected"] + other["surprise"] + other["unmarked"] > 0


def test_no_planted_text_is_in_the_groups_report(planted):
    texts, summaries = planted
    group = reading.gather([(f"s{n}", p.doc) for n, p in enumerate(summaries)])
    page = build_report(group)
    assert group.people == JOURNALS
    assert 'id="nr-chart-0"' in page  # the charts are drawn: the text had its chance
    assert [t for t in texts if t in page] == []


def _keys_outside(value, schema, where="$"):
    """Every key of `value` its schema does not name, following the schema down."""
    if isinstance(value, dict):
        options = [schema, *schema.get("anyOf", [])]
        named = next((o for o in options if "properties" in o), None)
        assert named is not None, f"{where} is an object the schema does not describe"
        for key, inner in value.items():
            if key not in named["properties"]:
                yield f"{where}.{key}"
            else:
                yield from _keys_outside(inner, named["properties"][key], f"{where}.{key}")
    elif isinstance(value, list):
        items = schema.get("items", {})
        for i, inner in enumerate(value):
            yield from _keys_outside(inner, items, f"{where}[{i}]")


def test_no_summary_holds_a_key_its_schema_does_not_name(planted):
    _, summaries = planted
    schema = document.shipped_schema()
    for prepared in summaries:
        assert list(_keys_outside(prepared.doc, schema)) == []
        assert document.parse(prepared.data) == prepared.doc


def test_the_key_check_finds_a_key_the_schema_does_not_name(planted):
    _, summaries = planted
    doc = summaries[0].doc
    leaked = {**doc, "counts": {**doc["counts"], "company": "Acme"}}
    assert list(_keys_outside(leaked, document.shipped_schema())) == ["$.counts.company"]


def test_words_outside_the_vocabulary_in_a_hand_made_summary_never_reach_the_view(planted):
    import copy

    _, summaries = planted
    hostile = "<script>alert(1)</script> Priya at Acme"
    docs = []
    for n, prepared in enumerate(summaries):
        doc = copy.deepcopy(prepared.doc)
        doc["counts"]["themes"].append({"theme": hostile, "expected": 3, "surprise": 0,
                                        "unmarked": 0, "mine": 2})
        docs.append((f"s{n}", document.check(doc)))  # a theme is any short word to the schema
    page = build_report(reading.gather(docs))
    assert "Priya" not in page and "alert(1)" not in page
    assert "Other" in page  # counted, under "other", its words left behind
