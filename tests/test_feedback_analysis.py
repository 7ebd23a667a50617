"""Step 2 analysis (known answers) and charts (escaped labels, user text only as data)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from nextround.analysis import feedback as analysis
from nextround.charts import feedback as charts
from nextround.words import words


def requests_frame(rows):
    columns = ["id", "process_id", "person_name", "status", "sent_on", "answered_on"]
    return pd.DataFrame.from_records(rows, columns=columns)


PROCESSES = pd.DataFrame({"id": [1, 2], "company": ["<b>Acme</b>", "$5 Corp"],
                          "role": ["Data engineer", None]})

REQUESTS = requests_frame([
    (1, 1, "Priya", "answered", "2026-04-01", "2026-04-06"),
    (2, 1, "Tom", "declined", "2026-04-02", "2026-04-04"),
    (3, 2, "Ana", "answered", "2026-04-03", "2026-04-13"),
    (4, 2, "Jo", "sent", "2026-04-10", None),
    (5, 2, "Li", "no reply", "2026-03-01", None),
    (6, 2, None, "draft", None, None),
    (7, 1, "Sam", None, None, None),
])


def test_request_outcomes_count_every_status_in_order():
    outcomes = analysis.request_outcomes(REQUESTS)
    assert outcomes["status"].tolist() == ["draft", "sent", "followed up", "answered",
                                           "declined", "no reply"]
    assert outcomes["requests"].tolist() == [2, 1, 0, 2, 1, 1]


def test_response_rate_counts_replies_among_requests_sent():
    rate = analysis.response_rate(REQUESTS)
    assert rate == {"asked": 5, "answered": 2, "declined": 1, "replied": 3, "waiting": 1,
                    "no_reply": 1, "rate": 0.6}
    assert analysis.response_summary(rate) == (
        "You asked 5 people; 3 replied (60%), 2 with feedback. 1 still to hear from.")
    assert analysis.response_rate(REQUESTS.iloc[5:])["rate"] is None


def test_answer_times_in_days():
    times = analysis.answer_times(REQUESTS, PROCESSES)
    assert times[["request_id", "days"]].values.tolist() == [[2, 2], [1, 5], [3, 10]]
    assert times["company"].tolist() == ["<b>Acme</b>", "<b>Acme</b>", "$5 Corp"]
    assert analysis.answer_time_summary(times).startswith("3 replies; half came within 5 days")
    assert analysis.answer_times(REQUESTS.iloc[3:], PROCESSES).empty


POINTS = pd.DataFrame({
    "themes": [["Technical depth", "Communication"], ["Technical depth"], [],
               ["Another candidate"], ["Technical depth"]],
    "surprise": [True, False, None, None, True],
})


def test_theme_counts_split_expected_and_surprise():
    counts = analysis.theme_counts(POINTS)
    assert counts.to_dict("records") == [
        {"theme": "Technical depth", "expected": 1, "surprise": 2, "unmarked": 0, "total": 3},
        {"theme": "Communication", "expected": 0, "surprise": 1, "unmarked": 0, "total": 1},
        {"theme": "Another candidate", "expected": 0, "surprise": 0, "unmarked": 1, "total": 1},
    ]
    assert analysis.themes_summary(counts) == (
        "Most often named: technical depth (3). The biggest surprise: technical depth.")


REFLECTIONS = pd.DataFrame({"themes": [["Preparation and research", "Communication"],
                                       ["Preparation and research"], []]})
TAKEAWAYS = pd.DataFrame({"theme": ["Preparation and research", "Examples and evidence", None]})


def test_perception_gap_counts_and_shares():
    gap = analysis.perception_gap(REFLECTIONS, TAKEAWAYS, POINTS)
    assert gap["theme"].tolist() == ["Technical depth", "Examples and evidence", "Communication",
                                     "Preparation and research", "Another candidate"]
    assert gap["mine"].tolist() == [0, 1, 1, 3, 0]
    assert gap["theirs"].tolist() == [3, 0, 1, 0, 1]
    assert gap["mine_share"].tolist() == pytest.approx([0, 20, 20, 60, 0])
    assert gap["theirs_share"].tolist() == pytest.approx([60, 0, 20, 0, 20])


def test_perception_reading_in_plain_words():
    gap = analysis.perception_gap(REFLECTIONS, TAKEAWAYS, POINTS)
    reading = analysis.perception_reading(gap, 4)
    assert reading == (
        "You put the most weight on preparation and research (60% of what you named); "
        "interviewers on technical depth (60% of what they named). "
        "Interviewers named technical depth 3 times, and it is not among the themes you named. "
        "It may be a blind spot worth a closer look. "
        "You named preparation and research 3 times, but no interviewer mentioned it: you may "
        "be harder on yourself there than they were. "
        "Another candidate came up once: that is outside your control, not a verdict on you. "
        "With 4 tagged feedback points so far, read this as a hint, not a verdict.")


def test_the_reading_counts_in_words():
    gap = analysis.perception_gap(REFLECTIONS, TAKEAWAYS, POINTS)
    assert analysis.perception_reading(gap, 1).endswith(
        "With one tagged feedback point so far, read this as a hint, not a verdict.")


def test_perception_reading_when_both_sides_agree_and_when_one_is_missing():
    same = analysis.perception_gap(pd.DataFrame({"themes": [["Technical depth"]]}),
                                   pd.DataFrame({"theme": []}), POINTS)
    assert analysis.perception_reading(same, 10).startswith(
        "You and your interviewers both put technical depth first")
    empty_points = POINTS.iloc[0:0]
    gap = analysis.perception_gap(REFLECTIONS, TAKEAWAYS, empty_points)
    assert analysis.perception_reading(gap, 0) == words()["feedback"]["perception"]["too_little"]


def _json(fig) -> str:
    return json.dumps(fig)


def test_charts_escape_user_text_and_keep_it_out_of_templates():
    times = analysis.answer_times(REQUESTS, PROCESSES)
    fig = charts.answer_time_chart(times)
    text = _json(fig)
    assert "<b>Acme</b>" not in text and "&lt;b&gt;Acme&lt;/b&gt;" in text
    for trace in fig["data"]:
        assert "Acme" not in trace["hovertemplate"] and "Corp" not in trace["hovertemplate"]
    assert [t["name"] for t in fig["data"]] == ["With feedback", "Declined"]
    assert sum(len(t["x"]) for t in fig["data"]) == 3

    gap = analysis.perception_gap(REFLECTIONS, TAKEAWAYS, POINTS)
    fig = charts.perception_gap_chart(gap)
    assert [t["name"] for t in fig["data"]] == ["I named it", "Interviewers named it"]
    assert list(fig["data"][1]["x"]) == pytest.approx([60, 0, 20, 0, 20])

    counts = analysis.theme_counts(POINTS)
    fig = charts.themes_chart(counts)
    assert [t["name"] for t in fig["data"]] == ["Expected", "A surprise", "Not marked"]
    fig = charts.outcomes_chart(analysis.request_outcomes(REQUESTS))
    assert list(fig["data"][0]["x"]) == [2, 1, 0, 2, 1, 1]


def test_the_reply_time_chart_keeps_to_the_most_recent_replies():
    n = charts.LATEST_REPLIES + 12
    times = pd.DataFrame({
        "request_id": range(1, n + 1), "company": [f"Co {i}" for i in range(n)],
        "role": "", "person": "", "status": "answered",
        "sent_on": [f"2026-01-{1 + i % 28:02d}" if i < 28 else f"2026-02-{i - 27:02d}"
                    for i in range(n)],
        "days": [(i * 7) % 11 for i in range(n)]}).sort_values(["days", "request_id"])
    fig = charts.answer_time_chart(times)
    shown = [int(k[1:]) for t in fig["data"] for k in t["y"]]
    assert len(shown) == charts.LATEST_REPLIES
    assert set(shown) == set(range(13, n + 1))  # the oldest twelve requests are left out
    assert fig["layout"]["height"] == 60 + 34 * charts.LATEST_REPLIES  # a row for each reply shown
    small = times.head(5)
    assert sum(len(t["y"]) for t in charts.answer_time_chart(small)["data"]) == 5
