"""Every private hook NextRound takes into ipywidgets, traitlets and ipykernel, in one place.

None of these names is promised by its library. `tests/test_widget_internals.py` checks each
one and fails with a message naming the hook and what stops working if a library changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets


# --------------------------------------------------------------------------- traitlets
def freeze(model: traitlets.HasTraits, refuse: Callable[[Any, dict], Any]) -> None:
    """Have `refuse(model, proposal)` judge every change of the model's public traits.

    traitlets' `_register_validator` is what `@validate` uses underneath (since 4.1); it is
    the only way to add a validator to one instance."""
    model._register_validator(refuse, [name for name in model.keys if not name.startswith("_")])


# --------------------------------------------------------------------------- ipywidgets
def count_views(widget: widgets.DOMWidget, seen: Callable[[dict], None]) -> None:
    """Have the browser report how many views it draws of `widget`, and call `seen(change)`
    when that changes. ipywidgets' `_view_count` (None: not counted) is marked experimental."""
    widget._view_count = 0
    widget.observe(seen, "_view_count")


def stop_counting_views(widget: widgets.DOMWidget, seen: Callable[[dict], None]) -> None:
    try:
        widget.unobserve(seen, "_view_count")
    except ValueError:  # not observed
        pass


def view_count(widget: widgets.DOMWidget) -> int | None:
    """How many views of `widget` the browser says it draws (None: not counted)."""
    return widget._view_count


def live_widgets() -> list[widgets.Widget]:
    """Every widget open in this kernel. ipywidgets keeps them in its module-level
    `_instances` (the public `Widget.widgets` it replaced is deprecated)."""
    return list(widgets.widgets.widget._instances.values())


def is_selection(widget: widgets.Widget) -> bool:
    """Whether `widget` picks from `options` (Dropdown, ToggleButtons, Select…)."""
    return isinstance(widget, widgets.widget_selection._Selection)


def option_pairs(widget: widgets.Widget) -> list[tuple[str, Any]]:
    """A selection widget's options as (label, value) pairs, however they were given."""
    return list(zip(widget._options_labels, widget._options_values))


def on_close(widget: widgets.Widget, callback: Callable[[], None]) -> None:
    """Call `callback()` once, when `widget` is closed: `Widget.close()` drops its comm."""

    def closed(change: dict) -> None:
        if change["new"] is None:
            widget.unobserve(closed, "comm")
            callback()

    widget.observe(closed, "comm")


# ---------------------------------------------------------------------------- ipykernel
def running_a_cell(shell: Any) -> bool:
    """Whether the kernel is executing a notebook cell now (not a widget callback): the
    header of the message it is handling, from ipykernel's `get_parent`."""
    try:
        parent = shell.kernel.get_parent("shell") or {}
    except Exception:  # an unfamiliar kernel: treat as a callback, draw at once
        return False
    return parent.get("header", {}).get("msg_type") == "execute_request"
