"""The coach's page: the drop box and the files handed in, counted once per person, every bad
file named, and the group's charts once five people have shared."""

from __future__ import annotations

import datetime as dt
import os

import ipywidgets as widgets
import pytest
from cohort_journals import summary_bytes
from widget_tree import find

from nextround.documents.cohort import drop_box
from nextround.ui.cohort import CoachCohort, CohortPanel

NOW = dt.datetime(2026, 3, 31, 12, 0).astimezone()


@pytest.fixture
def box(tmp_path, monkeypatch):
    folder = tmp_path / "box"
    folder.mkdir()
    os.chmod(folder, 0o3733)
    monkeypatch.setenv(drop_box.ENV_VAR, str(folder))
    return folder


def shared(box, people: range) -> None:
    for n in people:
        drop_box.add(box, summary_bytes(n + 1))


def open_page(**kwargs) -> tuple[CoachCohort, widgets.Widget, widgets.Widget]:
    page = CoachCohort(clock=lambda: NOW, **kwargs)
    page.header()
    return page, page.sources(), page.charts()


def states(charts) -> set[str]:
    return {panel.shown for panel in charts.panels}


def test_the_page_reads_the_drop_box_and_says_what_it_counted(box):
    shared(box, range(3))
    page, sources, _ = open_page()
    assert page.reading.people == 3
    assert "3 people counted. Summaries read at 12:00: 3 (0 taking" in sources.counted.value


def test_four_people_draw_no_chart_and_the_words_say_one_more_is_needed(box):
    shared(box, range(4))
    _, _, charts = open_page()
    assert states(charts) == {"message"}
    for panel in charts.panels:
        assert "1 more needed" in panel.view.message


def test_the_fifth_person_read_again_draws_the_charts(box):
    shared(box, range(4))
    page, sources, charts = open_page()
    shared(box, range(4, 5))
    find(sources, widgets.Button, description="Read the drop box again").click()
    assert page.reading.people == 5
    # The summaries of this test name only processes: those charts draw, the others say why.
    assert charts.panel("funnel").shown == "figure"
    assert charts.panel("stops").shown == "figure"
    assert "5 people counted" in sources.counted.value


def test_files_handed_in_are_added_and_a_bad_one_named(tmp_path, monkeypatch):
    monkeypatch.delenv(drop_box.ENV_VAR, raising=False)
    page, sources, charts = open_page()
    assert "No drop box is set up" in page._shown["header"].children[1].value
    upload = find(sources, widgets.FileUpload)
    upload.value = tuple({"name": f"person{n}.json", "type": "application/json",
                          "size": 1, "content": memoryview(summary_bytes(n)),
                          "last_modified": NOW} for n in range(1, 6)) + (
        {"name": "my-cv.pdf", "type": "application/pdf", "size": 4,
         "content": memoryview(b"%PDF"), "last_modified": NOW},)
    assert page.reading.people == 5
    assert "my-cv.pdf: the file is not valid JSON" in sources.refused.value
    assert charts.panel("funnel").shown == "figure"
    find(sources, widgets.Button, description="Forget the added files").click()
    assert page.reading.people == 0 and sources.refused.value == ""


def test_a_person_in_the_drop_box_and_handed_in_counts_once(box):
    shared(box, range(1))
    page, sources, _ = open_page()
    page.add_uploads([("again.json", summary_bytes(1))])
    assert page.reading.people == 1 and page.reading.replaced == 1


def test_the_groups_report_holds_what_the_page_shows(box):
    shared(box, range(5))
    page, _, _ = open_page()
    name, data, mime = page.report_file()
    assert (name, mime) == ("nextround-group-2026-03-31.html", "text/html")
    text = data.decode("utf-8")
    assert "5 people counted" in text and 'id="nr-chart-0"' in text


def test_the_first_cell_run_again_closes_the_page_before(box):
    page, sources, charts = open_page()
    panel = charts.panels[0]
    open_page()
    assert isinstance(panel, CohortPanel) and panel.comm is None and sources.comm is None
