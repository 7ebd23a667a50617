"""The interview being prepared and its plan, shared by every part of the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from nextround.store import upcoming as store
from nextround.store.journal import Journal, Row
from nextround.safe_text import html_text
from nextround.ui import kit
from nextround.words import words
from nextround.store.upcoming import planning


Clock = Callable[[], dt.datetime]


# Tables whose changes can change the plan.
WATCHED = {"upcoming_interviews", "preparations", "questions", "answer_versions",
           "practice_cards", "practice_reviews", "feedback_points", "takeaways", "goals",
           "work_values", "target_roles", "contacts", "contact_links", "processes",
           "feedback_requests", "stages"}


CSS = """
<style>
.nr-countdown { font-size: 1.25em; font-weight: 600; margin: 6px 0; }
.nr-plan-weak { color: var(--jp-warn-color1, #a05a00); font-weight: 600; }
.nr-plan-item { margin: 6px 0; }
.nr-plan-list li { margin: 4px 0; }
</style>
"""


def _w() -> dict:
    return words()["next_interview"]["page"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PlanState:
    """The interview being prepared and its plan, shared by every part of the page."""

    def __init__(self, journal: Journal, clock: Clock):
        self.journal = journal
        self.clock = clock
        self.upcoming: Row | None = None
        self.plan: planning.Plan | None = None
        self._listeners: list[Callable[[], None]] = []
        chosen = store.next_one(journal)
        self.choose(chosen["id"] if chosen else None)
        self._unsubscribe = journal.subscribe(
            lambda tables: self.reload() if tables & WATCHED else None)

    def close(self) -> None:
        """Stop following the journal (the page that made this state closed)."""
        self._unsubscribe()
        self._listeners.clear()

    def on_change(self, owner: widgets.Widget, listener: Callable[[], None]) -> None:
        """Call `listener()` after the plan changes, for as long as `owner` lives."""
        self._listeners.append(listener)
        kit.when_closed(owner, lambda: self._listeners.remove(listener)
                        if listener in self._listeners else None)

    def choose(self, upcoming_id: int | None) -> None:
        self.upcoming = self.journal.get("upcoming_interviews", upcoming_id) if upcoming_id else None
        self._rebuild()

    def reload(self) -> None:
        current = self.upcoming["id"] if self.upcoming else None
        row = self.journal.get("upcoming_interviews", current) if current else None
        if row is None or row["status"] != store.UPCOMING:  # removed or logged meanwhile
            row = store.next_one(self.journal)
        self.upcoming = row
        self._rebuild()

    def _rebuild(self) -> None:
        self.plan = store.plan(self.journal, self.upcoming, self.clock()) if self.upcoming else None
        for listener in list(self._listeners):
            listener()


class _PlanPart(kit.Section):
    """One part of the plan; shows a kind line until an interview is logged."""

    css_name = ""

    def __init__(self, state: PlanState):
        self.state = state
        self.journal = state.journal
        self._shown: object = ()
        super().__init__("", "", [])
        self.add_class(f"nr-exercise-{self.css_name}")
        state.on_change(self, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        plan = self.state.plan
        # Rebuilt only when what it shows changed: a card being worked on stays put while
        # another part of the page saves.
        shown = (plan.upcoming["id"], self.signature(plan)) if plan is not None else None
        if shown == self._shown:
            return
        self._shown = shown
        if plan is None:
            self.set_content([kit.html(html_text(_w()["no_interview"]), "nr-muted")])
            return
        self.set_content(self.build(plan))

    def signature(self, plan: planning.Plan) -> object:
        """What this part shows of the plan (it is rebuilt when this changes)."""
        raise NotImplementedError

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        raise NotImplementedError


def _keep_option(dropdown: widgets.Dropdown, value) -> None:
    """A choice saved under other words stays shown as it was saved."""
    values = [v for _, v in dropdown.options] if dropdown.options and isinstance(
        dropdown.options[0], tuple) else list(dropdown.options)
    if value is not None and value not in values:
        dropdown.options = [*dropdown.options, (str(value), value)]
