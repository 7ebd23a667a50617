"""Step 2 · A rejection isn't feedback — ask for it: the exercises of workbook 2.

The notebook shows one exercise per cell:

    step = AskForFeedback()
    step.header()        # notices and the process you want feedback on
    step.compose()       # who to ask, how, and a drafted message to copy, download or email
    step.follow_ups()    # every request with its status; due follow-ups first
    step.record()        # what they said, as points tagged with themes, each maybe an action
    step.charts()
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from nextround import specs
from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.ui.feedback.follow_ups import FollowUps
from nextround.ui.feedback.record import RecordFeedback
from nextround.ui.feedback.parts import CSS
from nextround.ui.feedback.compose import ComposeRequest
from nextround.words import say



class AskForFeedback(kit.Page):
    needs = kit.chart_needs("feedback")

    def __init__(self, journal: Journal | None = None, *, today: dt.date | None = None):
        super().__init__(journal)
        self.today = today
        self.picker = self.keep(kit.ProcessPicker(self.journal, allow_new=False))

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([
                kit.style_sheet(), kit.html(CSS, "nr-styles"), *kit.journal_notices(self.journal),
                kit.Section(say("feedback.page.which_process"),
                            say("feedback.page.which_process_purpose"), [self.picker])]))

    def compose(self) -> widgets.Widget:
        return self.shown("compose", lambda: ComposeRequest(self.journal, self.picker, today=self.today))

    def follow_ups(self) -> widgets.Widget:
        return self.shown("follow_ups", lambda: FollowUps(self.journal, today=self.today))

    def record(self) -> widgets.Widget:
        return self.shown("record", lambda: RecordFeedback(self.journal, self.picker, today=self.today))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: FeedbackCharts(self.journal))


# ------------------------------------------------------------------------ charts
class FeedbackCharts(kit.ChartSection):
    """Step 2's charts: request outcomes, reply times, feedback themes, the perception gap."""

    def __init__(self, journal: Journal):
        super().__init__(specs.for_step("feedback", "charts"), journal)
        self.add_class("nr-exercise-feedback-charts")
