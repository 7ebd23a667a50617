"""Every workbook runs top to bottom in a real kernel, on an empty and on the demo journal."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nextround import Journal
from nextround.demo import write_demo

WORKBOOKS = sorted((Path(__file__).parents[1] / "workbooks").glob("*.ipynb"))


def run(notebook: Path, data_dir: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(data_dir))
    nb = nbformat.read(notebook, as_version=4)
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
    assert any(w.name.startswith("01_") for w in WORKBOOKS)


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_runs_on_an_empty_journal(notebook, tmp_path, monkeypatch):
    nb = run(notebook, tmp_path / "data", monkeypatch)
    assert errors_in(nb) == []
    widget_views = [o for c in nb.cells for o in c.get("outputs", [])
                    if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widget_views, "the workbook shows no widgets"
    assert (tmp_path / "data" / "journal.sqlite3").exists()


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_runs_on_the_demo_journal(notebook, tmp_path, monkeypatch):
    journal = Journal.open(tmp_path / "data" / "journal.sqlite3", create=True)
    write_demo(journal)
    journal.close()
    nb = run(notebook, tmp_path / "data", monkeypatch)
    assert errors_in(nb) == []


@pytest.mark.parametrize("notebook", WORKBOOKS, ids=[w.stem for w in WORKBOOKS])
def test_workbook_is_committed_without_outputs(notebook):
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, notebook.name
