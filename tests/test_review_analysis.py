"""Step 1 analysis on hand-made journals with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from nextround.store import frames, processes
from nextround.analysis import review as analysis
from nextround.charts import review as charts
from nextround.rules.preparation import preparation_score


def make(journal, company, kinds, outcome=None, ratings=None):
    process = processes.add_process(journal, company)
    for kind in kinds:
        processes.add_stage(journal, process["id"], kind=kind)
    if outcome:
        process = processes.set_outcome(journal, journal.get("processes", process["id"]), outcome)
    if ratings is not None:
        fields = [f for f, _ in analysis.preparation_areas()]
        journal.add("preparations", process_id=process["id"], **dict(zip(fields, ratings)))
    return process


def reached_of(journal):
    return frames.reached(journal)


def test_a_process_reached_its_furthest_stage(journal):
    make(journal, "A", [])
    make(journal, "B", ["Screening call"])
    make(journal, "C", ["Screening call", "Technical test", "Final interview"])
    make(journal, "D", ["Final interview", "Screening call"])  # order of logging does not matter
    make(journal, "E", ["Screening call"], outcome="offer")
    make(journal, "F", ["Something unusual"])  # unknown kinds count as an interview
    reached = reached_of(journal)
    assert reached["reached_name"].tolist() == [
        "Applied", "Screening", "Final", "Final", "Offer", "Interview"]


def test_funnel_counts_at_least_as_far(journal):
    make(journal, "A", ["Screening call"])
    make(journal, "B", ["Screening call", "Technical interview"])
    make(journal, "C", ["Screening call", "Technical interview", "Final interview"])
    counts = analysis.funnel_counts(reached_of(journal))
    assert dict(zip(counts["step"], counts["processes"])) == {
        "Applied": 3, "Screening": 3, "Assessment": 2, "Interview": 2, "Final": 1, "Offer": 0}
    summary = analysis.funnel_summary(counts)
    assert "Of 3 processes, 1 reached final" in summary
    assert "screening to assessment (3 → 2)" in summary


def test_funnel_summary_is_kind_with_little_data(journal):
    make(journal, "A", ["Screening call"])
    summary = analysis.funnel_summary(analysis.funnel_counts(reached_of(journal)))
    assert summary == "1 process logged so far — the funnel says more once you have three or more."
    empty = analysis.funnel_counts(pd.DataFrame({"reached": pd.Series([], dtype="int64")}))
    assert analysis.funnel_summary(empty) == "Log your first process to start your funnel."


def test_preparation_score_is_mean_of_rated_areas(journal):
    assert preparation_score(None) is None
    assert preparation_score({"company_research": 3, "examples": 0}) == 50
    assert preparation_score({"company_research": 3, "logistics": 3}) == 100
    make(journal, "A", [], ratings=[3, 3, 3, 3, 3, 3, 3])
    make(journal, "B", [], ratings=[0, 1, None, None, None, None, 2])
    scores = analysis.preparation_scores(frames.table(journal, "preparations"))
    assert scores["score"].tolist() == [100, 33]
    assert scores["rated"].tolist() == [7, 3]


def test_profile_compares_with_own_average(journal):
    a = make(journal, "A", [], ratings=[3, 0, 0, 0, 0, 0, 0])
    make(journal, "B", [], ratings=[1, 2, 2, 2, 2, 2, 2])
    make(journal, "C", [], ratings=[3, 2, 2, 2, 2, 2, 2])
    preps = frames.table(journal, "preparations")
    profile = analysis.preparation_profile(preps, a["id"])
    assert profile["this"].tolist() == [3, 0, 0, 0, 0, 0, 0]
    assert profile["average"].tolist() == [2, 2, 2, 2, 2, 2, 2]
    summary = analysis.profile_summary(profile, others=2)
    assert summary.startswith("Strongest: company research.")
    assert "lighter this time" in summary


def test_score_against_stage_reads_the_direction(journal):
    make(journal, "A", ["Screening call"], ratings=[0] * 7)
    make(journal, "B", ["Screening call", "Technical interview"], ratings=[1] * 7)
    make(journal, "C", ["Screening call", "Final interview"], ratings=[3] * 7)
    data = frames.tables(journal, "processes", "stages", "preparations")
    points = analysis.score_vs_stage(analysis.preparation_scores(data["preparations"]),
                                     reached_of(journal), data["processes"])
    assert len(points) == 3
    assert "better prepared you were, the further" in analysis.score_vs_stage_summary(points)
    assert analysis.score_vs_stage_summary(points.head(2)) == (
        "Audit your preparation for three or more processes to see whether preparing more "
        "takes you further.")


def test_charts_escape_user_text(journal):
    make(journal, "<b>Acme</b> %{y} $x$", ["Screening call"], ratings=[2] * 7)
    data = frames.tables(journal, "processes", "stages", "preparations")
    points = analysis.score_vs_stage(analysis.preparation_scores(data["preparations"]),
                                     reached_of(journal), data["processes"])
    fig = charts.score_vs_stage_chart(points)
    label = fig["data"][0]["customdata"][0]
    assert "<b>" not in label and "&lt;b&gt;Acme&lt;/b&gt;" in label
    assert fig["data"][0]["hovertemplate"] == "%{customdata}<br>score %{x:.0f}<extra></extra>"
