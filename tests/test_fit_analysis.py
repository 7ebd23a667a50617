"""Step 3 findings on hand-made journals whose answers are known."""

from __future__ import annotations

import math

import pytest

from nextround.store import fit, frames
from nextround.store import processes as store
from nextround.analysis import fit as analysis

FINAL = ["Screening call", "Technical interview", "Final interview"]
SCREEN_ONLY = ["Screening call"]


def log(journal, stages, outcome="rejected", **fields):
    process = store.add_process(journal, fields.pop("company", "Acme"), fields.pop("role", "Role"),
                                **fields)
    for kind in stages:
        store.add_stage(journal, process["id"], kind=kind)
    if outcome != "in progress":
        process = store.set_outcome(journal, process, outcome)
    return process


def data(journal):
    return frames.table(journal, "processes"), frames.reached(journal)


def by_dimension(found):
    return {f.dimension: f for f in found}


def test_three_of_four_reach_the_final_and_none_of_five_pass_screening(journal):
    for stages in (FINAL, FINAL, FINAL, SCREEN_ONLY):
        log(journal, stages, category="Data engineering")
    for _ in range(5):
        log(journal, SCREEN_ONLY, category="Data science / ML")
    found = by_dimension(analysis.findings(*data(journal)))
    category = found["category"]
    assert not category.held_back
    assert category.text == ("3 of 4 Data engineering processes reached the final stage; "
                             "0 of 5 Data science / ML processes passed screening.")
    assert category.numbers == [
        {"group": "Data engineering", "step": "Final", "milestone": "reached the final stage",
         "count": 3, "total": 4},
        {"group": "Data science / ML", "step": "Assessment", "milestone": "passed screening",
         "count": 0, "total": 5},
    ]
    # Nothing else was recorded: those dimensions hold back and say why.
    assert found["seniority"].held_back
    assert "none recorded" in found["seniority"].text


def test_too_little_data_holds_back_and_says_how_much_there_is(journal):
    log(journal, FINAL, category="Data engineering")
    log(journal, SCREEN_ONLY, category="Data engineering")
    log(journal, SCREEN_ONLY, "in progress", category="Data engineering")
    found = analysis.findings(*data(journal))
    assert len(found) == 1
    assert found[0].held_back and found[0].numbers == []
    assert "2 finished processes" in found[0].text and "at least 3" in found[0].text


def test_minimum_comes_from_the_coaching_words():
    assert analysis.min_processes() == 3


def test_groups_too_small_to_compare_are_named_with_their_sizes(journal):
    log(journal, FINAL, category="Analytics")
    log(journal, FINAL, category="Analytics")
    log(journal, SCREEN_ONLY, category="Design / UX")
    found = by_dimension(analysis.findings(*data(journal)))
    assert found["category"].held_back
    assert found["category"].text == ("No group has 3 or more processes yet (Analytics 2, "
                                      "Design / UX 1), so no finding.")


def test_one_group_big_enough_is_stated_alone(journal):
    for stages in (FINAL, SCREEN_ONLY, SCREEN_ONLY):
        log(journal, stages, seniority="Senior")
    log(journal, FINAL, seniority="Junior")
    finding = by_dimension(analysis.findings(*data(journal)))["seniority"]
    assert not finding.held_back
    # 1 of 3 reached the final, 1 of 3 an interview: not half, so the first milestone is stated.
    assert finding.text.startswith("1 of 3 Senior processes passed screening. ")
    assert "too few to compare" in finding.text


def test_similar_groups_say_there_is_no_clear_difference(journal):
    for _ in range(3):
        log(journal, FINAL, company_type="Start-up")
        log(journal, FINAL, company_type="Scale-up")
    finding = by_dimension(analysis.findings(*data(journal)))["company_type"]
    assert finding.text.startswith("No clear difference between the groups yet.")
    assert "3 of 3 Scale-up processes reached the final stage" in finding.text


def test_open_processes_count_only_for_steps_already_reached(journal):
    for stages in (FINAL, FINAL, SCREEN_ONLY):
        log(journal, stages, applied_via="Referral")
    log(journal, SCREEN_ONLY, "waiting", applied_via="Referral")   # may still get further
    log(journal, FINAL, "waiting", applied_via="Referral")         # already at the final
    processes, reached = data(journal)
    progress = analysis.progress_by(processes, reached, "applied_via").set_index("step")
    assert progress.loc["Final", "count"] == 3
    assert progress.loc["Final", "total"] == 4          # the open one at screening is left out
    assert progress.loc["Assessment", "total"] == 4
    assert progress.loc["Final", "finished"] == 3 and progress.loc["Final", "open"] == 2
    assert math.isclose(progress.loc["Final", "rate"], 0.75)


def test_processes_without_the_field_are_left_out(journal):
    log(journal, FINAL, category="Analytics")
    log(journal, FINAL)
    processes, reached = data(journal)
    progress = analysis.progress_by(processes, reached, "category")
    assert set(progress["group"]) == {"Analytics"}


def test_fit_scores_weigh_ratings_like_the_domain_rule(journal):
    a = log(journal, FINAL, company="A")
    b = log(journal, FINAL, company="B")
    growth = fit.add_value(journal, "Growth", 5)
    pay = fit.add_value(journal, "Pay", 1)
    fit.rate(journal, a["id"], growth["id"], 5)
    fit.rate(journal, a["id"], pay["id"], 1)
    fit.rate(journal, b["id"], growth["id"], 1)
    fit.rate(journal, b["id"], pay["id"], 5)
    scores = analysis.fit_scores(frames.table(journal, "work_values"),
                                 frames.table(journal, "fit_ratings")).set_index("process_id")
    # A: 5·4 / (5·4 + 1·4) = 20/24; B: 1·4 / 24.
    assert scores.loc[a["id"], "score"] == pytest.approx(83.3)
    assert scores.loc[b["id"], "score"] == pytest.approx(16.7)
    assert scores.loc[a["id"], "rated"] == 2
    for process in (a, b):
        assert fit.process_fit_score(journal, process["id"]) == scores.loc[process["id"], "score"]


def test_fit_against_stage_holds_back_with_too_few_rated(journal):
    a = log(journal, FINAL)
    value = fit.add_value(journal, "Growth")
    fit.rate(journal, a["id"], value["id"], 4)
    processes, reached = data(journal)
    scores = analysis.fit_scores(frames.table(journal, "work_values"),
                                 frames.table(journal, "fit_ratings"))
    points = analysis.fit_vs_stage(scores, reached, processes)
    assert len(points) == 1 and points.iloc[0]["reached_name"] == "Final"
    assert analysis.fit_vs_stage_summary(points).startswith("1 company rated so far")


def test_fit_against_stage_reports_the_direction(journal):
    value = fit.add_value(journal, "Growth")
    for stages, rating in ((SCREEN_ONLY, 1), (["Screening call", "Technical test"], 3), (FINAL, 5)):
        process = log(journal, stages)
        fit.rate(journal, process["id"], value["id"], rating)
    processes, reached = data(journal)
    scores = analysis.fit_scores(frames.table(journal, "work_values"),
                                 frames.table(journal, "fit_ratings"))
    summary = analysis.fit_vs_stage_summary(analysis.fit_vs_stage(scores, reached, processes))
    assert summary.startswith("Across 3 rated companies, you got further where the fit was better")


def test_control_shares_per_process_in_order(journal):
    from nextround.store import reasons

    first = log(journal, FINAL, company="First", applied_on="2026-01-05")
    second = log(journal, FINAL, company="Second", applied_on="2026-02-05")
    for control in ("within my control", "outside my control", "can't know", "outside my control"):
        reasons.sort_reason(journal, first["id"], f"r {control}", "own", control)
    reasons.sort_reason(journal, second["id"], "mine", "own", "within my control")
    reasons.sort_reason(journal, second["id"], "unsorted", "own", None)
    shares = analysis.control_shares(frames.table(journal, "reasons"),
                                     frames.table(journal, "processes"))
    assert shares["company"].tolist() == ["First", "Second"]
    assert shares["within my control"].tolist() == [1, 1]
    assert shares["outside my control"].tolist() == [2, 0]
    assert shares["total"].tolist() == [4, 1]
    assert shares["share_within"].tolist() == [0.25, 1.0]
    assert analysis.control_summary(shares) == (
        "Across 2 processes you sorted 5 reasons: 2 within your control (40%). The most recent: "
        "100% within your control, against 25% in the earliest.")


def test_target_scores_follow_target_match(journal):
    log(journal, FINAL, company="Match", category="Data engineering")
    log(journal, FINAL, company="Other", category="Analytics")
    journal.add("target_roles", category="Data engineering")
    scores = analysis.target_scores(frames.table(journal, "processes"),
                                    fit.target_context(journal)).set_index("company")
    assert scores.loc["Match", "score"] == 100
    assert scores.loc["Other", "score"] == 0
    assert analysis.target_summary(scores.reset_index()) == (
        "1 of 2 processes match your target at 75% or more; the average is 50%.")
