"""A chart is declared once: a spec added in a module of its own shows on its step's page, on
My progress and in the report, with no change anywhere else."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from chart_specs import coaching_with, words_from
from nextround import specs
from nextround.demo import write_demo
from nextround.documents.report import build_report
from nextround.specs import registry
from nextround.ui import kit
from nextround.ui.progress import MyProgress
from nextround.ui.review import ReviewAndReflect
from widget_tree import find, find_all

EXTRA_MODULE = '''
"""A chart a maintainer adds: how many stages each process has, in a module of its own."""

from nextround.specs import Context, Drawing, chart
from nextround.store import frames


@chart("review", "stages_per_process", tables={"stages"})
def stages_per_process(context: Context) -> Drawing:
    import plotly.graph_objects as go

    stages = frames.table(context.journal, "stages", ["process_id"])
    if stages.empty:
        return Drawing()
    counts = stages.groupby("process_id").size()
    return Drawing(go.Figure(go.Bar(x=counts.index.tolist(), y=counts.tolist())),
                   f"{len(stages)} stages in {len(counts)} processes.")
'''

EXTRA_WORDS = """
[charts.review.stages_per_process]
title = "Stages per process"
too_little = "Add stages to your processes and this fills in."
"""


@pytest.fixture
def extra_chart(tmp_path, monkeypatch):
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "more_charts.py").write_text(textwrap.dedent(EXTRA_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    with words_from(monkeypatch, coaching_with(tmp_path, EXTRA_WORDS)):
        importlib.import_module("more_charts")
        try:
            yield specs.get("review.stages_per_process")
        finally:
            registry.unregister("review.stages_per_process")
            sys.modules.pop("more_charts", None)


def test_a_new_spec_is_a_chart_of_its_step_after_the_step_s_own(extra_chart):
    assert [s.key for s in specs.for_step("review")] == [
        "review.profile", "review.funnel", "review.preparation_vs_stage",
        "review.stages_per_process"]
    assert extra_chart in specs.on_progress()


def test_a_new_spec_shows_on_its_step_page(journal, extra_chart):
    write_demo(journal)
    charts = ReviewAndReflect(journal).charts()
    panel = find(charts, kit.ChartPanel, title="Stages per process")
    assert panel.shown == "figure"
    stages = journal.count("stages")
    with_stages = len(journal.query("SELECT DISTINCT process_id FROM stages"))
    assert f">{stages} stages in {with_stages} processes.<" in panel.summary.value
    assert [p.title for p in find_all(charts, kit.ChartPanel)][-1] == "Stages per process"


def test_a_new_spec_shows_on_my_progress(journal, extra_chart):
    write_demo(journal)
    charts = MyProgress(journal).charts()
    panel = find(charts, kit.ChartPanel, title="Stages per process")
    assert panel.shown == "figure"
    assert len(find_all(charts, kit.ChartPanel)) == 14


def test_a_new_spec_is_in_the_report(journal, extra_chart):
    write_demo(journal)
    page = build_report(journal)
    assert "<figcaption><bdi" in page and "Stages per process</bdi></figcaption>" in page
    assert page.count('class="plot"') == 14


def test_on_an_empty_journal_the_new_chart_says_its_too_little_words(journal, extra_chart):
    panel = find(ReviewAndReflect(journal).charts(), kit.ChartPanel, title="Stages per process")
    assert (panel.shown, panel.view.message) == (
        "message", "Add stages to your processes and this fills in.")


def test_a_spec_of_an_unknown_step_or_declared_twice_is_refused(extra_chart):
    with pytest.raises(ValueError, match="no step 'reviw'"):
        registry.register(registry.ChartSpec("reviw", "x", frozenset(), lambda c: None))
    twin = registry.ChartSpec("review", "stages_per_process", frozenset(), lambda c: None)
    with pytest.raises(ValueError, match="review.stages_per_process is declared twice"):
        registry.register(twin)
