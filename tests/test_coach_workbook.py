"""The coach's workbook runs top to bottom in a real kernel on a drop box of five people's
summaries and draws every chart of the group, without making a journal."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from cohort_journals import fill

from nextround.documents.cohort import drop_box, summary
from nextround.documents.cohort.document import summary_text
from nextround.specs import for_step
from nextround.store.journal import Journal

NOTEBOOK = Path(__file__).parents[1] / "workbooks" / "coach_cohort.ipynb"
TODAY = dt.date(2026, 3, 31)

PANEL_REPORT = """
import json
import ipywidgets
from nextround.ui import kit
from nextround.ui.cohort import CohortPanel
kit.later_charts.flush()
_panels = [w for w in ipywidgets.widgets.widget._instances.values() if isinstance(w, CohortPanel)]
print(json.dumps({"shown": sorted(p.shown for p in _panels), "people": page.reading.people,
                  "counted": page._shown["sources"].counted.value}))
"""


def errors_in(nb) -> list[str]:
    """Errors and anything written to stderr, cell by cell."""
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    return ([f"{o['ename']}: {o['evalue']}" for o in outputs if o.get("output_type") == "error"]
            + [o["text"] for o in outputs
               if o.get("output_type") == "stream" and o.get("name") == "stderr"])


def group_box(folder: Path, people: int) -> Path:
    box = folder / "box"
    box.mkdir()
    os.chmod(box, 0o3733)
    for n in range(people):
        with Journal.open(folder / f"j{n}" / "journal.sqlite3", create=True) as journal:
            fill(journal, n)
            doc = summary.build(journal, f"{n + 1:032x}", 1, TODAY)
        drop_box.add(box, summary_text(doc).encode("utf-8"))
    return box


@pytest.mark.parametrize("people, shown", [(5, "figure"), (4, "message")])
def test_the_coach_workbook_shows_the_group_from_the_drop_box(tmp_path, monkeypatch, people,
                                                             shown):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv(drop_box.ENV_VAR, str(group_box(tmp_path, people)))
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PANEL_REPORT))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    assert errors_in(nb) == []
    report = json.loads(nb.cells[-1].outputs[0]["text"])
    assert report["shown"] == [shown] * len(for_step("cohort"))
    assert report["people"] == people and f"{people} people counted" in report["counted"]
    assert not (tmp_path / "data" / "journal.sqlite3").exists()
