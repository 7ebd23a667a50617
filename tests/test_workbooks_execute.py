"""Every workbook runs top to bottom in a real kernel, on an empty and on the demo journal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nextround import Journal
from nextround.demo import write_demo

WORKBOOKS = sorted((Path(__file__).parents[1] / "workbooks").glob("*.ipynb"))
# Pages that draw no chart of their own.
PAGES_WITHOUT_CHARTS = {"00_start_here.ipynb", "04b_before_your_next_interview.ipynb"}
# The coach's page reads the summaries participants shared, never a journal; its charts are
# run on a drop box in tests/test_coach_workbook.py.
COACH_PAGES = {"coach_cohort.ipynb"}


PROGRESS = {
    "01_review_and_reflect.ipynb": ["My preparation profile", "How far my processes get",
                                    "Preparation against stage reached"],
    "02_ask_for_feedback.ipynb": ["What happened to my requests", "How long replies took",
                                  "What the feedback is about",
                                  "Perception gap: what I named beside what they named"],
    "03_its_not_personal.ipynb": ["What was in my control", "Where I progress",
                                  "Fit against stage reached"],
    "04_keep_learning.ipynb": ["My goals against their deadlines",
                               "Practice confidence over time", "Activity by week"],
}
# The charts each page draws on the demo journal: its step's charts (step 3 adds two of its
# own, next to their exercises); My progress gathers every step's.
DEMO_CHARTS = {**PROGRESS,
               "03_its_not_personal.ipynb": PROGRESS["03_its_not_personal.ipynb"] + [
                   "Fit by company", "How my processes match my target"],
               "05_my_progress.ipynb": [title for titles in PROGRESS.values() for title in titles]}

# Charts made while a workbook runs are drawn after the run (`kit.LaterCharts`); this last
# cell draws whatever still waits and reports every chart panel as drawn / failed.
CHART_REPORT = """
import json
from nextround.ui import kit
from nextround.ui.widget_internals import live_widgets
kit.later_charts.flush()
_panels = [w for w in live_widgets() if isinstance(w, kit.ChartPanel)]
print(json.dumps({"figures": sum(p.shown == "figure" for p in _panels),
                  "messages": sum(p.shown == "message" for p in _panels),
                  "drawn": sorted(p.title for p in _panels if p.shown == "figure"),
                  "pending": sum(p.shown == "pending" for p in _panels),
                  "failed": sum("could not be drawn" in p.view.message for p in _panels)}))
"""


def run(notebook: Path, data_dir: Path, monkeypatch, *, charts: bool = False) -> nbformat.NotebookNode:
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(data_dir))
    nb = nbformat.read(notebook, as_version=4)
    if charts:
        nb.cells.append(nbformat.v4.new_code_cell(CHART_REPORT))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return nb


def errors_in(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"{output['ename']}: {output['evalue']}")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(output["text"])
    return found


def test_there_are_workbooks():
    assert [w.name for w in WORKBOOKS] == [
        "00_start_here.ipynb", *PROGRESS, "04b_before_your_next_interview.ipynb",
        "05_my_progress.ipynb", "coach_cohort.ipynb"]


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_runs_on_an_empty_journal(notebook, tmp_path, monkeypatch):
    nb = run(notebook, tmp_path / "data", monkeypatch)
    assert errors_in(nb) == []
    widget_views = [o for c in nb.cells for o in c.get("outputs", [])
                    if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widget_views, "the workbook shows no widgets"
    journal_made = (tmp_path / "data" / "journal.sqlite3").exists()
    assert journal_made is (notebook.name not in COACH_PAGES)


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_runs_on_the_demo_journal(notebook, tmp_path, monkeypatch):
    journal = Journal.open(tmp_path / "data" / "journal.sqlite3", create=True)
    write_demo(journal)
    journal.close()
    nb = run(notebook, tmp_path / "data", monkeypatch, charts=True)
    assert errors_in(nb) == []
    charts = json.loads(nb.cells[-1].outputs[0]["text"])
    assert charts["pending"] == 0 and charts["failed"] == 0, charts
    if notebook.name in PAGES_WITHOUT_CHARTS | COACH_PAGES:
        assert charts["figures"] == 0 and charts["messages"] == 0, charts
    else:
        # The demo journal has enough of everything for every chart to be drawn.
        assert charts["messages"] == 0, charts
        assert charts["drawn"] == sorted(DEMO_CHARTS[notebook.name]), charts


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_is_committed_without_outputs(notebook):
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, notebook.name
