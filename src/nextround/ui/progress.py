"""My progress: what to do next, where you stand, every step's charts, the report and the backup.

The notebook shows one part per cell:

    page = MyProgress()
    page.header()       # notices
    page.next_steps()   # follow-ups, practice and goals that are due, oldest first
    page.headlines()    # the figures that sum up the search so far
    page.charts()       # the charts of all four steps, as each step draws them
    page.downloads()    # the report (one HTML file) and the backup (one JSON file)

The charts are the steps' own chart sections, so a chart added to a step shows here and in
the report without any change to this page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround import frames
from nextround import next_steps as next_step_store
from nextround.journal import Journal, open_journal
from nextround.safe_text import html_attr, html_text
from nextround.ui import kit
from nextround.ui.downloads import BackupDownload, ReportDownload

Clock = Callable[[], dt.datetime]

# Tables whose changes can change what is due or a headline figure.
WATCHED = {"feedback_requests", "questions", "answer_versions", "practice_cards",
           "practice_reviews", "goals", "learning_sessions", "processes", "stages",
           "feedback_points", "upcoming_interviews", "preparations"}

STEP_TITLES = ("Step 1 · Review and reflect", "Step 2 · Ask for feedback",
               "Step 3 · It's not personal", "Step 4 · Keep learning")
STEP_WORKBOOKS = ("01_review_and_reflect.ipynb", "02_ask_for_feedback.ipynb",
                  "03_its_not_personal.ipynb", "04_keep_learning.ipynb")

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


class MyProgress:
    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        self.journal = journal or open_journal()
        self.clock = clock or _local_now
        self.picker = kit.ProcessPicker(self.journal, allow_new=False)
        self._charts: StepCharts | None = None

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    def header(self) -> widgets.Widget:
        return kit.VBox([kit.style_sheet(), kit.html(CSS, "nr-styles"),
                         *kit.journal_notices(self.journal)])

    def next_steps(self) -> widgets.Widget:
        return NextSteps(self.journal, self.clock)

    def headlines(self) -> widgets.Widget:
        return Headlines(self.journal, self.clock)

    def charts(self) -> widgets.Widget:
        if self._charts is None:
            self._charts = StepCharts(self.journal, self.picker, self.today)
        return self._charts

    def downloads(self) -> widgets.Widget:
        # The report reuses the charts on this page when they are shown, rather than
        # drawing every chart a second time.
        sections = self._charts.sections if self._charts is not None else None
        report = ReportDownload(self.journal, sections=sections)
        backup = BackupDownload(self.journal)
        section = kit.Section("", "", [
            kit.prompt("Your report: every chart and your own words in one web page"),
            kit.html("It opens in any browser, works offline and prints well: keep it, or send "
                     "it to your coach.", "nr-muted"),
            report,
            kit.prompt("Your backup: the whole journal in one file"),
            kit.html("Restore it in <i>Start here</i>, on this computer or another one. Keep "
                     "it somewhere private: it holds everything you wrote.", "nr-muted"),
            backup,
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
        journal.subscribe(lambda tables: self.refresh() if tables & WATCHED else None)
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
        for step in shown:
            css = ' class="nr-next-overdue"' if step.overdue else ""
            items.append(
                f"<li><span{css}>{html_text(step.title)}</span><br>"
                f'<span class="nr-muted">{html_text(step.detail)}</span> '
                f'<a href="{html_attr(step.workbook)}">Open the step</a></li>')
        self.list.value = f'<ol class="nr-list">{"".join(items)}</ol>' + self._more_html()

    def _more_html(self) -> str:
        if self.left_out is None:
            return ""
        parts = "".join(f'<li>{html_text(what)}: <a href="{html_attr(workbook)}">open '
                        f"{html_text(title)}</a></li>"
                        for what, title, workbook in self.left_out.parts)
        return (f'<div class="nr-next-more">{html_text(f"And {self.left_out.count} more:")}'
                f'<ul class="nr-list">{parts}</ul></div>')


class Headlines(kit.Section):
    """The handful of figures that sum up the search so far."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.grid = kit.html("")
        super().__init__("", "", [self.grid])
        self.add_class("nr-exercise-headlines")
        journal.subscribe(lambda tables: self.refresh() if tables & WATCHED else None)
        self.refresh()

    def refresh(self) -> None:
        from nextround.report import headline_figures, headlines_html

        self.figures = headline_figures(self.journal, self.clock())
        self.grid.value = headlines_html(self.figures)


def step_chart_sections(journal: Journal, picker: kit.ProcessPicker,
                        today: Callable[[], dt.date]) -> list[tuple[str, widgets.Widget]]:
    """Each step's own chart section, titled by its step."""
    from nextround.ui.feedback import FeedbackCharts
    from nextround.ui.fit import RightRoles
    from nextround.ui.learning import LearningCharts
    from nextround.ui.review import ReviewCharts

    return list(zip(STEP_TITLES, [
        ReviewCharts(journal, picker),
        FeedbackCharts(journal),
        kit.VBox([OutsideMyControl(journal), RightRoles(journal, picker)]),
        LearningCharts(journal, today),
    ]))


class OutsideMyControl(kit.ChartPanel):
    """Step 3's reasons chart for every process at once: how much was within my control."""

    def __init__(self, journal: Journal):
        self.journal = journal
        super().__init__("How much of it was mine?", self.build, journal,
                         {"reasons", "processes"})

    def build(self):
        from nextround.analysis import fit as analysis
        from nextround.charts.fit import control_chart

        data = frames.tables(self.journal, "reasons", "processes",
                             columns=analysis.control_columns())
        shares = analysis.control_shares(data["reasons"], data["processes"])
        if shares.empty:
            return None, analysis.control_summary(shares)
        return control_chart(shares), analysis.control_summary(shares)


class StepCharts(kit.Section):
    """The charts of all four steps, under one heading per step."""

    def __init__(self, journal: Journal, picker: kit.ProcessPicker,
                 today: Callable[[], dt.date]):
        self.sections = step_chart_sections(journal, picker, today)
        children: list[widgets.Widget] = []
        for (title, section), workbook in zip(self.sections, STEP_WORKBOOKS):
            children.append(kit.html(
                f'{html_text(title)} <a class="nr-muted" href="{html_attr(workbook)}">'
                "open the step</a>", "nr-step-title"))
            if title == STEP_TITLES[0]:
                children.append(picker)
            children.append(section)
        super().__init__("", "", children)
        self.add_class("nr-exercise-progress-charts")
