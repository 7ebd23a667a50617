"""Find widgets in a rendered tree by kind and traits, the way a person finds them on screen:
by what they are and what they say, never by their position among siblings.

    find(page, widgets.Button, description="Add a stage").click()
    find_all(page, kit.ChartPanel)               # every chart panel, in page order
    find(page, widgets.HTML, classes="nr-status") # traits, and CSS classes with `classes`
    find(card, widgets.HTML, value=containing("Status:"))  # a line by what it says
    click(card, "Move down")                      # press the button with these words
    confirm(card, "Remove stage")                 # a kit.ConfirmButton: its words, then "Yes, …"
    card(page, "Learning and growth")             # the .nr-card whose .nr-card-title reads so
    text_of(find(card, widgets.HTML, classes="nr-card-title"))  # what a person reads there

A trait given as a callable is a test of the value (`value=lambda v: "Saved" in v`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from nextround.words import say


def walk(tree: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every widget in `tree`, parents before children, in the order a page shows them."""
    stack = [tree]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(getattr(current, "children", ()) or ())))


def _matches(widget: widgets.Widget, kind: type, traits: dict[str, Any]) -> bool:
    if not isinstance(widget, kind):
        return False
    for name, wanted in traits.items():
        if name == "classes":
            classes = set(getattr(widget, "_dom_classes", ()))
            wanted_set = {wanted} if isinstance(wanted, str) else set(wanted)
            if not wanted_set <= classes:
                return False
            continue
        if not hasattr(widget, name):
            return False
        value = getattr(widget, name)
        if callable(wanted) and not isinstance(wanted, type):
            if not wanted(value):
                return False
        elif value != wanted:
            return False
    return True


def find_all(tree: widgets.Widget, kind: type = widgets.Widget, **traits: Any) -> list:
    return [w for w in walk(tree) if _matches(w, kind, traits)]


def find(tree: widgets.Widget, kind: type = widgets.Widget, **traits: Any):
    """The one widget of `kind` with these traits; an error naming what was looked for when
    there is none or more than one."""
    found = find_all(tree, kind, **traits)
    if len(found) != 1:
        what = ", ".join(f"{k}={v!r}" for k, v in traits.items())
        raise LookupError(f"{len(found)} {kind.__name__}({what}) in the tree, not one")
    return found[0]


class containing:
    """A trait test: the value (a line's markup, a field's text) holds every one of `parts`."""

    def __init__(self, *parts: str):
        self.parts = parts

    def __call__(self, value: Any) -> bool:
        return isinstance(value, str) and all(part in value for part in self.parts)

    def __repr__(self) -> str:
        return f"containing({', '.join(map(repr, self.parts))})"


def click(tree: widgets.Widget, description: str) -> None:
    """Press the one button in `tree` whose words are `description`."""
    find(tree, widgets.Button, description=description).click()


def confirm(tree: widgets.Widget, label: str) -> None:
    """Do what a person does with a destructive action (`kit.ConfirmButton`): press the button
    whose words are `label`, then the "Yes, …" it asks with."""
    click(tree, label)
    click(tree, say("kit.confirm_yes", action=label.lower()))


def text_of(widget: widgets.Widget | str) -> str:
    """What a person reads in an HTML widget (or markup): the tags dropped (a line break or a
    block such as a paragraph or list item parts words), entities decoded, runs of white space
    as one space."""
    markup = widget if isinstance(widget, str) else widget.value
    markup = re.sub(_BREAKS, " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


_BREAKS = re.compile(r"<(?:br|/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|details|summary))\b[^>]*>",
                     re.IGNORECASE)


def _titles(card_box: widgets.Widget) -> Iterator[widgets.Widget]:
    """The card titles in a card, not counting those of cards inside it."""
    stack = list(reversed(list(getattr(card_box, "children", ()) or ())))
    while stack:
        current = stack.pop()
        if _matches(current, widgets.HTML, {"classes": "nr-card-title"}):
            yield current
        elif not _matches(current, widgets.Widget, {"classes": "nr-card"}):
            stack.extend(reversed(list(getattr(current, "children", ()) or ())))


def card(tree: widgets.Widget, title: str) -> widgets.Box:
    """The one card (CSS class `nr-card`) whose title (`nr-card-title`) reads `title`."""
    found = [box for box in find_all(tree, widgets.Box, classes="nr-card")
             if any(text_of(t) == title for t in _titles(box))]
    if len(found) != 1:
        raise LookupError(f"{len(found)} cards titled {title!r} in the tree, not one")
    return found[0]
