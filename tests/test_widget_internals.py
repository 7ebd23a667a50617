"""Every private hook NextRound takes into ipywidgets, traitlets and ipykernel
(`nextround.ui.widget_internals`): each test fails with a message naming the hook and what
stops working if the library changes underneath."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import traitlets

from nextround.ui import widget_internals as hooks


def test_traitlets_register_validator_still_judges_every_change():
    layout = widgets.Layout(width="3rem")
    seen = []

    def refuse(model, proposal):
        seen.append(proposal["trait"].name)
        raise traitlets.TraitError("frozen")

    assert hasattr(traitlets.HasTraits, "_register_validator"), (
        "traitlets dropped HasTraits._register_validator: shared layouts (ui/kit/looks.py) can "
        "no longer refuse to change")
    hooks.freeze(layout, refuse)
    with pytest.raises(traitlets.TraitError, match="frozen"):
        layout.width = "9rem"
    assert layout.width == "3rem" and seen == ["width"]


def test_ipywidgets_still_counts_the_views_the_browser_draws():
    trait = widgets.DOMWidget.class_traits().get("_view_count")
    assert trait is not None and trait.allow_none, (
        "ipywidgets dropped DOMWidget._view_count: charts can no longer wait until the "
        "browser shows them (ui/kit/deferred.py)")
    view = widgets.HTML()
    assert hooks.view_count(view) is None  # not counted unless asked
    changes = []
    hooks.count_views(view, changes.append)
    assert hooks.view_count(view) == 0
    view._view_count = 1  # what the browser sends when it draws the view
    assert [c["new"] for c in changes] == [1] and hooks.view_count(view) == 1
    hooks.stop_counting_views(view, changes.append)
    view._view_count = 2
    assert len(changes) == 1


def test_ipywidgets_still_keeps_every_open_widget():
    assert isinstance(getattr(widgets.widgets.widget, "_instances", None), dict), (
        "ipywidgets dropped widget._instances: the tests can no longer count the widget models "
        "a page makes (tests/test_shared_models.py) or find every chart a workbook drew "
        "(tests/test_workbooks_execute.py)")
    button = widgets.Button()
    assert any(w is button for w in hooks.live_widgets())
    button.close()
    assert not any(w is button for w in hooks.live_widgets())


def test_ipywidgets_selection_widgets_still_keep_their_labels_and_values():
    assert issubclass(widgets.Dropdown, widgets.widget_selection._Selection), (
        "ipywidgets moved _Selection: a choice saved under other words can no longer be shown "
        "as it was saved (ui/kit/saving.py)")
    dropdown = widgets.Dropdown(options=[("One", 1), ("Two", 2)])
    assert hooks.is_selection(dropdown) and not hooks.is_selection(widgets.Text())
    assert hooks.option_pairs(dropdown) == [("One", 1), ("Two", 2)]
    assert hooks.option_pairs(widgets.ToggleButtons(options=["a", "b"])) == [("a", "a"),
                                                                              ("b", "b")]


def test_closing_a_widget_still_drops_its_comm():
    closed = []
    button = widgets.Button()
    hooks.on_close(button, lambda: closed.append(True))
    assert closed == []
    button.close()
    assert closed == [True], (
        "ipywidgets' Widget.close() no longer sets comm to None: journal subscriptions would "
        "outlive their widgets (ui/kit/events.py)")
    button.close()
    assert closed == [True]  # once


def test_ipykernel_still_says_which_message_it_is_handling():
    from ipykernel.kernelbase import Kernel

    assert callable(getattr(Kernel, "get_parent", None)), (
        "ipykernel dropped Kernel.get_parent: charts made in a widget callback would wait as "
        "if a cell were running (ui/kit/deferred.py)")

    class Shell:
        def __init__(self, msg_type):
            self.kernel = type("K", (), {"get_parent": lambda _s, _c: {"header": {"msg_type": msg_type}}})()

    assert hooks.running_a_cell(Shell("execute_request"))
    assert not hooks.running_a_cell(Shell("comm_msg"))
    assert not hooks.running_a_cell(object())  # an unfamiliar kernel: a callback
