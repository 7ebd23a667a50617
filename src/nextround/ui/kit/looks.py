"""How the kit looks: shared layout and style models, the kit's CSS, and the small pieces of
markup every exercise is made of (`html`, `notice`, `prompt`, `Section`, `button`).

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

from collections.abc import Callable, Iterable

import ipywidgets as widgets
import traitlets

from nextround.safe_text import html_text
from nextround.ui.widget_internals import freeze
from nextround.words import say

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
        freeze(instance, _refuse_change)
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


LABEL_WIDTH = "11rem"

CSS = """
<style>
.nr-section { border: 1px solid var(--jp-border-color2, #d0d4da); border-radius: 8px;
  padding: 12px 16px 14px; margin: 10px 0 18px; background: var(--jp-layout-color1, transparent); }
.nr-title { font-size: 1.15em; font-weight: 600; margin: 0 0 2px;
  color: var(--jp-ui-font-color0, inherit); }
.nr-purpose { color: var(--jp-ui-font-color2, #5f6670); margin: 0 0 8px; }
.nr-prompt { color: var(--jp-ui-font-color1, inherit); margin: 6px 0 2px; font-weight: 500; }
.nr-status { font-size: 0.9em; min-height: 1.4em; }
.nr-status-saved { color: var(--jp-success-color1, #2e7d32); }
.nr-status-unsaved { color: var(--jp-warn-color1, #a05a00); }
.nr-status-error { color: var(--jp-error-color1, #c62828); font-weight: 600; }
.nr-notice { border-left: 4px solid var(--jp-brand-color1, #2a7ab0); padding: 6px 10px;
  margin: 6px 0; background: var(--jp-layout-color2, rgba(42,122,176,0.08)); border-radius: 4px; }
.nr-notice-warn { border-left-color: var(--jp-warn-color1, #a05a00); }
.nr-notice-error { border-left-color: var(--jp-error-color1, #c62828); }
.nr-card { border: 1px solid var(--jp-border-color2, #d0d4da); border-radius: 6px;
  padding: 8px 12px; margin: 6px 0; }
.nr-card-title { font-weight: 600; margin-bottom: 4px; }
.nr-summary { color: var(--jp-ui-font-color1, inherit); margin: 2px 0 8px; }
.nr-muted { color: var(--jp-ui-font-color2, #5f6670); }
.nr-figure { font-size: 1.6em; font-weight: 600; }
.nr-chart { min-height: 60px; }
.nr-list { margin: 4px 0; padding-left: 1.3em; }
</style>
"""


def label_style(widget_class: type[widgets.DOMWidget] = widgets.Dropdown, **traits):
    """The shared style of a control with its label in the kit's label column."""
    return style(widget_class, description_width=LABEL_WIDTH, **traits)


def style_sheet() -> widgets.HTML:
    """The kit's CSS; shown once at the top of every workbook."""
    return widgets.HTML(CSS, layout=layout(display="none"))


def html(markup: str, *classes: str, **layout_traits) -> widgets.HTML:
    """Trusted markup (our own words). Wrap any user text in `safe_text.html_text` first."""
    # Classes given at creation travel with the widget, not in a message of their own.
    return widgets.HTML(markup, layout=layout(**layout_traits), style=style(widgets.HTML),
                        _dom_classes=classes)


def notice(markup: str, kind: str = "info") -> widgets.HTML:
    return html(markup, "nr-notice", *([f"nr-notice-{kind}"] if kind != "info" else []))


def prompt(text: str) -> widgets.HTML:
    return html(html_text(text), "nr-prompt")


class Section(VBox):
    """One exercise: a title, a line on why it helps, then its content."""

    def __init__(self, title: str, purpose: str, children: Iterable[widgets.Widget] = ()):
        header = [html(html_text(title), "nr-title")] if title else []
        if purpose:
            header.append(html(html_text(purpose), "nr-purpose"))
        super().__init__(header + list(children), layout=layout(width="100%"),
                         _dom_classes=("nr-section",))
        self._header = header

    def set_content(self, children: Iterable[widgets.Widget]) -> None:
        self.children = self._header + list(children)


def _button_style():
    return style(widgets.Button)


def button(label: str, *, style: str = "", tooltip: str = "", width: str = "auto") -> widgets.Button:
    """A button whose words say what it does (icons load from a CDN and may be missing)."""
    return widgets.Button(description=label, button_style=style, tooltip=tooltip or label,
                          layout=layout(width=width), style=_button_style())


class ConfirmButton(HBox):
    """A destructive action that asks once more before it runs."""

    def __init__(self, label: str, question: str, action: Callable[[], None]):
        self._action = action
        self._start = button(label)
        self._question = html(html_text(question), "nr-muted")
        self._yes = button(say("kit.confirm_yes", action=label.lower()), style="danger")
        self._no = button(say("kit.confirm_no"))
        self._start.on_click(lambda _b: self._ask(True))
        self._no.on_click(lambda _b: self._ask(False))
        self._yes.on_click(self._confirmed)
        super().__init__([self._start])

    def _ask(self, asking: bool) -> None:
        self.children = [self._question, self._yes, self._no] if asking else [self._start]

    def _confirmed(self, _b) -> None:
        self._ask(False)
        self._action()

    @property
    def disabled(self) -> bool:
        return self._start.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self._start.disabled = value
