"""Inputs with visible labels: text, choices, dates, ratings on a labelled scale, and groups
of checkboxes under one label."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets
import traitlets

from nextround.ui.kit.looks import VBox, label_style, layout, prompt, style
from nextround.words import say


def text_input(label: str, placeholder: str = "", *, multiline: bool = False,
               rows: int = 3) -> widgets.Widget:
    if multiline:
        widget = widgets.Textarea(description=label, placeholder=placeholder, rows=rows,
                                  style=label_style(widgets.Text), layout=layout(width="100%"),
                                  continuous_update=True)
    else:
        widget = widgets.Text(description=label, placeholder=placeholder,
                              style=label_style(widgets.Text), layout=layout(width="100%"),
                              continuous_update=True)
    return widget


def choice_input(label: str, options: Iterable[str], *, blank: str | None = None) -> widgets.Dropdown:
    choices = [(say("kit.choose") if blank is None else blank, None)] + [(option, option) for option in options]
    return widgets.Dropdown(description=label, options=choices, value=None,
                            style=label_style(), layout=layout(width="min(100%, 34rem)"))


def date_input(label: str) -> widgets.DatePicker:
    return widgets.DatePicker(description=label, style=label_style(),
                              layout=layout(width="min(100%, 24rem)"))


class RatingInput(widgets.ToggleButtons):
    """A rating on a short labelled scale; `value` is the index (0 or 1 based) or None."""

    def __init__(self, label: str, levels: list[str], *, start: int = 0, **kwargs):
        options = [(text, start + i) for i, text in enumerate(levels)]
        kwargs.setdefault("layout", layout())
        super().__init__(description=label, options=options, value=None,
                         style=label_style(widgets.ToggleButtons, button_width="auto"),
                         tooltips=list(levels), **kwargs)


class CheckboxGroup(VBox):
    """Several checkboxes under one visible label; `value` is the list of ticked options."""

    value = traitlets.List(traitlets.Unicode())

    def __init__(self, label: str, options: Iterable[str], columns: int = 3):
        self._boxes = {option: widgets.Checkbox(description=option, indent=False,
                                                layout=layout(width="auto"),
                                                style=style(widgets.Checkbox))
                       for option in options}
        grid = widgets.GridBox(list(self._boxes.values()), layout=layout(
            grid_template_columns=f"repeat(auto-fill, minmax({12 if columns > 2 else 16}rem, 1fr))"))
        super().__init__([prompt(label), grid], layout=layout())
        self._syncing = False
        for box in self._boxes.values():
            box.observe(self._box_changed, "value")

    def _box_changed(self, _change) -> None:
        if not self._syncing:
            # Names with no box here (saved under other words) are kept, not dropped.
            kept = [name for name in self.value if name not in self._boxes]
            self.value = kept + [name for name, box in self._boxes.items() if box.value]

    @property
    def disabled(self) -> bool:
        return all(box.disabled for box in self._boxes.values())

    @disabled.setter
    def disabled(self, value: bool) -> None:
        for box in self._boxes.values():
            box.disabled = value

    @traitlets.observe("value")
    def _value_changed(self, change) -> None:
        self._syncing = True
        try:
            for name, box in self._boxes.items():
                box.value = name in change["new"]
        finally:
            self._syncing = False
