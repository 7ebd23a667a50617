"""The coach's page: the room, from the summaries participants chose to share.

The notebook (`workbooks/coach_cohort.ipynb`, kept out of the participants' pages) shows one
part per cell:

    page = CoachCohort()
    page.header()    # where the summaries come from
    page.sources()   # the drop box read again on request, files handed in added; what was
                     # counted and every file refused, with its name and reason
    page.charts()    # the cohort's chart specs, each with its findings
    page.report()    # the group's report, one HTML file to show in the room

The page reads no journal. It reads the drop box (NEXTROUND_COHORT_DIR) as the user it runs
as: on a JupyterHub only the coach's account can list it, so a participant who opens this
page sees the words for a folder they cannot read, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as widgets

from nextround import specs
from nextround.documents.cohort import drop_box
from nextround.documents.cohort import reading as cohort_reading
from nextround.documents.cohort.report import counted_text
from nextround.rules.cohort import minimum_group
from nextround.safe_text import html_text
from nextround.specs.registry import COHORT
from nextround.ui import kit
from nextround.words import say, words

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class CohortPanel(kit.VBox):
    """One cohort chart spec, drawn for the cohort read; redrawn when it is read again.

    Made while the notebook runs, the first drawing waits until the browser shows the chart
    (`kit.Later`), as every chart of the steps does."""

    def __init__(self, spec: specs.ChartSpec, today: Callable[[], dt.date]):
        self.spec = spec
        self._today = today
        self._later: kit.Later | None = None
        self.view = kit.ChartView()
        self.view.add_class("nr-chart")
        self.summary = kit.html("", "nr-summary")
        self.shown = "pending"
        super().__init__([kit.html(html_text(spec.title), "nr-card-title"), self.view,
                          self.summary],
                         _dom_classes=("nr-card", "nr-chart-panel",
                                       f"nr-chart-{spec.step}-{spec.name}"))
        kit.when_closed(self, self._forget)

    def _forget(self) -> None:
        if self._later is not None:
            kit.later_charts.forget(self._later)
            self._later = None

    def draw(self, cohort) -> None:
        self._forget()
        later = kit.Later(self.view, lambda: self._compute(cohort),
                          lambda result: self._show(later, result))
        self._later = later
        if later.run_or_defer():
            self.view.show_message(say("kit.drawing"))

    def _compute(self, cohort) -> tuple[dict | None, str]:
        try:
            drawn = self.spec.drawing(specs.Context(None, today=self._today(), cohort=cohort))
            return (None if drawn.figure is None else self.view.spec_of(drawn.figure),
                    drawn.summary)
        except Exception:  # a chart must never take the page down with it
            log.exception("chart %s failed", self.spec.key)
            return None, say("kit.chart_failed")

    def _show(self, later: kit.Later, result: tuple[dict | None, str]) -> None:
        if later is not self._later or self.comm is None:
            return  # a newer reading is on its way, or the panel is closed
        self._later = None
        figure, summary = result
        if figure is None:
            self.view.show_message(summary)
            self.summary.value = ""
            self.shown = "message"
        else:
            self.view.show_spec(figure)
            self.summary.value = html_text(summary)
            self.shown = "figure"


class CoachCohort:
    _current: ClassVar["CoachCohort | None"] = None

    def __init__(self, folder=None, clock: Clock | None = None):
        if CoachCohort._current is not None:  # the first cell run again
            CoachCohort._current.close()
        CoachCohort._current = self
        self.folder = drop_box.configured() if folder is None else folder
        self.clock = clock or _local_now
        self.uploaded: list[tuple[str, dict[str, Any]]] = []
        self.upload_refused: list[cohort_reading.Refused] = []
        self.folder_docs: list[tuple[str, dict[str, Any]]] = []
        self.folder_refused: list[cohort_reading.Refused] = []
        self.reading = cohort_reading.Reading()
        self.read_at: dt.datetime | None = None
        self._shown: dict[str, widgets.Widget] = {}
        self._listeners: list[Callable[[], None]] = []

    # -- the page's cells
    def _show(self, name: str, build: Callable[[], widgets.Widget]) -> widgets.Widget:
        previous = self._shown.pop(name, None)
        if previous is not None:
            kit.close_all(previous)
        widget = build()
        self._shown[name] = widget
        return widget

    def close(self) -> None:
        for widget in self._shown.values():
            kit.close_all(widget)
        self._shown.clear()
        self._listeners.clear()
        if CoachCohort._current is self:
            CoachCohort._current = None

    def header(self) -> widgets.Widget:
        w = words()["cohort"]["page"]
        where = (w["reading_folder"].format(folder=self.folder) if self.folder is not None
                 else w["no_folder"])
        rule = say("cohort.report.intro", minimum=minimum_group())
        return self._show("header", lambda: kit.VBox([
            kit.style_sheet(), kit.notice(html_text(where)),
            kit.html(html_text(rule), "nr-muted")]))

    def sources(self) -> widgets.Widget:
        self._first_read()
        return self._show("sources", lambda: Sources(self))

    def charts(self) -> widgets.Widget:
        self._first_read()
        return self._show("charts", lambda: CohortCharts(self))

    def report(self) -> widgets.Widget:
        return self._show("report", self._report)

    def _report(self) -> widgets.Widget:
        w = words()["cohort"]["page"]
        download = kit.PreparedDownload(w["report_button"], w["report_link"], self.report_file,
                                        css_class="nr-cohort-report-download")
        section = kit.Section("", "", [kit.prompt(w["report"]),
                                       kit.html(html_text(w["report_note"]), "nr-muted"),
                                       download])
        section.add_class("nr-exercise-cohort-report")
        return section

    # -- reading
    def on_read(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _first_read(self) -> None:
        if self.read_at is None:
            self.read_folder()

    def read_folder(self) -> None:
        """Read the drop box again (summaries added since come in)."""
        if self.folder is not None:
            self.folder_docs, self.folder_refused = cohort_reading.documents_in([self.folder])
        self._combine()

    def add_uploads(self, uploads) -> None:
        """Add files handed in: [(name, content bytes)]."""
        docs, refused = cohort_reading.read_uploads(uploads)
        self.uploaded += docs
        self.upload_refused += refused
        self._combine()

    def forget_uploads(self) -> None:
        self.uploaded, self.upload_refused = [], []
        self._combine()

    def _combine(self) -> None:
        # One person is counted once across the drop box and the files handed in.
        self.reading = cohort_reading.gather([*self.folder_docs, *self.uploaded],
                                             [*self.folder_refused, *self.upload_refused])
        self.read_at = self.clock()
        for listener in list(self._listeners):
            listener()

    def report_file(self) -> tuple[str, bytes, str]:
        from nextround.documents.cohort.report import build_report

        now = self.clock()
        text = build_report(self.reading, now=now)
        return f"nextround-group-{now:%Y-%m-%d}.html", text.encode("utf-8"), "text/html"


class Sources(kit.Section):
    """Where the summaries come from, what was counted, and every file refused."""

    def __init__(self, page: CoachCohort):
        w = words()["cohort"]["page"]
        self.page = page
        self.counted = kit.html("", "nr-cohort-counted")
        self.refused = kit.html("", "nr-cohort-refused")
        children: list[widgets.Widget] = [self.counted, self.refused]
        if page.folder is not None:
            self.read_again = kit.button(w["read_again"], style="primary")
            self.read_again.on_click(lambda _b: page.read_folder())
            children.append(kit.HBox([self.read_again]))
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=True,
                                         description=w["upload"],
                                         layout=kit.layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.forget = kit.button(w["clear_uploads"])
        self.forget.on_click(lambda _b: page.forget_uploads())
        children += [kit.html(html_text(w["upload_note"]), "nr-muted"),
                     kit.HBox([self.upload, self.forget])]
        super().__init__("", "", children)
        self.add_class("nr-exercise-cohort-sources")
        page.on_read(self.refresh)
        self.refresh()

    def _uploaded(self, change) -> None:
        files = [(item["name"], bytes(item["content"])) for item in change["new"] or ()]
        if files:
            self.page.add_uploads(files)
            self.upload.value = ()  # kept by the page; the same file may be added again

    def refresh(self) -> None:
        reading = self.page.reading
        self.counted.value = html_text(counted_text(reading, self.page.read_at))
        if reading.refused:
            items = "".join(
                f"<li>{html_text(say('cohort.page.refused', name=r.name, reason=r.reason))}</li>"
                for r in reading.refused)
            self.refused.value = (f'<div class="nr-prompt">'
                                  f'{html_text(say("cohort.page.refused_title"))}</div>'
                                  f'<ul class="nr-list">{items}</ul>')
        else:
            self.refused.value = ""


class CohortCharts(kit.Section):
    """Every chart of the coach's view, drawn for the cohort read."""

    def __init__(self, page: CoachCohort):
        self.page = page
        self.panels = [CohortPanel(spec, lambda: page.clock().date())
                       for spec in specs.for_step(COHORT)]
        super().__init__("", "", self.panels)
        self.add_class("nr-exercise-cohort-charts")
        page.on_read(self.redraw)
        self.redraw()

    def redraw(self) -> None:
        for panel in self.panels:
            panel.draw(self.page.reading.cohort)

    def panel(self, name: str) -> CohortPanel:
        return next(p for p in self.panels if p.spec.name == name)
