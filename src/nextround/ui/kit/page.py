"""A workbook page: its journal and the widgets each of its cells shows.

A notebook's first cell makes the page (`step = ReviewAndReflect()`), and each later cell
shows one exercise (`step.process()`). In JupyterLab a person may run a cell again, or the
whole notebook: the widgets a cell showed before are then closed (and their journal
subscriptions with them), and a page made again on the default journal replaces the one
before it, so nothing keeps redrawing for a view nobody sees. (A page given a journal of its
own, as tests do, stands alone.)
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import ClassVar

import ipywidgets as widgets

from nextround.store.journal import Journal, open_journal
from nextround.words import check_now
from nextround.ui.kit.events import close_all


def _before_the_request(modules: tuple[str, ...]) -> None:
    """In a preheated kernel (`nextround serve` keeps one ready per page), Voila runs the
    notebook before anyone asks for the page: import what the page will need then, and wait
    here until the page is asked for, so the journal is read when it is, never before (a save
    made meanwhile in another tab is on the page). Elsewhere: nothing."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    for module in modules:
        importlib.import_module(module)
    from voila.utils import wait_for_request

    wait_for_request()


def chart_needs(*steps: str) -> tuple[str, ...]:
    """The modules the charts of these steps ("review", "feedback", "fit", "learning") use."""
    return ("pandas",
            *(f"nextround.{layer}.{step}" for step in steps
              for layer in ("specs", "analysis", "charts")))


class Page:
    _current: ClassVar[dict[type, "Page"]] = {}
    # What the page's charts need, imported while a preheated kernel waits for its page (a
    # page names its own steps, see `chart_needs`; anything left out is imported after the
    # request, only later).
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, journal: Journal | None = None):
        check_now()  # a coach's words file that cannot be used says so here, in one line
        _before_the_request(self.needs)
        if journal is None:
            # The notebook's first cell run again in the same kernel: this page takes the
            # place of the one before (whose widgets close) and keeps working on its journal.
            previous = Page._current.get(type(self))
            if previous is not None:
                previous.close()
                journal = previous.journal
            else:
                journal = open_journal()
            Page._current[type(self)] = self
        self.journal = journal
        self._shown: dict[str, widgets.Widget] = {}
        self._kept: list[widgets.Widget] = []
        self._closing: list[Callable[[], None]] = []

    @staticmethod
    def open_pages() -> list["Page"]:
        """The pages open on the default journal in this kernel: one per workbook at most."""
        return list(Page._current.values())

    def when_closed(self, callback: Callable[[], None]) -> None:
        """Call `callback()` when the page closes (what it follows besides its widgets)."""
        self._closing.append(callback)

    def keep(self, widget: widgets.Widget) -> widgets.Widget:
        """A widget the page's cells share (the process picker): a cell run again leaves it
        open; it closes with the page."""
        self._kept.append(widget)
        return widget

    def shown(self, name: str, build: Callable[[], widgets.Widget]) -> widgets.Widget:
        """What the cell `name` shows: built afresh, closing what it showed before."""
        previous = self._shown.pop(name, None)
        if previous is not None:
            close_all(previous, keep=self._kept)
        widget = build()
        self._shown[name] = widget
        return widget

    def close(self) -> None:
        """Close every widget this page showed (saving what waits to be saved first)."""
        for widget in [*self._shown.values(), *self._kept]:
            close_all(widget)
        self._shown.clear()
        self._kept.clear()
        for callback in self._closing:
            callback()
        self._closing.clear()
        if Page._current.get(type(self)) is self:
            del Page._current[type(self)]
