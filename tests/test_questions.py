"""Surprise questions and their better answers: every version kept, the newest shown."""

from __future__ import annotations

import pytest

from nextround.store import questions
from nextround.errors import ChangedElsewhere, JournalError


def test_a_question_needs_words(journal):
    with pytest.raises(JournalError):
        questions.add_question(journal, "   ")
    assert journal.count("questions") == 0


def test_three_edits_leave_three_versions_newest_shown(journal):
    q = questions.add_question(journal, "Tell me about a time you failed.", category="Behavioural")
    for n in (1, 2, 3):
        questions.save_answer(journal, q["id"], {"situation": f"Draft {n}", "action": "I …"})
    kept = questions.versions(journal, q["id"])
    assert [v["situation"] for v in kept] == ["Draft 3", "Draft 2", "Draft 1"]
    assert questions.latest_answer(journal, q["id"])["situation"] == "Draft 3"


def test_saving_into_a_version_updates_it_and_refuses_a_stale_edit(journal):
    q = questions.add_question(journal, "Why us?")
    version = questions.save_answer(journal, q["id"], {"situation": "first"})
    version = questions.save_answer(journal, q["id"], {"situation": "first, longer"},
                                    version=version)
    assert journal.count("answer_versions") == 1
    stale = dict(version, rev=version["rev"] - 1)
    with pytest.raises(ChangedElsewhere):
        questions.save_answer(journal, q["id"], {"situation": "lost race"}, version=stale)
    assert questions.latest_answer(journal, q["id"])["situation"] == "first, longer"


def test_answers_are_stored_exactly_as_typed(journal):
    q = questions.add_question(journal, "$80k–$95k? <script>alert(1)</script>")
    text = "مرحبا 👩‍💻 we shipped it\n\nthen I measured 40%"
    questions.save_answer(journal, q["id"], {"result": text})
    assert questions.latest_answer(journal, q["id"])["result"] == text
    assert journal.get("questions", q["id"])["text"] == "$80k–$95k? <script>alert(1)</script>"


def test_removing_a_question_removes_its_versions(journal):
    q = questions.add_question(journal, "Biggest weakness?")
    questions.save_answer(journal, q["id"], {"task": "x"})
    questions.remove_question(journal, journal.get("questions", q["id"]))
    assert journal.count("answer_versions") == 0


def test_blank_and_describe():
    assert questions.is_blank(None) and questions.is_blank({"situation": "  "})
    assert not questions.is_blank({"learned": "x"})
    long = {"text": "word " * 40, "category": "Curveball"}
    assert questions.describe(long).endswith("… (Curveball)")
