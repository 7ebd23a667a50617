"""The learning plan: SMART goals with resources, a deadline, progress and a log of sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround.rules.states import GOAL_STATUSES
from nextround.safe_text import html_text
from nextround.store import goals as goal_store
from nextround.store.journal import Journal, Row
from nextround.ui import kit
from nextround.ui.kit.cards import CardList
from nextround.ui.learning.parts import _added_first, _disable, _remove_entry, _w
from nextround.words import say


# ------------------------------------------------------------------------ learning plan
class LearningPlan(kit.Section):
    """SMART goals from takeaways, feedback and your own, with resources, progress, sessions."""

    def __init__(self, journal: Journal, today: Callable[[], dt.date]):
        self.journal = journal
        self.today = today
        # Every takeaway and feedback action not yet adopted is a suggestion: hundreds, once
        # many processes are logged.
        self.suggestion_list = CardList(
            self._suggestion_row, key=lambda suggestion: suggestion,
            noun=(say("learning.plan.suggestion_one"), say("learning.plan.suggestion_many")),
            empty=say("learning.plan.no_suggestions"))
        self.own_title = kit.text_input(say("learning.plan.own_label"),
                                        say("learning.plan.own_placeholder"))
        self.own_button = kit.button(say("learning.plan.own_button"), style="primary")
        self.own_button.on_click(lambda _b: self.add_own())
        self.status = kit.SaveStatus()
        _disable(journal, self.own_button)
        self.goal_list = CardList(
            lambda goal: GoalCard(self.journal, goal, self.today, self.refresh),
            noun=(say("learning.plan.goal_one"), say("learning.plan.goal_many")),
            empty=say("learning.plan.no_goals"))
        self._added: list[int] = []  # goals added in this sitting, shown first
        super().__init__("", "", [
            kit.prompt(say("learning.plan.suggested_prompt")), self.suggestion_list,
            self.own_title, kit.HBox([self.own_button, self.status]),
            kit.prompt(say("learning.plan.goals_prompt")), self.goal_list,
        ])
        self.add_class("nr-exercise-plan")
        kit.listen(self, journal, None, self._journal_changed)
        self.refresh()

    def _journal_changed(self, tables: set[str]) -> None:
        # Takeaways and feedback are written in other steps (or another tab of this one).
        if tables & {"takeaways", "feedback_points"}:
            self.refresh_suggestions()

    @property
    def cards(self) -> dict[int, GoalCard]:
        """The goal cards built so far, goal id → card."""
        return self.goal_list.cards

    @property
    def suggestion_buttons(self) -> list[widgets.Button]:
        return [row.children[0] for row in self.suggestion_list.cards.values()]

    def refresh(self) -> None:
        self.refresh_suggestions()
        self.goal_list.flush()  # what is typed reaches the journal before it is read again
        self.goal_list.show(_added_first(goal_store.all_goals(self.journal), self._added))

    def refresh_suggestions(self) -> None:
        self.suggestion_list.show(goal_store.suggestions(self.journal))

    def _suggestion_row(self, suggestion: goal_store.Suggestion) -> widgets.Widget:
        adopt = kit.button(say("learning.plan.adopt_button"))
        adopt.on_click(lambda _b: self.adopt(suggestion))
        _disable(self.journal, adopt)
        return kit.HBox([adopt, kit.html(
            f'<span class="nr-muted">{html_text(suggestion.origin)}:</span> '
            f'{html_text(suggestion.text)}')], layout=kit.layout(align_items="center"))

    def adopt(self, suggestion: goal_store.Suggestion) -> None:
        goal = kit.save_with(self.status, lambda: goal_store.adopt(self.journal, suggestion,
                                                            self.today()))
        if goal is not None:
            self._added.append(goal["id"])
            self.refresh()

    def add_own(self) -> None:
        goal = kit.save_with(self.status, lambda: goal_store.add_goal(
            self.journal, self.own_title.value, self.today()))
        if goal is not None:
            self.own_title.value = ""
            self._added.append(goal["id"])
            self.refresh()


class GoalCard(kit.VBox):
    def __init__(self, journal: Journal, goal: Row, today: Callable[[], dt.date],
                 on_removed: Callable[[], None]):
        self.journal = journal
        self.today = today
        w = _w()
        self.fields = {
            "title": kit.text_input(say("learning.plan.title_label")),
            "specific": kit.text_input(say("learning.plan.specific_label"), w["specific_prompt"]),
            "measure": kit.text_input(say("learning.plan.measure_label"), w["measure_prompt"]),
            "deadline": kit.date_input(say("learning.plan.deadline_label")),
            "resources": kit.text_input(say("learning.plan.resources_label"),
                                        w["resources_prompt"], multiline=True, rows=2),
            "progress": widgets.IntSlider(description=say("learning.plan.progress_label"),
                                          min=0, max=100, step=5,
                                          style=kit.label_style(widgets.IntSlider),
                                          layout=kit.layout(width="min(100%, 34rem)")),
            "status": widgets.Dropdown(
                description=say("learning.plan.status_label"),
                options=list(zip(w["goal_status_labels"], GOAL_STATUSES)),
                style=kit.label_style(), layout=kit.layout()),
        }
        self.gaps = kit.html("")
        self.form = kit.RowForm(journal, "goals", self.fields, on_saved=self._show_gaps)
        self.form.load(goal)
        self._show_gaps(goal)
        origin = (say("learning.plan.from_takeaway") if goal["source"] == goal_store.TAKEAWAY
                  else say("learning.plan.from_feedback") if goal["source"] == goal_store.FEEDBACK
                  else say("learning.plan.from_own"))
        self.session_day = kit.date_input(say("learning.plan.session_day"))
        self.session_day.value = today()
        self.session_minutes = widgets.BoundedIntText(
            description=say("learning.plan.session_minutes_label"), min=0,
            max=goal_store.MAX_SESSION_MINUTES, value=30,
            style=kit.label_style(widgets.BoundedIntText),
            layout=kit.layout(width="min(100%, 20rem)"))
        self.session_note = kit.text_input(say("learning.plan.session_note_label"),
                                           say("learning.plan.session_note_placeholder"))
        self.log_button = kit.button(say("learning.plan.log_button"), style="primary")
        self.log_button.on_click(lambda _b: self.log_session())
        self.session_status = kit.SaveStatus()
        self.session_list = kit.html("")
        self._show_sessions()
        self.remove = kit.ConfirmButton(say("learning.plan.remove_button"),
                                        say("learning.plan.remove_question"),
                                        lambda: self._remove(on_removed))
        self.remove.disabled = journal.read_only
        _disable(journal, self.log_button)
        super().__init__([
            kit.html(html_text(origin), "nr-muted"), *self.fields.values(), self.form.status,
            self.gaps, kit.prompt(say("learning.plan.sessions_prompt")), self.session_list,
            self.session_day,
            self.session_minutes, self.session_note,
            kit.HBox([self.log_button, self.session_status]), self.remove,
        ])
        self.add_class("nr-card")
        self.add_class("nr-goal-card")

    def flush(self) -> None:
        self.form.flush()

    def _show_gaps(self, goal: Row) -> None:
        gaps = goal_store.smart_gaps(goal)
        said = say("learning.plan.smart_gaps", gaps=", ".join(gaps)) if gaps else ""
        self.gaps.value = f'<span class="nr-muted">{html_text(said)}</span>' if gaps else ""

    def log_session(self) -> None:
        row = kit.save_with(self.session_status, lambda: goal_store.log_session(
            self.journal, self.form.row["id"], self.session_day.value,
            self.session_minutes.value, self.session_note.value))
        if row is not None:
            self.session_note.value = ""
            self._show_sessions()

    def _show_sessions(self) -> None:
        rows = goal_store.sessions(self.journal, self.form.row["id"])
        if not rows:
            empty = html_text(say("learning.plan.no_sessions"))
            self.session_list.value = f'<span class="nr-muted">{empty}</span>'
            return
        total = sum(r["minutes"] or 0 for r in rows)
        items = "".join(
            f"<li>{html_text(r['held_on'] or '')}: "
            + html_text(say("learning.plan.session_minutes_spent", minutes=r["minutes"]))
            + (f" — {html_text(r['note'])}" if r["note"] else "") + "</li>"
            for r in rows)
        count = len(rows)
        said = (say("learning.plan.sessions_one", count=count, minutes=total) if count == 1 else
                say("learning.plan.sessions_many", count=count, minutes=total))
        self.session_list.value = (f"<div>{html_text(said)}</div>"
                                   f'<ul class="nr-list">{items}</ul>')

    def _remove(self, on_removed: Callable[[], None]) -> None:
        _remove_entry(self, "goals", goal_store.remove_goal, on_removed)
