"""Before your next interview: log the interview coming up and work through its plan.

The notebook shows one part per cell:

    page = NextInterview()
    page.header()      # notices
    page.interview()   # the interview coming up: log it, or change it; the countdown
    page.research()    # the preparation checklist, the areas you usually skimp on first
    page.practice()    # the surprise questions due before the day, weakest recall first
    page.address()     # feedback themes named more than once, and what answers them
    page.fit()         # questions to ask them, and people you met before
    page.calendar()    # an .ics with the interview and the practice sessions
    page.log_it()      # afterwards: log it as a process in step 1
    page.people()      # everyone you met, with their history

Every part reads one shared plan (`PlanState`), rebuilt when the journal changes.
"""

from __future__ import annotations


import ipywidgets as widgets

from nextround.store.journal import Journal
from nextround.ui import kit
from nextround.ui.people import ContactsList
from nextround.ui.next_interview.plan_parts import Address, Fit, Practice, Research
from nextround.ui.next_interview.state import CSS, Clock, PlanState, _now
from nextround.ui.next_interview.after import CalendarFile, LogIt
from nextround.ui.next_interview.interview import InterviewForm


# ---------------------------------------------------------------------------------- page
class NextInterview(kit.Page):
    needs = ()  # no chart

    def __init__(self, journal: Journal | None = None, clock: Clock | None = None):
        super().__init__(journal)
        self.clock = clock or _now
        self.state = PlanState(self.journal, self.clock)
        self.when_closed(self.state.close)

    def header(self) -> widgets.Widget:
        return self.shown("header", lambda: kit.VBox([kit.style_sheet(), kit.html(CSS, "nr-styles"),
                             *kit.journal_notices(self.journal)]))

    def interview(self) -> widgets.Widget:
        return self.shown("interview", lambda: InterviewForm(self.state))

    def research(self) -> widgets.Widget:
        return self.shown("research", lambda: Research(self.state))

    def practice(self) -> widgets.Widget:
        return self.shown("practice", lambda: Practice(self.state))

    def address(self) -> widgets.Widget:
        return self.shown("address", lambda: Address(self.state))

    def fit(self) -> widgets.Widget:
        return self.shown("fit", lambda: Fit(self.state))

    def calendar(self) -> widgets.Widget:
        return self.shown("calendar", lambda: CalendarFile(self.state))

    def log_it(self) -> widgets.Widget:
        return self.shown("log_it", lambda: LogIt(self.state))

    def people(self) -> widgets.Widget:
        return self.shown("people", lambda: ContactsList(self.journal))
