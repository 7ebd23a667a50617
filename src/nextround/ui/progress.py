"""My progress: what to do next, where you stand, every step's charts, the report and the backup.

The notebook shows one part per cell:

    page = MyProgress()
    page.header()       # notices
    page.next_steps()   # follow-ups, practice and goals that are due, oldest first
    page.headlines()    # the figures that sum up the search so far
    page.charts()       # the charts of all four steps, as each step draws them
    page.downloads()    # the report (one HTML file) and the backup (one JSON file)
    page.share()        # share an anonymous summary with the coach (`ui/share.py`)

The charts are the steps' chart specs (`nextround.specs.on_progress`), so a chart added to a
step shows here and in the report without any change to this page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround import specs
from nextround.safe_text import html_attr, html_sentence, html_text
from nextround.store import next_steps as next_step_store
from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.words import say, words

Clock = Callable[[], dt.datetime]

# Tables whose changes can change what is due or a headline figure.
WATCHED = {"feedback_requests", "questions", "answer_versions", "practice_cards",
           "practice_reviews", "goals", "learning_sessions", "processes", "stages",
           "feedback_points", "upcoming_interviews", "preparations"}


CSS = """
<style>
.nr-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
  gap: 10px; margin: 4px 0; }
.nr-figure-card { border: 1px solid var(--jp-border-color2, #d0d4da); border-radius: 6px;
  padding: 8px 10px; }
.nr-figure-label { color: var(--jp-ui-font-color2, #5f6670); font-size: 0.9em; }
.nr-next-steps li { margin: 4px 0; }
.nr-next-overdue { color: var(--jp-warn-color1, #a05a00); font-weight: 600; }
.nr-step-title { font-size: 1.05em; font-weight: 600; margin: 12px 0 2px; }
</style>
"""


def _local_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class MyProgress(kit.Page):
    needs = kit.chart_needs("review", "feedback", "fit", "learning")

    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        super().__init__(journal)
        self.clock = clock or _local_now
        self.picker = self.keep(kit.ProcessPicker(self.journal, allow_new=False))

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([
            kit.style_sheet(), kit.html(CSS, "nr-styles"), *kit.journal_notices(self.journal)]))

    def next_steps(self) -> widgets.Widget:
        return self.shown("next_steps", lambda: NextSteps(self.journal, self.clock))

    def headlines(self) -> widgets.Widget:
        return self.shown("headlines", lambda: Headlines(self.journal, self.clock))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: StepCharts(self.journal, self.picker, self.today))

    def downloads(self) -> widgets.Widget:
        return self.shown("downloads", self._downloads)

    def share(self) -> widgets.Widget:
        from nextround.ui.share import ShareWithCoach

        return self.shown("share", lambda: ShareWithCoach(self.journal, self.clock))

    def _downloads(self) -> widgets.Widget:
        w = words()["progress"]["downloads"]
        section = kit.Section("", "", [
            kit.prompt(w["report"]), kit.html(html_text(w["report_note"]), "nr-muted"),
            kit.ReportDownload(self.journal),
            kit.prompt(w["backup"]), kit.html(html_text(w["backup_note"]), "nr-muted"),
            kit.BackupDownload(self.journal),
        ])
        section.add_class("nr-exercise-downloads")
        return section


class NextSteps(kit.Section):
    """What is due, oldest first, each with the step where it is done. A long list shows its
    first few and says how many more wait in which step: a page of hundreds helps nobody."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.list = kit.html("")
        self.list.add_class("nr-next-steps")
        self.steps: list[next_step_store.NextStep] = []
        self.left_out: next_step_store.LeftOut | None = None
        super().__init__("", "", [self.list])
        self.add_class("nr-exercise-next-steps")
        kit.listen(self, journal, WATCHED, lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.steps = next_step_store.next_steps(self.journal, self.clock())
        if not self.steps:
            self.left_out = None
            self.list.value = (f'<span class="nr-muted">'
                               f'{html_text(next_step_store.nothing_due_text())}</span>')
            return
        shown, self.left_out = next_step_store.shortened(self.steps)
        items = []
        # Our own words, escaped; a link's words stay inside the link, not in a box of their own.
        open_link = html_attr(say("progress.open_this_step"))
        for step in shown:
            css = ' class="nr-next-overdue"' if step.overdue else ""
            items.append(
                f"<li><span{css}>{html_text(step.title)}</span><br>"
                f'<span class="nr-muted">{html_text(step.detail)}</span> '
                f'<a href="{html_attr(step.workbook)}">{open_link}</a></li>')
        self.list.value = f'<ol class="nr-list">{"".join(items)}</ol>' + self._more_html()

    def _more_html(self) -> str:
        if self.left_out is None:
            return ""
        opening = say("progress.open_named_step")
        parts = "".join(f'<li>{html_text(what)}: <a href="{html_attr(workbook)}">'
                        f"{html_sentence(opening, title=html_text(title))}</a></li>"
                        for what, title, workbook in self.left_out.parts)
        more = html_text(say("progress.left_out.more_list", count=self.left_out.count))
        return (f'<div class="nr-next-more">{more}'
                f'<ul class="nr-list">{parts}</ul></div>')


class Headlines(kit.Section):
    """The handful of figures that sum up the search so far."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.grid = kit.html("")
        super().__init__("", "", [self.grid])
        self.add_class("nr-exercise-headlines")
        kit.listen(self, journal, WATCHED, lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from nextround.documents.report import headlines_html
        from nextround.store.headlines import headline_figures

        self.figures = headline_figures(self.journal)
        self.grid.value = headlines_html(self.figures)


class StepCharts(kit.Section):
    """The charts of all four steps, under one heading per step (`specs.on_progress`)."""

    def __init__(self, journal: Journal, picker: kit.ProcessPicker,
                 today: Callable[[], dt.date]):
        self.sections: list[kit.ChartSection] = []
        children: list[widgets.Widget] = []
        for step in specs.STEPS:
            shown = [spec for spec in specs.on_progress() if spec.step == step]
            if not shown:
                continue
            page = words()["steps"][step]
            children.append(kit.html(
                f'{html_text(page["title"])} <a class="nr-muted" href="{html_attr(page["workbook"])}">'
                f'{html_text(say("progress.open_step"))}</a>', "nr-step-title"))
            if any(spec.per_process for spec in shown):
                children.append(picker)
            section = kit.ChartSection(shown, journal, picker=picker, today=today)
            self.sections.append(section)
            children.append(section)
        super().__init__("", "", children)
        self.add_class("nr-exercise-progress-charts")

    @property
    def panels(self) -> list[kit.ChartPanel]:
        return [panel for section in self.sections for panel in section.panels]
