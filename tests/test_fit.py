"""Work values, fit ratings, the weighted fit score, and how a process matches the target."""

from __future__ import annotations

import pytest

from nextround.store import fit
from nextround.store import processes as store
from nextround.errors import ChangedElsewhere, JournalError
from nextround.rules import fit as fit_rules


def values(*weights):
    return [{"id": i + 1, "weight": w} for i, w in enumerate(weights)]


@pytest.mark.parametrize("weights, ratings, expected", [
    ((3,), {1: 5}, 100.0),
    ((3,), {1: 1}, 0.0),
    ((3,), {1: 3}, 50.0),
    ((1, 1), {1: 5, 2: 1}, 50.0),
    # The heavier value counts more: 5·(5−1) + 1·(1−1) over (5 + 1)·4.
    ((5, 1), {1: 5, 2: 1}, 83.3),
    ((5, 1), {1: 1, 2: 5}, 16.7),
    # Unrated values do not count for or against.
    ((5, 2, 4), {2: 4}, 75.0),
    ((5, 2, 4), {1: None, 2: 4}, 75.0),
    ((4, 2), {1: 4, 2: 2}, 58.3),
])
def test_fit_score_weighs_each_rating(weights, ratings, expected):
    assert fit_rules.fit_score(values(*weights), ratings) == pytest.approx(expected)


def test_fit_score_is_none_when_nothing_is_rated():
    assert fit_rules.fit_score(values(3, 3), {}) is None
    assert fit_rules.fit_score([], {1: 5}) is None


def test_values_keep_their_order_and_refuse_duplicates(journal):
    fit.add_value(journal, "Learning and growth", 5)
    fit.add_value(journal, "مرونة 🌍 $remote$")
    assert [v["name"] for v in fit.work_values(journal)] == ["Learning and growth",
                                                           "مرونة 🌍 $remote$"]
    assert [v["weight"] for v in fit.work_values(journal)] == [5, 3]
    with pytest.raises(JournalError, match="already"):
        fit.add_value(journal, " learning AND growth ")
    with pytest.raises(JournalError):
        fit.add_value(journal, "   ")
    with pytest.raises(JournalError, match="1 to 5"):
        fit.add_value(journal, "Pay", 6)
    assert "Learning and growth" not in fit.suggestions(journal)
    assert "Autonomy" in fit.suggestions(journal)


def test_rating_is_kept_per_company_and_value_and_guarded_by_revision(journal):
    process = store.add_process(journal, "Acme")
    value = fit.add_value(journal, "Pay")
    first = fit.rate(journal, process["id"], value["id"], 4)
    with pytest.raises(ChangedElsewhere):   # another tab rated it meanwhile
        fit.rate(journal, process["id"], value["id"], 2, rev=None)
    second = fit.rate(journal, process["id"], value["id"], 2, rev=first["rev"])
    assert second["id"] == first["id"] and second["rating"] == 2
    with pytest.raises(JournalError):
        fit.rate(journal, process["id"], value["id"], 0, rev=second["rev"])
    assert fit.process_fit_score(journal, process["id"]) == 25.0


def test_removing_a_value_removes_its_ratings(journal):
    process = store.add_process(journal, "Acme")
    value = fit.add_value(journal, "Pay")
    fit.rate(journal, process["id"], value["id"], 4)
    fit.remove_value(journal, fit.work_values(journal)[0])
    assert journal.count("fit_ratings") == 0


# ------------------------------------------------------------------------ target match
def test_no_target_means_no_score(journal):
    process = store.add_process(journal, "Acme", "Data engineer")
    match = fit_rules.target_match(fit.target_context(journal), process)
    assert match.score is None and match.label == ""
    assert "Describe your target role" in match.explanation


def test_structured_fields_and_role_title(journal):
    journal.add("target_roles", role="Data engineer", category="Data engineering",
                seniority="Mid-level", company_type="Scale-up")
    exact = store.add_process(journal, "A", "Senior Data Engineer", category="Data engineering",
                              seniority="Mid-level", company_type="Scale-up")
    half = store.add_process(journal, "B", "Data scientist", category="Data engineering",
                             seniority="Senior", company_type="Scale-up")
    unknown = store.add_process(journal, "C", "")
    assert fit_rules.target_match(fit.target_context(journal), exact).score == 100
    match = fit_rules.target_match(fit.target_context(journal), half)
    # category and company type match; seniority and the role title ("engineer") do not.
    assert match.score == 50
    assert "seniority Senior (target: Mid-level)" in match.missed
    assert match.label == "target match 50%"
    nothing = fit_rules.target_match(fit.target_context(journal), unknown)
    assert nothing.score is None
    assert "role category not recorded" in nothing.unknown
    assert "Not enough is known" in nothing.explanation


def test_must_haves_from_values_use_the_ratings(journal):
    growth = fit.add_value(journal, "Learning and growth", 5)
    journal.add("target_roles", must_haves=["learning and growth", "Python stack"])
    good = store.add_process(journal, "Good", notes="A python  stack, mostly.")
    poor = store.add_process(journal, "Poor")
    middling = store.add_process(journal, "Middling")
    fit.rate(journal, good["id"], growth["id"], 4)
    fit.rate(journal, poor["id"], growth["id"], 2)
    fit.rate(journal, middling["id"], growth["id"], 3)
    assert fit_rules.target_match(fit.target_context(journal), good).score == 100
    poor_match = fit_rules.target_match(fit.target_context(journal), poor)
    assert poor_match.score == 0
    assert poor_match.missed == ["must-have “learning and growth” (rated 2 of 5)"]
    assert "must-have “Python stack” (not in your notes)" in poor_match.unknown
    # A 3 says neither yes nor no, and nothing else can be judged.
    assert fit_rules.target_match(fit.target_context(journal), middling).score is None


def test_a_deal_breaker_in_the_notes_caps_the_score(journal):
    journal.add("target_roles", category="Data engineering",
                deal_breakers=["on-call every week"])
    flagged = store.add_process(journal, "A", category="Data engineering",
                                notes="Great team. On-call every  week though.")
    near_miss = store.add_process(journal, "B", category="Data engineering",
                                  notes="No on-call; calls every week with the client.")
    match = fit_rules.target_match(fit.target_context(journal), flagged)
    assert match.score == 25
    assert match.flags == ["your notes mention “on-call every week”, one of your deal-breakers"]
    assert match.label == "target match 25% ⚠"
    assert match.explanation.startswith("Check: your notes mention")
    assert fit_rules.target_match(fit.target_context(journal), near_miss).score == 100
