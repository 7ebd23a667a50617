"""Step 3 charts: user text only as escaped labels or customdata, and readable with many processes."""

from __future__ import annotations

import pandas as pd

from nextround.charts import fit as charts

HOSTILE = "<b>Acme</b> %{x} $5k$"


def shares(n):
    return pd.DataFrame({
        "process_id": range(1, n + 1), "within my control": [1] * n,
        "outside my control": [2] * n, "can't know": [0] * n, "total": [3] * n,
        "share_within": [1 / 3] * n, "company": [HOSTILE] + [f"C{i}" for i in range(2, n + 1)],
        "role": [""] * n, "applied_on": [f"2026-01-{1 + i % 28:02d}" for i in range(n)],
    })


def test_user_text_is_escaped_and_kept_out_of_templates():
    fig = charts.control_chart(shares(2))
    for trace in fig["data"]:
        assert "Acme" not in trace["hovertemplate"]
        label = trace["y"][0]
        assert label.startswith("&lt;b&gt;Acme&lt;/b&gt;") and "<b>" not in label


def test_bar_charts_show_the_latest_processes_only():
    fig = charts.control_chart(shares(45))
    assert len(fig["data"][0]["y"]) == charts.LATEST
    scores = shares(45).assign(score=50.0, rated=3)
    assert len(charts.fit_chart(scores)["data"][0]["y"]) == charts.LATEST
    assert len(charts.fit_chart(scores.head(5))["data"][0]["y"]) == 5


def test_two_processes_at_one_company_get_two_bars():
    data = shares(2).assign(company=["Same", "Same"], score=[40.0, 60.0], rated=[1, 1])
    labels = charts.fit_chart(data)["data"][0]["y"]
    assert len(set(labels)) == 2
