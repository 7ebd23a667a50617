"""Every chart is plain Plotly JSON, built without plotly's Python objects, and valid all the
same: plotly's own schema checks each one here, since the pages no longer pay for it."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from messy_journal import NOW, build
from nextround import specs
from nextround.charts.plotly_json import figure_json, plain
from nextround.charts.style import BASE_LAYOUT, figure, trace
from nextround.demo import write_demo
from nextround.specs.registry import COHORT
from nextround.store import processes as process_store
from test_cohort_charts import cohort_of

TODAY = NOW.astimezone().date()


def titles(value, where="figure"):
    """Every `title` in a figure, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "title":
                yield where, item
            yield from titles(item, f"{where}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from titles(item, f"{where}[{n}]")


def drawn_figures(context) -> dict[str, dict]:
    out = {}
    for spec in specs.every():
        if (spec.step == COHORT) != (context.cohort is not None):
            continue
        drawing = spec.drawing(context)
        if drawing.figure is not None:
            out[spec.key] = figure_json(drawing.figure)
    return out


def check(figures: dict[str, dict]) -> None:
    for key, spec in figures.items():
        assert isinstance(spec["layout"]["template"], dict), key
        # strict JSON: no NaN, no Infinity, nothing json cannot write
        text = json.dumps(spec, allow_nan=False)
        assert json.loads(text) == spec, key
        # plotly's schema: an unknown property or a bad value raises
        go.Figure({"data": spec["data"], "layout": spec["layout"]})
        for where, title in titles(spec):
            assert isinstance(title, dict), (key, where, title)  # a bare string is not drawn


def test_every_step_chart_of_the_demo_journal_is_valid_plotly(journal):
    write_demo(journal, TODAY)
    figures = drawn_figures(specs.Context(journal, process_store.current_process_id(journal),
                                          TODAY))
    assert sorted(figures) == sorted(s.key for s in specs.every() if s.step != COHORT)
    check(figures)


def test_every_step_chart_of_a_messy_journal_is_valid_plotly(journal):
    build(journal, processes=120, seed=3)
    audited = journal.query("SELECT process_id FROM preparations ORDER BY process_id LIMIT 1")
    context = specs.Context(journal, audited[0]["process_id"], TODAY)
    figures = drawn_figures(context)
    # every chart but the target role's match: the messy journal describes no target role
    assert sorted(figures) == sorted(s.key for s in specs.every()
                                     if s.step != COHORT and s.key != "fit.target")
    check(figures)


def test_every_cohort_chart_is_valid_plotly():
    figures = drawn_figures(specs.Context(None, today=TODAY, cohort=cohort_of(6)))
    assert sorted(figures) == sorted(s.key for s in specs.every() if s.step == COHORT)
    check(figures)


def test_drawing_every_chart_imports_no_plotly(tmp_path):
    """A page's kernel draws its charts without plotly's Python package."""
    script = f"""
import sys, datetime as dt
from nextround.store.journal import Journal
from nextround.demo import write_demo
from nextround import specs
from nextround.charts.plotly_json import figure_json
journal = Journal.open({str(tmp_path / "j.sqlite3")!r}, create=True)
write_demo(journal, dt.date(2026, 3, 11))
drawn = 0
for spec in specs.every():
    if spec.step != "cohort":
        figure = spec.drawing(specs.Context(journal, 1, dt.date(2026, 3, 11))).figure
        drawn += figure is not None and bool(figure_json(figure)["data"])
print(drawn, sorted(m for m in sys.modules if m.split(".")[0] in ("plotly", "_plotly_utils")))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split(maxsplit=1)[1].strip() == "[]"
    assert int(out.stdout.split()[0]) == len([s for s in specs.every() if s.step != COHORT])


def test_plain_makes_pandas_and_numpy_values_json():
    series = pd.Series([1.5, np.nan, 3.0])
    assert plain(series) == [1.5, None, 3.0]
    assert plain(pd.Series([1, 2], dtype="int64")) == [1, 2]
    assert plain(pd.Series([1, None], dtype="Int64")) == [1, None]
    assert plain(np.array([True, False])) == [True, False]
    assert plain(np.int64(7)) == 7 and type(plain(np.int64(7))) is int
    assert plain(np.float64("inf")) is None and plain(-math.inf) is None
    assert plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(pd.Timestamp("2026-03-11 09:30")) == "2026-03-11T09:30:00"
    assert plain(dt.date(2026, 3, 11)) == "2026-03-11"
    assert plain(pd.Series(pd.to_datetime(["2026-03-09", None]))) == ["2026-03-09T00:00:00",
                                                                        None]
    assert plain(np.array(["2026-03-09", "NaT"], dtype="datetime64[ns]")) == [
        "2026-03-09T00:00:00", None]
    assert plain(pd.Index(["a", "b"])) == ["a", "b"]
    assert plain({"customdata": [("Acme", np.int64(3))], 1: (2,)}) == {
        "customdata": [["Acme", 3]], "1": [2]}
    assert plain("=SUM(A1) $80k <script>") == "=SUM(A1) $80k <script>"


def test_plain_refuses_what_plotly_cannot_draw():
    with pytest.raises(TypeError, match="a chart value Plotly cannot draw: object"):
        plain({"x": [object()]})


def test_a_figure_starts_from_the_look_and_changes_only_itself():
    before = json.dumps(BASE_LAYOUT, sort_keys=True)
    fig = figure(margin=dict(l=110), xaxis=dict(title="Days"), yaxis=dict(title=None),
                 hoverlabel=dict(bgcolor="white"))
    fig["layout"]["margin"]["r"] = 99
    fig["layout"]["hoverlabel"]["font"]["size"] = 20
    assert json.dumps(BASE_LAYOUT, sort_keys=True) == before
    assert fig["layout"]["margin"] == {"l": 110, "r": 99, "t": 40, "b": 40}
    assert fig["layout"]["xaxis"] == {"title": {"text": "Days"}}
    assert fig["layout"]["yaxis"] == {}
    assert fig["layout"]["hoverlabel"] == {"font": {"size": 20}, "bgcolor": "white"}
    assert trace("bar", x=pd.Series([1, 2]), marker=dict(color="#fff")) == {
        "type": "bar", "x": [1, 2], "marker": {"color": "#fff"}}


def test_figure_json_copies_a_plain_figure_and_still_takes_plotly_s_own():
    fig = figure(height=300)
    fig["data"].append(trace("bar", x=[1]))
    spec = figure_json(fig)
    spec["data"][0]["x"].append(2)
    assert fig["data"][0]["x"] == [1]
    assert spec["layout"]["height"] == 300 and spec["config"]["displaylogo"] is False
    own = figure_json(go.Figure(go.Bar(x=np.array([1, 2]))), height=250)
    assert own["data"][0]["type"] == "bar" and own["layout"]["height"] == 250
