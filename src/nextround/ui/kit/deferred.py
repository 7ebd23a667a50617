"""Parts of a page that wait: charts and anything else that needs pandas.

`ChartPanel` draws one chart spec (`nextround.specs`); `Later` is any other costly part of a
page (findings computed with pandas…). Made while a notebook runs, both wait until the
browser displays them (`LaterCharts`), so a page's forms are usable first.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from nextround.safe_text import html_text
from nextround.specs import ChartSpec, Context
from nextround.store.journal import Journal
from nextround.ui.kit.chart_view import ChartView
from nextround.ui.kit.events import listen, watch
from nextround.ui.kit.kernel import kernel_loop, shell
from nextround.ui.kit.looks import VBox, html, layout
from nextround.ui.widget_internals import (
    count_views,
    on_close,
    running_a_cell,
    stop_counting_views,
)
from nextround.words import say

log = logging.getLogger(__name__)


class LaterCharts:
    """Charts made while a notebook runs are computed after the run, and shown once seen.

    Voila sends a page only after every cell has run, and building the figures (with the
    pandas import they need) was most of a workbook's run. A chart made while a
    cell runs shows "Drawing the chart…" and joins a queue:

    * when the browser displays the chart's widget it says so (ipywidgets' `_view_count`),
      and only then is the chart computed and sent. The browser knows every widget by then,
      so no update can be lost on the way in, and the page's forms are usable before any
      chart is drawn;
    * charts nobody displays within `QUIET` seconds of the last cell (a notebook run without
      a browser) are computed then, one per turn of the kernel's loop so messages are
      answered in between, and sent when displayed. Computing earlier, while the browser
      loads the page's scripts, was measured to slow the page on a two-core machine: the
      browser needs the processor then.

    Outside a kernel (plain Python, tests, the report) and in widget callbacks (someone is
    waiting for that very chart) charts are drawn at once. `flush()` draws everything still
    waiting.
    """

    QUIET = 5.0

    def __init__(self) -> None:
        self.pending: list[ChartPanel | Later] = []
        self._handle: asyncio.Handle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._hooked_shell = None

    def defer(self, item: ChartPanel | Later) -> bool:
        """Queue `item` if a notebook cell is running in a kernel; False: draw it now."""
        current = shell()
        loop = kernel_loop()
        if current is None or loop is None or not running_a_cell(current) or not self._hook(current):
            return False
        self._loop = loop
        if item not in self.pending:
            self.pending.append(item)
            count_views(item.watched, self._seen)
        self._schedule(self.QUIET)
        return True

    def forget(self, item: ChartPanel | Later) -> None:
        if item in self.pending:
            self.pending.remove(item)
            stop_counting_views(item.watched, self._seen)

    def flush(self) -> None:
        """Draw everything still waiting, now."""
        self._cancel()
        while self.pending:
            self.pending[0].publish()

    def _seen(self, change) -> None:
        if not change["new"]:
            return
        for item in list(self.pending):
            if item.watched is change["owner"]:
                item.publish()

    # -- kernel hooks
    def _hook(self, shell) -> bool:
        if self._hooked_shell is shell:
            return True
        try:
            shell.events.register("post_run_cell", self._cell_finished)
        except Exception:  # no cell events: draw charts at once
            log.debug("charts are drawn at once", exc_info=True)
            return False
        self._hooked_shell = shell
        return True

    def _cell_finished(self, *_args) -> None:
        if self.pending:
            self._schedule(self.QUIET)

    # -- the queue
    def _schedule(self, delay: float) -> None:
        self._cancel()
        if self._loop is not None and not self._loop.is_closed():
            self._handle = self._loop.call_later(delay, self._prepare_next)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _prepare_next(self) -> None:
        self._handle = None
        waiting = [item for item in self.pending if not item.prepared]
        if waiting:
            waiting[0].prepare()
        if len(waiting) > 1:
            self._schedule(0)


later_charts = LaterCharts()


class Later:
    """Any other costly part of a page (findings computed with pandas…) that waits like a
    chart: `compute()` may be slow, `show(result)` puts it into `watched`, a widget."""

    def __init__(self, watched: widgets.Widget, compute: Callable[[], Any],
                 show: Callable[[Any], None]):
        self.watched = watched
        self._compute = compute
        self._show = show
        self._result: Any = None
        self.prepared = False

    def prepare(self) -> None:
        self._result = self._compute()
        self.prepared = True

    def publish(self) -> None:
        later_charts.forget(self)
        if not self.prepared:
            self.prepare()
        self._show(self._result)

    def run_or_defer(self) -> bool:
        """Show now unless a notebook is running; True when it waits."""
        if later_charts.defer(self):
            return True
        self.publish()
        return False


class ChartPanel(VBox):
    """One chart spec drawn from the journal, redrawn when one of the spec's tables changes.

    The panel shows the spec's title, the figure and its one-line summary, or the words for
    too little data. A chart of one process follows `picker`; `choices()` gives the choices a
    page offers beside the chart (see `specs.Context`). Made while a notebook runs, the chart
    waits (see `LaterCharts`); `shown` is "pending" until it is drawn, then "figure" or
    "message".
    """

    # After a save, charts follow once the person pauses: in a kernel, a burst of saves (typing
    # in a form saves at every pause) redraws each chart once, SETTLE seconds after the last.
    SETTLE = 0.8

    def __init__(self, spec: ChartSpec, journal: Journal, *, picker=None,
                 today: Callable[[], dt.date] | None = None,
                 choices: Callable[[], dict] | None = None):
        self.spec = spec
        self.journal = journal
        self.picker = picker
        self._today = today or dt.date.today
        self._choices = choices or dict
        self._soon: asyncio.TimerHandle | None = None
        self._drawing: tuple[dict | None, str] | None = None  # computed, not yet shown
        self.view = ChartView()
        self.view.add_class("nr-chart")
        self.summary = html("", "nr-summary")
        super().__init__([html(html_text(spec.title), "nr-card-title"), self.view, self.summary],
                         _dom_classes=("nr-card", "nr-chart-panel", f"nr-chart-{spec.step}-{spec.name}"))
        listen(self, journal, spec.tables, self._journal_changed)
        if picker is not None:
            watch(self, picker, "process_id", self._picked)
        on_close(self, lambda: later_charts.forget(self))
        self.shown = "pending"
        if later_charts.defer(self):
            self.view.show_message(say("kit.drawing"))
        else:
            self.redraw()

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def watched(self) -> widgets.Widget:
        return self.view

    @property
    def prepared(self) -> bool:
        return self._drawing is not None

    def context(self) -> Context:
        return Context(self.journal, self.picker.process_id if self.picker is not None else None,
                       self._today(), self._choices())

    def _picked(self, _change) -> None:
        self.redraw()

    def _journal_changed(self, _tables: set[str]) -> None:
        if self.shown == "pending":
            self._drawing = None  # computed from older data: compute again when shown
            return
        loop = kernel_loop()
        if loop is None:
            self.redraw()
            return
        if self._soon is not None:
            self._soon.cancel()
        self._soon = loop.call_later(self.SETTLE, self.redraw)

    def prepare(self) -> None:
        """Compute the drawing (figure as Plotly JSON, summary) without showing it."""
        try:
            drawn = self.spec.drawing(self.context())
            spec = None if drawn.figure is None else self.view.spec_of(drawn.figure)
            summary = drawn.summary
        except Exception:  # a chart must never take the workbook down with it
            log.exception("chart %s failed", self.spec.key)
            spec, summary = None, say("kit.chart_failed")
        self._drawing = (spec, summary)

    def publish(self) -> None:
        """Show the computed drawing (computing it first if need be)."""
        later_charts.forget(self)
        if self._soon is not None:
            self._soon.cancel()
            self._soon = None
        if self.comm is None:  # closed meanwhile: nobody to show it to
            return
        if self._drawing is None:
            self.prepare()
        spec, summary = self._drawing
        self._drawing = None
        if spec is None:
            self.view.show_message(summary)
            self.summary.value = ""
            self.shown = "message"
        else:
            self.view.show_spec(spec)
            self.summary.value = html_text(summary)
            self.shown = "figure"

    def redraw(self) -> None:
        """Compute and show the chart from the journal as it is now."""
        self._drawing = None
        self.publish()


class ChartSection(VBox):
    """Several chart specs, one panel each, in the order given (a step's charts section)."""

    def __init__(self, chart_specs: list[ChartSpec], journal: Journal, *, picker=None,
                 today: Callable[[], dt.date] | None = None):
        self.panels = [ChartPanel(spec, journal, picker=picker if spec.per_process else None,
                                  today=today) for spec in chart_specs]
        super().__init__(self.panels, layout=layout(width="100%"), _dom_classes=("nr-section",))

    def panel(self, key: str) -> ChartPanel:
        return next(p for p in self.panels if p.spec.key == key)
