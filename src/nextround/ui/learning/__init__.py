"""Step 4 · Keep learning and progressing: the exercises of workbook 4.

The notebook shows one exercise per cell:

    step = KeepLearning()
    step.header()          # notices and what is due
    step.questions()       # the question that surprised you, and a better STAR answer
    step.practice()        # a spaced-repetition deck of those questions
    step.learning_plan()   # SMART goals from takeaways, feedback and your own, with sessions
    step.stay_current()    # topics in your niche and dated notes
    step.charts()

`clock` (a function returning the current time, timezone-aware) is injectable so tests can
move through days without waiting for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround import specs
from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.ui.learning.current import StayCurrent
from nextround.ui.learning.plan import LearningPlan
from nextround.ui.learning.parts import Clock, _utc_now
from nextround.ui.learning.practice import DueToday, PracticeDeck
from nextround.ui.learning.questions import SurpriseQuestions


class KeepLearning(kit.Page):
    needs = kit.chart_needs("learning")

    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        super().__init__(journal)
        self.clock = clock or _utc_now

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), *kit.journal_notices(self.journal),
                             DueToday(self.journal, self.clock)]))

    def questions(self) -> widgets.Widget:
        return self.shown("questions", lambda: SurpriseQuestions(self.journal))

    def practice(self) -> widgets.Widget:
        return self.shown("practice", lambda: PracticeDeck(self.journal, self.clock))

    def learning_plan(self) -> widgets.Widget:
        return self.shown("learning_plan", lambda: LearningPlan(self.journal, self.today))

    def stay_current(self) -> widgets.Widget:
        return self.shown("stay_current", lambda: StayCurrent(self.journal, self.today))

    def charts(self) -> widgets.Widget:
        return self.shown("charts", lambda: LearningCharts(self.journal, self.today))


# ------------------------------------------------------------------------------- charts
class LearningCharts(kit.ChartSection):
    """Step 4's charts: goals against deadlines, practice confidence, activity by week."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        super().__init__(specs.for_step("learning", "charts"), journal, today=today)
        self.add_class("nr-exercise-learning-charts")
