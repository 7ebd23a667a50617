"""The calendar file with the interview and the practice sessions, and afterwards: log it in step 1."""

from __future__ import annotations


import ipywidgets as widgets

from nextround.store import upcoming as store
from nextround.safe_text import html_attr, html_text
from nextround.ui import kit
from nextround.ui.kit.downloads import DownloadLink
from nextround.ui.next_interview.state import _PlanPart, _w
from nextround.store.upcoming import times
from nextround.store.upcoming import calendar
from nextround.store.upcoming import planning
from nextround.words import say


# ------------------------------------------------------------------------------ calendar
class CalendarFile(_PlanPart):
    css_name = "interview-calendar"

    def signature(self, plan: planning.Plan) -> object:
        return len(plan.sessions)

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        count = len(plan.sessions)
        key = "calendar_one" if count == 1 else "calendar_many"
        self.button = kit.button(w["calendar_button"], style="primary")
        self.button.on_click(lambda _b: self.make())
        self.link = DownloadLink()
        self.status = kit.SaveStatus()
        return [kit.html(html_text(w[key].format(n=count)), "nr-muted"),
                kit.HBox([self.button, self.status]), self.link]

    def make(self) -> None:
        # Built when asked, from the plan as it is now.
        self.state.reload()
        plan = self.state.plan
        if plan is None:
            return
        try:
            data = calendar.calendar_ics(plan)
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.link.show(_w()["calendar_link"], calendar.calendar_file_name(plan.upcoming), data,
                       "text/calendar")


# -------------------------------------------------------------------------------- log it
class LogIt(_PlanPart):
    css_name = "log-it"

    def signature(self, plan: planning.Plan) -> object:
        return (sum(a.ticked for a in plan.areas), len(plan.areas))

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        ticked = sum(a.ticked for a in plan.areas)
        self.button = kit.button(w["log_button"], style="success")
        self.button.on_click(lambda _b: self.log())
        self.button.disabled = self.journal.read_only
        self.status = kit.SaveStatus()
        self.done = kit.html("")
        line = w["log_intro"].format(ticked=ticked, total=len(plan.areas))
        return [kit.html(html_text(line), "nr-muted"), kit.HBox([self.button, self.status]),
                self.done]

    def log(self) -> None:
        upcoming = self.state.upcoming
        if upcoming is None:
            return
        try:
            process = store.log_it(self.journal, upcoming, today=self.state.clock().astimezone(
                times.zone(upcoming)).date())
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        done = (html_text(_w()["logged"].format(company=process["company"] or ""))
                + f' <a href="{html_attr(say("steps.review.workbook"))}">'
                + html_text(_w()["logged_link"]) + "</a>")
        self.state.reload()
        # The part may have been rebuilt by the reload: say it where it is shown now.
        self.set_content([kit.notice(done)] + list(self.children[len(self._header):]))
