"""Axes of counts: whole-number ticks, but never one tick per count on a long axis.

A tick for each of 206 requests held the browser's main thread for seconds while Plotly
laid the labels out (measured on step 2 and My progress at 1,000 processes)."""

from __future__ import annotations

import pandas as pd
import pytest

from nextround.charts.feedback import outcomes_chart, themes_chart
from nextround.charts.fit import control_chart
from nextround.charts.style import count_axis
from nextround.rules.states import CONTROL, REQUEST_STATUSES


@pytest.mark.parametrize("most, dtick", [(0, 1), (3, 1), (10, 1), (11, None), (206, None),
                                         (None, 1), (float("nan"), 1)])
def test_count_axis_ticks_every_count_only_on_a_short_axis(most, dtick):
    axis = count_axis(most, title="Requests")
    assert axis.get("dtick") == dtick and axis["title"] == "Requests"
    assert axis["rangemode"] == "tozero"


def outcomes(counts):
    return pd.DataFrame({"status": list(REQUEST_STATUSES), "requests": counts})


def test_request_outcomes_chart_with_hundreds_of_requests_lets_plotly_space_the_ticks():
    few = outcomes([1, 2, 0, 3, 0, 1])
    many = outcomes([31, 78, 24, 206, 41, 128])
    assert outcomes_chart(few)["layout"]["xaxis"]["dtick"] == 1
    assert outcomes_chart(many)["layout"]["xaxis"].get("dtick") is None


def test_themes_and_control_charts_follow_the_largest_bar():
    counts = pd.DataFrame({"theme": ["Communication", "Depth"], "expected": [40, 2],
                           "surprise": [3, 0], "unmarked": [1, 0]})
    assert themes_chart(counts)["layout"]["xaxis"].get("dtick") is None
    assert themes_chart(counts.assign(expected=[4, 2]))["layout"]["xaxis"]["dtick"] == 1
    shares = pd.DataFrame({"process_id": [1, 2], "company": ["Acme", "Fjord"],
                           "role": ["Analyst", "Engineer"], "happened_on": ["2026-01-01"] * 2,
                           CONTROL[0]: [2, 9], CONTROL[1]: [1, 4], CONTROL[2]: [0, 1]})
    assert control_chart(shares)["layout"]["xaxis"].get("dtick") is None  # 14 reasons on one bar
    assert control_chart(shares.iloc[:1])["layout"]["xaxis"]["dtick"] == 1


def test_score_against_stage_charts_show_the_latest_processes_and_say_so():
    from nextround.charts.fit import fit_vs_stage_chart
    from nextround.charts.review import LATEST_POINTS, score_vs_stage_chart, showing_latest

    def points(n):
        return pd.DataFrame({"process_id": range(1, n + 1), "company": [f"Co {i}" for i in range(n)],
                             "role": ["Analyst"] * n, "score": [i % 101 for i in range(n)],
                             "reached": [i % 4 for i in range(n)]})

    few, many = points(12), points(LATEST_POINTS * 3)
    assert len(score_vs_stage_chart(few)["data"][0]["x"]) == 12 and showing_latest(few) == ""
    shown = score_vs_stage_chart(many)["data"][0]
    assert len(shown["x"]) == LATEST_POINTS
    # the most recently logged: the highest ids, whose labels travel with them
    assert set(shown["customdata"]) == {f"Co {i} — Analyst" for i in range(2 * LATEST_POINTS,
                                                                      3 * LATEST_POINTS)}
    assert len(fit_vs_stage_chart(many)["data"][0]["x"]) == LATEST_POINTS
    assert f"{LATEST_POINTS} most recently logged" in showing_latest(many)
