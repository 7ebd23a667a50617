"""Shared layout and style models: many widgets, one model each, and none of them can drift.

A workbook page is usable once the browser has built every widget model; sharing the
layouts and styles of widgets that look alike halves the number of models. These tests hold
the rules that make sharing safe (a shared model refuses changes, `show` gives a widget its
own layout first) and that the saving is real (models do not grow with each checkbox).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import ipywidgets as widgets
import pytest
import traitlets

from nextround import Journal
from nextround.store import processes
from nextround.demo import write_demo
from nextround.ui import kit
from nextround.ui.review import ReviewAndReflect
from nextround.ui.widget_internals import live_widgets
from nextround.words import themes, words
from widget_tree import find_all


def models(cls) -> int:
    return sum(isinstance(w, cls) for w in live_widgets())


def test_widgets_that_look_alike_share_their_layout_and_style():
    first, second = kit.html("one", "nr-muted"), kit.html("two")
    assert first.layout is second.layout and first.style is second.style
    assert kit.button("Save").layout is kit.button("Add").layout
    assert kit.button("Wide", width="100%").layout is not kit.button("Save").layout
    group = kit.CheckboxGroup("Themes", ["A", "B", "C"])
    boxes = find_all(group, widgets.Checkbox)
    assert [b.description for b in boxes] == ["A", "B", "C"]
    assert len({id(b.layout) for b in boxes}) == 1 and len({id(b.style) for b in boxes}) == 1
    assert kit.VBox().layout is kit.HBox().layout is kit.layout()


def test_a_shared_model_refuses_to_change_and_stays_as_it_was():
    widget = kit.html("text")
    with pytest.raises(traitlets.TraitError, match="shared by many widgets"):
        widget.layout.display = "none"
    with pytest.raises(traitlets.TraitError, match="shared by many widgets"):
        widget.style.font_size = "40px"
    assert kit.html("other").layout.display is None
    assert kit.html("other").style.font_size is None


def test_show_gives_a_widget_its_own_layout_and_keeps_its_look():
    button = kit.button("Remove", width="12rem")
    other = kit.button("Keep", width="12rem")
    kit.show(button, False)
    assert button.layout.display == "none" and button.layout.width == "12rem"
    assert not kit.is_shared(button.layout)
    assert other.layout.display is None and kit.is_shared(other.layout)
    kit.show(button)
    assert button.layout.display is None and button.layout.width == "12rem"
    # Showing what is shown changes nothing: no new model.
    before = other.layout
    kit.show(other)
    assert other.layout is before


def test_a_closed_shared_model_is_replaced_not_reused():
    layout = kit.layout(width="7rem")
    layout.close()
    fresh = kit.layout(width="7rem")
    assert fresh is not layout and fresh.comm is not None and fresh.width == "7rem"


def test_a_box_repr_does_not_walk_its_children():
    class Loud(widgets.HTML):
        def __repr__(self):
            raise AssertionError("a child's repr was asked for")

    box = kit.VBox([Loud(), kit.HBox([Loud()])])
    assert repr(box) == "VBox(2 widgets)"
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == "VBox(2 widgets)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_step_one_does_not_add_layouts_or_styles_per_stage(tmp_path):
    """The models of a stage's cards: a second set of stages adds controls, not layouts."""
    def build(stage_count: int) -> tuple[int, int, int]:
        journal = Journal.open(tmp_path / f"j{stage_count}.sqlite3", create=True)
        process = processes.add_process(journal, "Acme", "Analyst", applied_on=dt.date(2026, 1, 5))
        processes.choose_process(journal, process["id"])
        for kind in ["Phone screen", "Technical interview", "Final round"][:stage_count]:
            processes.add_stage(journal, process["id"], kind=kind)
        counts = (models(widgets.Layout), models(widgets.widgets.widget.Widget),
                  models(widgets.Checkbox))
        step = ReviewAndReflect(journal)
        parts = [step.header(), step.process(), step.preparation(), step.stages(),
                 step.takeaways(), step.charts()]
        after = (models(widgets.Layout), models(widgets.widgets.widget.Widget),
                 models(widgets.Checkbox))
        del parts  # kept open until counted
        return tuple(b - a for a, b in zip(counts, after))

    layouts_one, all_one, boxes_one = build(1)
    layouts_three, all_three, boxes_three = build(3)
    # Two more reflection cards, each with a checkbox per soft skill and per theme.
    assert boxes_three - boxes_one == 2 * (len(words()["reflection"]["soft_skills"]) + len(themes()))
    # A stage adds no layout of its own beyond the few widgets that are shown and hidden,
    # and everything two more stages add is fewer models than their checkboxes alone would
    # be if each had its own layout and style.
    assert layouts_three - layouts_one <= 2 * 3
    assert all_three - all_one < 3 * (boxes_three - boxes_one)


def test_the_demo_journal_page_of_step_one_has_few_layouts(tmp_path):
    journal = Journal.open(tmp_path / "demo.sqlite3", create=True)
    write_demo(journal)
    before = models(widgets.Layout), models(widgets.widgets.widget.Widget)
    step = ReviewAndReflect(journal)
    for part in (step.header, step.process, step.preparation, step.stages, step.takeaways,
                 step.charts):
        part()
    layouts = models(widgets.Layout) - before[0]
    total = models(widgets.widgets.widget.Widget) - before[1]
    assert layouts < total / 8, (layouts, total)


def test_my_progress_headlines_do_not_load_pandas(tmp_path):
    """The headline figures are counted in SQLite: the page does not wait for pandas."""
    journal = Journal.open(tmp_path / "h.sqlite3", create=True)
    write_demo(journal)
    journal.close()
    script = (
        "import sys\n"
        "from nextround import Journal\n"
        "from nextround.store.headlines import headline_figures\n"
        f"figures = headline_figures(Journal.open({str(tmp_path / 'h.sqlite3')!r}))\n"
        "assert figures and figures[0].value != '0', figures\n"
        "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
