"""Layout and style models shared by many widgets.

Every ipywidgets control gets its own Layout model, and most get their own style model, unless
they are given one: a checkbox is three models, each created in the kernel, sent to the
browser and built there before the page is usable. One model can serve many widgets
(ipywidgets' styling guide says a layout "can be shared between multiple widgets"), so
NextRound gives every widget with the same look the same models. That halves the models of
a workbook page.

A shared model is frozen: changing it would change every widget that uses it, so it refuses
with an error that says so. `show()` gives a widget its own layout before hiding or showing it.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

_SHARED: dict[tuple, widgets.Widget] = {}


def _refuse_change(obj, proposal):
    raise traitlets.TraitError(
        f"this {type(obj).__name__} is shared by many widgets and cannot change "
        f"({proposal['trait'].name}): give the widget its own (show() does so for display)")


def shared(cls: type[widgets.Widget], **traits) -> widgets.Widget:
    """The one frozen `cls` (a Layout or a style class) with these traits."""
    key = (cls, tuple(sorted(traits.items())))
    instance = _SHARED.get(key)
    if instance is None or instance.comm is None:  # none yet, or closed
        instance = cls(**traits)
        instance._register_validator(
            _refuse_change, [name for name in instance.keys if not name.startswith("_")])
        instance._nr_shared = traits
        _SHARED[key] = instance
    return instance


def is_shared(model: widgets.Widget) -> bool:
    return hasattr(model, "_nr_shared")


def layout(**traits) -> widgets.Layout:
    """The shared layout with these properties (none: the default look)."""
    return shared(widgets.Layout, **traits)


def style(widget_class: type[widgets.DOMWidget], **traits) -> widgets.Widget:
    """The shared style model for widgets of `widget_class` with these properties."""
    return shared(widget_class.class_traits()["style"].klass, **traits)


def show(widget: widgets.DOMWidget, visible: bool = True) -> None:
    """Show or hide a widget; one with a shared layout gets its own copy first."""
    display = None if visible else "none"
    if widget.layout.display == display:
        return
    if is_shared(widget.layout):
        widget.layout = widgets.Layout(**{**widget.layout._nr_shared, "display": display})
    else:
        widget.layout.display = display


def _short_repr(box: widgets.Box) -> str:
    # ipywidgets' repr walks every trait of every child, and IPython asks for it each time a
    # cell shows a widget (a tenth of a second for a workbook's exercises), only to cut it
    # to 110 characters. A box says what it is and how much it holds.
    return f"{type(box).__name__}({len(box.children)} widgets)"


class VBox(widgets.VBox):
    """A VBox whose layout, unless given, is the shared default."""

    @traitlets.default("layout")
    def _shared_layout(self):
        return layout()

    __repr__ = _short_repr


class HBox(widgets.HBox):
    """An HBox whose layout, unless given, is the shared default."""

    @traitlets.default("layout")
    def _shared_layout(self):
        return layout()

    __repr__ = _short_repr
